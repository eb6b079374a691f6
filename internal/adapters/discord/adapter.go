// Package discord answers questions about the article on Discord: when the
// bot is mentioned or sent a direct message, through the /ask command, and
// through "did you mean" buttons.
//
// It translates Discord events into plain questions, puts them to the
// engine through an ask.Asker (the rate limit, the conversations and what
// is recorded of each question, shared with the other chat adapters), and
// renders the answers as embeds. It imports the answers domain, the ask
// flow and the discordgo SDK, never another adapter or cmd/bot.
package discord

import (
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/articlebot/articlebot/internal/adapters/ask"
	"github.com/articlebot/articlebot/internal/answers"
	"github.com/articlebot/articlebot/internal/field"
	"github.com/articlebot/articlebot/internal/waitgroup"
)

// DefaultAPIURL is Discord's own API.
const DefaultAPIURL = "https://discord.com/"

// Config configures the Discord adapter. The program that runs it fills
// it; the adapter never reads the environment or a file itself.
type Config struct {
	// Token is the bot token, with or without the "Bot " prefix.
	Token string
	// APIURL is the base URL of the Discord API. Point it at a
	// Discord-compatible server (or a test fake) to run elsewhere.
	APIURL string
	// GuildID registers /ask in that guild only, where updates show at once;
	// empty registers it globally.
	GuildID string
	// Ephemeral makes /ask replies visible only to the user who asked.
	Ephemeral bool
	// Prefix, when set (e.g. "!ask"), also answers messages starting with it.
	// It requests the privileged Message Content intent.
	Prefix string
	// ShardID and ShardCount split the bot's guilds across processes;
	// 0 and 1 mean one process serves all guilds.
	ShardID, ShardCount int
}

// DefaultConfig is the configuration with nothing set but the token:
// Discord's own API, /ask everywhere, one shard.
func DefaultConfig() Config {
	return Config{APIURL: DefaultAPIURL, ShardCount: 1}
}

// normalised is c as the adapter uses it: the token without "Bot ", the
// prefix without surrounding space, the API URL ending in a slash.
func (c Config) normalised() Config {
	c.Token = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(c.Token), "Bot "))
	c.Prefix = strings.TrimSpace(c.Prefix)
	if !strings.HasSuffix(c.APIURL, "/") {
		c.APIURL += "/"
	}
	return c
}

// Validate reports every field that would stop New, as *field.Error
// values, except a missing token: a configuration may be checked before it
// is known whether Discord is to run.
func (c Config) Validate() error {
	n := c.normalised()
	var errs []error
	if strings.ContainsAny(n.Token, " \t\r\n") {
		errs = append(errs, field.Errorf("Token", "contains white space"))
	}
	if u, err := url.Parse(n.APIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, field.Errorf("APIURL", "%q is not an http(s) URL", c.APIURL))
	}
	if c.GuildID != "" && !isSnowflake(c.GuildID) {
		errs = append(errs, field.Errorf("GuildID", "%q is not a Discord ID", c.GuildID))
	}
	if strings.ContainsAny(n.Prefix, " \t\r\n") {
		errs = append(errs, field.Errorf("Prefix", "%q contains white space", c.Prefix))
	}
	switch {
	case c.ShardCount < 1:
		errs = append(errs, field.Errorf("ShardCount", "%d must be at least 1", c.ShardCount))
	case c.ShardID < 0 || c.ShardID >= c.ShardCount:
		errs = append(errs, field.Errorf("ShardID", "%d must be in [0, %d), below the number of shards", c.ShardID, c.ShardCount))
	}
	return errors.Join(errs...)
}

func isSnowflake(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// identity is who the bot is on Discord, known after Ready.
type identity struct {
	userID string
	appID  string
}

// Adapter is a Discord bot answering questions about one article.
type Adapter struct {
	cfg     Config
	asker   *ask.Asker
	article answers.ArticleInfo
	log     *slog.Logger

	// seen holds the ids of recent messages and interactions, so that one
	// Discord delivers twice is answered once.
	seen *seenIDs

	// Waits that tests shorten: how long an interaction waits for the
	// engine before deferring, how long Run waits for replies in flight
	// when it stops, and the first pause between connection attempts.
	deferAfter  time.Duration
	handlerWait time.Duration
	minBackoff  time.Duration

	// tlsConfig is nil in production; tests set it to trust a local server.
	tlsConfig *tls.Config
	// tokenAppID is the application ID read from the token, used by
	// inviteURL until Ready tells the real one.
	tokenAppID string

	self atomic.Pointer[identity]
	// notReady is "" while the bot is connected to the gateway, and
	// otherwise says why it is not.
	notReady   atomic.Pointer[string]
	reconnects atomic.Uint64
	started    atomic.Bool
}

// New validates cfg and returns an Adapter that puts questions through asker
// and renders the answers about article. It does not connect; Run does. A
// nil logger discards logs.
func New(cfg Config, asker *ask.Asker, article answers.ArticleInfo, logger *slog.Logger) (*Adapter, error) {
	cfg = cfg.normalised()
	errs := []error{cfg.Validate()}
	if cfg.Token == "" {
		errs = append(errs, field.Errorf("Token", "is empty"))
	}
	if asker == nil {
		errs = append(errs, errors.New("no asker"))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("discord: invalid config: %w", err)
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	logger = logger.With("adapter", "discord")
	a := &Adapter{
		cfg:         cfg,
		asker:       asker,
		article:     article,
		log:         logger,
		seen:        newSeenIDs(),
		deferAfter:  defaultDeferAfter,
		handlerWait: defaultHandlerWait,
		minBackoff:  defaultMinBackoff,
		tokenAppID:  appIDFromToken(cfg.Token),
	}
	a.setNotReady("not started")
	return a, nil
}

// appIDFromToken decodes the bot's user ID from the first part of its
// token. For applications created since 2020 (and most older ones) it equals
// the application ID. It returns "" if the token does not look like one.
func appIDFromToken(token string) string {
	first, _, _ := strings.Cut(token, ".")
	id, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(first, "="))
	if err != nil || !isSnowflake(string(id)) {
		return ""
	}
	return string(id)
}

// intents are the gateway intents the bot asks for: guild and direct
// messages (enough to see mentions and DMs, whose content Discord always
// sends), plus the privileged Message Content intent in prefix mode.
func (a *Adapter) intents() discordgo.Intent {
	in := discordgo.IntentGuildMessages | discordgo.IntentDirectMessages
	if a.cfg.Prefix != "" {
		in |= discordgo.IntentMessageContent
	}
	return in
}

// Permissions the bot needs in a channel: see it, send replies (also in
// threads), show embeds, and reply to a message (which needs history).
// Slash command and button responses need no permission.
const invitePermissions = discordgo.PermissionViewChannel |
	discordgo.PermissionSendMessages |
	discordgo.PermissionSendMessagesInThreads |
	discordgo.PermissionEmbedLinks |
	discordgo.PermissionReadMessageHistory

// inviteURL returns the OAuth2 URL that adds the bot to a server with
// exactly the permissions it needs and the applications.commands scope. The
// application ID comes from Ready once connected and from the token before;
// inviteURL returns "" if neither is known yet.
func (a *Adapter) inviteURL() string {
	appID := a.tokenAppID
	if id := a.self.Load(); id != nil && id.appID != "" {
		appID = id.appID
	}
	if appID == "" {
		return ""
	}
	q := url.Values{
		"client_id":   {appID},
		"permissions": {fmt.Sprint(invitePermissions)},
		"scope":       {"bot applications.commands"},
	}
	return a.cfg.APIURL + "oauth2/authorize?" + q.Encode()
}

// logInvite is the message of the log line giving the invite URL.
const logInvite = "invite the bot to a server with this URL"

// Ready reports whether the bot is connected to the gateway now, and if not,
// why: it has not started, is connecting, cannot reach the gateway (and
// when it tries again), lost the connection, or has stopped.
func (a *Adapter) Ready() (ok bool, why string) {
	why = *a.notReady.Load()
	return why == "", why
}

func (a *Adapter) setNotReady(why string) { a.notReady.Store(&why) }

// Reconnects returns how many times the bot has reconnected to the gateway.
func (a *Adapter) Reconnects() uint64 { return a.reconnects.Load() }

// Run connects to the gateway, registers /ask once Discord says Ready, and
// answers until ctx is done, then closes the connection, lets replies already
// being sent finish (for at most 3 s) and returns nil.
//
// While the gateway cannot be reached, at start-up or after a drop, Run
// tries again with growing pauses, and Ready says why the bot is not
// connected. It returns an error only when trying again cannot help: Discord
// refused the token, or closed the gateway with a fatal code (the error wraps
// ErrFatalClose). Its errors do not name the platform; the caller does. Run
// may be called once.
func (a *Adapter) Run(ctx context.Context) error {
	if !a.started.CompareAndSwap(false, true) {
		return errors.New("Run called twice")
	}
	s, err := discordgo.New("Bot " + a.cfg.Token)
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	s.Client = &http.Client{Timeout: 20 * time.Second, Transport: newRewriteTransport(a.cfg.APIURL)}
	var watcher closeWatcher
	s.Dialer = watcher.dialer(a.tlsConfig)
	// discordgo would reconnect forever, even after a fatal close; Run
	// reconnects itself after checking the close code.
	s.ShouldReconnectOnError = false
	s.StateEnabled = false // the bot needs no cache of guilds and members
	s.Identify.Intents = a.intents()
	s.ShardID, s.ShardCount = a.cfg.ShardID, a.cfg.ShardCount

	// Message and interaction handlers reply with replyCtx, which ctx's
	// cancellation does not reach (replyTimeout still bounds each request),
	// and Run waits for them before it returns: a reply being sent at
	// shutdown goes out. Whatever ends Run, handlers still running after
	// handlerWait are given up and their requests cancelled.
	replyCtx, stopReplies := context.WithCancel(context.WithoutCancel(ctx))
	var handlers inflight
	defer func() {
		if !handlers.wait(a.handlerWait) {
			a.log.Warn("gave up waiting for replies in flight", "waited", a.handlerWait)
		}
		stopReplies()
	}()

	drops := make(chan struct{}, 1)
	for _, remove := range []func(){
		s.AddHandler(func(s *discordgo.Session, r *discordgo.Ready) { a.onReady(ctx, s, r) }),
		s.AddHandler(func(*discordgo.Session, *discordgo.Resumed) {
			a.setNotReady("")
			a.log.Info("gateway session resumed")
		}),
		s.AddHandler(func(*discordgo.Session, *discordgo.Disconnect) {
			a.setNotReady("gateway connection lost")
			select {
			case drops <- struct{}{}:
			default:
			}
		}),
		s.AddHandler(func(s *discordgo.Session, m *discordgo.MessageCreate) {
			handlers.run(func() { a.handleMessage(replyCtx, s, selfOf(s), m.Message) })
		}),
		s.AddHandler(func(s *discordgo.Session, i *discordgo.InteractionCreate) {
			handlers.run(func() { a.handleInteraction(replyCtx, s, i.Interaction) })
		}),
	} {
		defer remove()
	}

	if u := a.inviteURL(); u != "" {
		a.log.Info(logInvite, "url", u)
	} else {
		a.log.Info("the invite URL will be logged once connected: " +
			"the token does not start with the bot's id, as Discord's tokens do")
	}
	a.log.Info("connecting to the gateway", "intents", int(s.Identify.Intents),
		"shard", a.cfg.ShardID, "shards", a.cfg.ShardCount)
	a.setNotReady("connecting to the gateway")
	if _, err := a.connect(ctx, s, &watcher); err != nil {
		return a.stopped(err)
	}
	for {
		select {
		case <-ctx.Done():
			a.setNotReady("shutting down")
			handlers.stop() // starts the handlerWait clock; closing takes a second of it
			if err := s.Close(); err != nil {
				a.log.Warn("closing the gateway", "err", err)
			}
			a.log.Info("disconnected")
			return nil
		case <-drops:
			if ctx.Err() != nil {
				continue
			}
			code := watcher.last()
			if err := fatalClose(code); err != nil {
				return a.stopped(err)
			}
			a.log.Warn("gateway connection lost, reconnecting", "close_code", code)
			opened, err := a.connect(ctx, s, &watcher)
			if err != nil {
				return a.stopped(err)
			}
			if opened {
				n := a.reconnects.Add(1)
				a.log.Info("reconnected to the gateway", "reconnects", n)
			}
		}
	}
}

// stopped records that Run stops with err, and returns err.
func (a *Adapter) stopped(err error) error {
	a.setNotReady("stopped: " + err.Error())
	return err
}

// Defaults for the waits tests shorten. handlerWait bounds how long Run
// waits for replies in flight once it is stopping, counted from when it
// began to stop (closing the gateway takes a second of it); cmd/bot allows
// 5 s for the whole shutdown. Connection attempts pause from
// defaultMinBackoff, doubling up to maxBackoff.
const (
	defaultHandlerWait = 3 * time.Second
	defaultMinBackoff  = time.Second
	maxBackoff         = 2 * time.Minute
)

// inflight tracks the message and interaction handlers that are running, so
// Run can wait for their replies. Once stopped it starts no new handler, so
// the WaitGroup is never added to while Run waits on it.
type inflight struct {
	mu      sync.Mutex
	stopped time.Time // zero until stop
	wg      sync.WaitGroup
}

// run calls f and tracks it until it returns, unless g was stopped, when
// the event is dropped: the bot is shutting down.
func (g *inflight) run(f func()) {
	g.mu.Lock()
	if !g.stopped.IsZero() {
		g.mu.Unlock()
		return
	}
	g.wg.Add(1)
	g.mu.Unlock()
	defer g.wg.Done()
	f()
}

// stop makes run drop new events. The first call starts the clock for wait.
func (g *inflight) stop() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.stopped.IsZero() {
		g.stopped = time.Now()
	}
}

// wait stops g and waits until the running handlers have returned or limit
// has passed since g was first stopped. It reports whether they all returned.
func (g *inflight) wait(limit time.Duration) bool {
	g.stop()
	g.mu.Lock()
	ctx, cancel := context.WithDeadline(context.Background(), g.stopped.Add(limit))
	g.mu.Unlock()
	defer cancel()
	return waitgroup.Wait(ctx, &g.wg) == nil
}

// connect opens the gateway (after a drop discordgo resumes the session)
// until it works, ctx is done, or the error says trying again cannot help,
// which it returns. Between attempts it pauses, twice as long each time,
// and Ready tells why the bot is not connected. opened is false if no
// connection was opened: ctx is done, or a second drop signal came for a
// connection already replaced.
func (a *Adapter) connect(ctx context.Context, s *discordgo.Session, w *closeWatcher) (opened bool, _ error) {
	wait := a.minBackoff
	for ctx.Err() == nil {
		err := s.Open()
		switch {
		case err == nil:
			return true, nil
		case errors.Is(err, discordgo.ErrWSAlreadyOpen):
			a.setNotReady("")
			return false, nil
		}
		fatal, err := a.openError(err, w)
		if fatal {
			return false, err
		}
		a.setNotReady(fmt.Sprintf("cannot reach the gateway, trying again in %v: %v", wait, err))
		a.log.Warn("connecting to the gateway failed", "err", err, "retry_in", wait)
		select {
		case <-ctx.Done():
		case <-time.After(wait):
		}
		wait = min(wait*2, maxBackoff)
	}
	return false, nil
}

// openError reports whether opening the gateway failed for good (a fatal
// close code, or Discord refusing the token) and explains why it failed.
func (a *Adapter) openError(err error, w *closeWatcher) (fatal bool, _ error) {
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		if err := fatalClose(ce.Code); err != nil {
			return true, err
		}
	}
	if err := fatalClose(w.last()); err != nil {
		return true, err
	}
	err = a.apiError(err)
	if httpStatus(err) == http.StatusUnauthorized {
		return true, fmt.Errorf("%w: %w", ErrTokenRefused, err)
	}
	return false, fmt.Errorf("open gateway: %w", err)
}

// onReady records who the bot is and registers /ask.
func (a *Adapter) onReady(ctx context.Context, api discordAPI, r *discordgo.Ready) {
	id := identity{}
	if r.User != nil {
		id.userID = r.User.ID
	}
	if r.Application != nil {
		id.appID = r.Application.ID
	}
	if id.appID == "" {
		id.appID = id.userID
	}
	first := a.self.Swap(&id) == nil
	a.setNotReady("")
	a.log.Info("connected", "bot_user_id", id.userID, "application_id", id.appID)
	if !first { // a later Ready is a new session of the same bot; /ask is there already
		return
	}
	if u := a.inviteURL(); id.appID != a.tokenAppID && u != "" { // else logged at start
		a.log.Info(logInvite, "url", u)
	}
	a.registerCommands(ctx, api, id.appID)
}

// selfOf returns the bot's identity as discordgo recorded it from Ready.
// discordgo stores Ready before it dispatches any later event, so this is
// set for every message the bot receives.
func selfOf(s *discordgo.Session) identity {
	s.State.RLock()
	defer s.State.RUnlock()
	id := identity{}
	if s.State.User != nil {
		id.userID = s.State.User.ID
	}
	if s.State.Application != nil {
		id.appID = s.State.Application.ID
	}
	return id
}

// apiError makes err, from a discordgo call, name the URL the request went
// to, with no interaction or webhook token in it. discordgo builds every URL
// on https://discord.com/ and the transport moves the request, so the http
// client's errors would name Discord whatever Config.APIURL says, and discordgo's
// REST errors name no URL at all.
func (a *Adapter) apiError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		ue.URL = a.shownURL(ue.URL) // made for this one request, held by nobody else
		return err
	}
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Request != nil {
		return fmt.Errorf("%s %s: %w", re.Request.Method, a.shownURL(re.Request.URL.String()), err)
	}
	return err
}

// shownURL is u, a URL discordgo built, as the request really went out: on
// the configured API, and with the token of an interaction or webhook
// (which lets its holder post in the bot's name) replaced by "<token>".
func (a *Adapter) shownURL(u string) string {
	rest, ok := strings.CutPrefix(u, DefaultAPIURL)
	if !ok {
		return u
	}
	parts := strings.Split(rest, "/") // api, v9, then e.g. interactions, id, token, callback
	for i := 0; i+2 < len(parts); i++ {
		if parts[i] == "interactions" || parts[i] == "webhooks" {
			parts[i+2] = "<token>"
			break
		}
	}
	return a.cfg.APIURL + strings.Join(parts, "/")
}

// httpStatus is the status Discord answered with when err is a REST error,
// else 0.
func httpStatus(err error) int {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil {
		return re.Response.StatusCode
	}
	return 0
}

// rewriteTransport sends discordgo's requests for https://discord.com/ to
// another base URL, so the real client can talk to a compatible server or a
// test fake without touching discordgo's package-level endpoint variables.
type rewriteTransport struct {
	base *url.URL
	next http.RoundTripper
}

// newRewriteTransport returns the transport for apiURL: the default one for
// Discord itself, a rewriting one otherwise.
func newRewriteTransport(apiURL string) http.RoundTripper {
	next := http.DefaultTransport
	if apiURL == DefaultAPIURL {
		return next
	}
	base, _ := url.Parse(apiURL) // validated in New
	return &rewriteTransport{base: base, next: next}
}

func (t *rewriteTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Host != "discord.com" {
		return t.next.RoundTrip(req)
	}
	r := req.Clone(req.Context())
	prefix := strings.TrimSuffix(t.base.Path, "/")
	r.URL.Scheme = t.base.Scheme
	r.URL.Host = t.base.Host
	r.URL.Path = prefix + req.URL.Path
	if req.URL.RawPath != "" {
		r.URL.RawPath = prefix + req.URL.RawPath
	}
	r.Host = ""
	return t.next.RoundTrip(r)
}
