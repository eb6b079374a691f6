// Package slack lets Slack users ask the article bot questions with the
// slash command the Slack app was created with, e.g. "/ask who wrote it?".
//
// It serves two transports that share one reply path:
//   - HTTP, where Slack calls us: slash commands at POST /slack/commands and
//     button clicks at POST /slack/interactive, each request signed with the
//     app's signing secret (handler.go, sign.go);
//   - Socket Mode, where we dial Slack over a WebSocket with an app-level token
//     and acknowledge each envelope with the reply (socketmode.go).
//
// Replies are Block Kit messages built in format.go; every piece of user or
// article text is escaped there so nothing can ping anyone or render markup.
//
// Each user (per workspace) may ask as often as the rate limit of the
// ask.Asker it is given allows, button clicks and help included; the
// Asker also keeps the conversations and records every question, as it
// does for the other chat adapters.
//
// The package turns Slack payloads into plain questions for the engine and the
// engine's answers.Answer back into Slack messages. It must not be imported by
// internal/answers, and it must not import the other adapters (ask is not
// one: it is the flow they share).
package slack

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/articlebot/articlebot/internal/adapters/ask"
	"github.com/articlebot/articlebot/internal/answers"
	"github.com/articlebot/articlebot/internal/field"
	"golang.org/x/time/rate"
)

// ErrConfig is wrapped by every configuration error New and RunSocketMode return.
var ErrConfig = errors.New("slack adapter config")

// Limits Slack imposes (or we impose) on requests and replies.
const (
	maxBodyBytes     = 64 << 10         // largest request body we read
	signatureWindow  = 5 * time.Minute  // Slack's documented replay window
	webhookTimeout   = 10 * time.Second // posting to a response_url
	maxCommandLength = 32               // Slack's limit on a slash command name
)

// rejectionLogEvery bounds the log lines about rejected signatures to one
// per interval: anyone can send such requests, and the log must not grow
// with them. Each line counts the rejections since the one before.
const rejectionLogEvery = time.Minute

// Config configures the adapter. The program that runs it fills it; the
// adapter never reads the environment or a file itself.
type Config struct {
	// Command is the slash command, as created in the Slack app: "/" and
	// one word. It has no default: it is the app's, not the adapter's.
	Command string
	// SigningSecret verifies HTTP requests. Without it every HTTP request
	// is rejected with 401.
	SigningSecret string
	// BotToken ("xoxb-...") and AppToken ("xapp-...") enable Socket Mode.
	BotToken string
	AppToken string
	// ShareKeyword, as the first word of the command text, posts the answer
	// to the channel: "/ask share QUESTION". Empty turns it off.
	ShareKeyword string
	// InChannel posts every answer to the channel; by default answers are
	// ephemeral (only the asker sees them). Help is always ephemeral.
	InChannel bool
	// APIURL overrides Slack's Web API base URL (tests point it at slacktest).
	APIURL string
	// Now is the clock used for signature timestamps; nil means time.Now.
	Now func() time.Time
}

// DefaultConfig is the configuration with nothing set: answers only the
// asker sees, and "share" to post one to the channel.
func DefaultConfig() Config {
	return Config{ShareKeyword: "share"}
}

// Validate reports every field that would stop New, as *field.Error
// values, except the lack of credentials: a configuration may be checked
// before it is known whether Slack is to run.
func (c Config) Validate() error {
	var errs []error
	if !strings.HasPrefix(c.Command, "/") || len(c.Command) < 2 ||
		len(c.Command) > maxCommandLength || strings.ContainsAny(c.Command, " \t\r\n") {
		errs = append(errs, field.Errorf("Command", "%q must be \"/\" and a single word of at most %d characters",
			c.Command, maxCommandLength))
	}
	if strings.ContainsAny(c.ShareKeyword, " \t\r\n") {
		errs = append(errs, field.Errorf("ShareKeyword", "%q must be a single word", c.ShareKeyword))
	}
	if c.BotToken != "" || c.AppToken != "" {
		errs = append(errs, c.checkTokens())
	}
	if c.APIURL != "" {
		if u, err := url.Parse(c.APIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, field.Errorf("APIURL", "%q is not an http(s) URL", c.APIURL))
		}
	}
	return errors.Join(errs...)
}

// HTTP reports whether c serves Slack's HTTP calls: it has a signing secret.
func (c Config) HTTP() bool { return c.SigningSecret != "" }

// SocketMode reports whether c dials Slack over Socket Mode: it has both
// tokens.
func (c Config) SocketMode() bool { return c.BotToken != "" && c.AppToken != "" }

// checkTokens reports whether both Socket Mode tokens are present and of
// the right kind. Token values never appear in the error.
func (c Config) checkTokens() error {
	var errs []error
	if !strings.HasPrefix(c.BotToken, "xoxb-") {
		errs = append(errs, field.Errorf("BotToken", "must be a bot token (xoxb-...): Socket Mode needs one"))
	}
	if !strings.HasPrefix(c.AppToken, "xapp-") {
		errs = append(errs, field.Errorf("AppToken", "must be an app-level token (xapp-...): Socket Mode needs one"))
	}
	return errors.Join(errs...)
}

// Adapter answers Slack slash commands and button clicks with the engine.
// It is safe for concurrent use.
type Adapter struct {
	cfg     Config
	asker   *ask.Asker
	article answers.ArticleInfo
	log     *slog.Logger
	// webhook posts replies to response_url after a button click.
	webhook *http.Client
	// posts tracks those posts for HTTP clicks, so Wait can let them finish.
	// (Socket Mode tracks its own and waits for them in RunSocketMode.)
	posts sync.WaitGroup

	signatureFailures atomic.Uint64
	rejectionLog      *rate.Limiter // one log line per rejectionLogEvery
	unloggedRejects   atomic.Uint64 // rejections since the last log line
	connected         atomic.Bool   // Socket Mode: hello received, not yet dropped
}

// New checks cfg and returns an adapter that puts questions through asker
// and renders the answers about article. A nil logger discards logs. HTTP
// mode needs cfg.SigningSecret and Socket Mode needs both tokens; at least
// one mode must be configured.
func New(cfg Config, asker *ask.Asker, article answers.ArticleInfo, logger *slog.Logger) (*Adapter, error) {
	errs := []error{cfg.Validate()}
	if asker == nil {
		errs = append(errs, errors.New("no asker"))
	}
	if !cfg.HTTP() && cfg.BotToken == "" && cfg.AppToken == "" {
		errs = append(errs, errors.New("no credentials: a signing secret (HTTP) or a bot token and an app token (Socket Mode)"))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	// slack-go appends method names ("apps.connections.open") to the base.
	if cfg.APIURL != "" && !strings.HasSuffix(cfg.APIURL, "/") {
		cfg.APIURL += "/"
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Adapter{
		cfg:          cfg,
		asker:        asker,
		article:      article,
		log:          logger.With("adapter", "slack"),
		webhook:      &http.Client{Timeout: webhookTimeout},
		rejectionLog: rate.NewLimiter(rate.Every(rejectionLogEvery), 1),
	}, nil
}

// SignatureFailures reports how many HTTP requests were rejected because
// their signature headers were missing, stale or wrong.
func (a *Adapter) SignatureFailures() uint64 {
	return a.signatureFailures.Load()
}
