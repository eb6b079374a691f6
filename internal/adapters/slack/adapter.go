// Package slack lets Slack users ask the article bot questions with a slash
// command, e.g. "/nato who is stoltenberg?".
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
// Each user (per workspace) may ask Config.RateLimit questions per
// Config.RateWindow, button clicks and help included; the limiter is
// internal/ratelimit, shared with the other chat adapters.
//
// The package turns Slack payloads into plain questions for the engine and the
// engine's answers.Answer back into Slack messages. It must not be imported by
// internal/answers, and it must not import the other adapters.
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

	"github.com/articlebot/articlebot/internal/answers"
	"github.com/articlebot/articlebot/internal/conversation"
	"github.com/articlebot/articlebot/internal/ratelimit"
	"golang.org/x/time/rate"
)

// ErrConfig is wrapped by every configuration error New and RunSocketMode return.
var ErrConfig = errors.New("slack adapter config")

// Defaults New applies to zero Config fields.
const (
	defaultCommand      = "/nato"
	defaultShareKeyword = "share"
	defaultRateLimit    = 5
	defaultRateWindow   = 30 * time.Second
)

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

// answerer is the one engine method the adapter needs: an answer in the
// light of the conversation so far.
type answerer interface {
	Follow(c answers.Context, question string) (answers.Answer, answers.Context)
}

var _ answerer = (*answers.Engine)(nil)

// Config configures the adapter. cmd/bot fills it, reading secrets from the
// environment; the adapter never reads the environment itself.
type Config struct {
	// Command is the slash command. Default "/nato".
	Command string
	// SigningSecret verifies HTTP requests (SLACK_SIGNING_SECRET). Without
	// it every HTTP request is rejected with 401.
	SigningSecret string
	// BotToken ("xoxb-...") and AppToken ("xapp-...") enable Socket Mode.
	BotToken string
	AppToken string
	// ShareKeyword, as the first word of the command text, posts the answer
	// to the channel: "/nato share QUESTION". Default "share".
	ShareKeyword string
	// InChannel posts every answer to the channel; by default answers are
	// ephemeral (only the asker sees them). Help is always ephemeral.
	InChannel bool
	// APIURL overrides Slack's Web API base URL (tests point it at slacktest).
	APIURL string
	// Now is the clock used for signature timestamps and the rate limit.
	// Default time.Now. (How long the engine took is always measured with
	// the real monotonic clock.)
	Now func() time.Time
	// RateLimit is how many questions one user of one workspace may ask per
	// RateWindow; slash commands, help and button clicks all count. Defaults
	// 5 and 30s.
	RateLimit  int
	RateWindow time.Duration
	// ConversationIdle ends a conversation (one user in one channel) after
	// this long without a message; MaxConversations bounds how many are
	// kept, least recently used out first. Defaults 10 minutes and 100,000.
	ConversationIdle time.Duration
	MaxConversations int

	// Observe, when set, is called once for every question the engine answered
	// (not for rate-limited or rejected requests), with the platform's user id of
	// who asked, the question as sent to the engine, the answer, and how long the
	// engine call took. It must be safe for concurrent use; the adapter calls it
	// synchronously after the engine returns and before replying.
	Observe func(user, question string, a answers.Answer, took time.Duration)
	// Limited, when set, is called for each question the rate limit refuses
	// (both the one polite refusal and the silently ignored ones), with the user id.
	Limited func(user string)
}

// Adapter answers Slack slash commands and button clicks with the engine.
// It is safe for concurrent use.
type Adapter struct {
	cfg     Config
	engine  answerer
	article answers.ArticleInfo
	log     *slog.Logger
	// webhook posts replies to response_url after a button click.
	webhook *http.Client
	// posts tracks those posts for HTTP clicks, so Wait can let them finish.
	// (Socket Mode tracks its own and waits for them in RunSocketMode.)
	posts   sync.WaitGroup
	limiter *ratelimit.Limiter
	// conversations holds each user's conversation in each channel: slash
	// commands have no threads.
	conversations *conversation.Store

	signatureFailures atomic.Uint64
	rejectionLog      *rate.Limiter // one log line per rejectionLogEvery
	unloggedRejects   atomic.Uint64 // rejections since the last log line
	connected         atomic.Bool   // Socket Mode: hello received, not yet dropped
}

// New checks cfg, fills its defaults and returns an adapter that answers
// with engine about article. A nil logger discards logs. HTTP mode needs
// cfg.SigningSecret and Socket Mode needs both tokens; at least one mode
// must be configured.
func New(cfg Config, engine answerer, article answers.ArticleInfo, logger *slog.Logger) (*Adapter, error) {
	if engine == nil {
		return nil, fmt.Errorf("%w: engine is nil", ErrConfig)
	}
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Adapter{
		cfg:     cfg,
		engine:  engine,
		article: article,
		log:     logger.With("adapter", "slack"),
		webhook: &http.Client{Timeout: webhookTimeout},
		limiter: ratelimit.New(cfg.RateLimit, cfg.RateWindow),

		rejectionLog: rate.NewLimiter(rate.Every(rejectionLogEvery), 1),

		conversations: conversation.NewStore(cfg.MaxConversations, cfg.ConversationIdle),
	}, nil
}

// SignatureFailures reports how many HTTP requests were rejected because
// their signature headers were missing, stale or wrong.
func (a *Adapter) SignatureFailures() uint64 {
	return a.signatureFailures.Load()
}

// withDefaults returns cfg with defaults applied, or every problem found.
func (cfg Config) withDefaults() (Config, error) {
	if cfg.Command == "" {
		cfg.Command = defaultCommand
	}
	if cfg.ShareKeyword == "" {
		cfg.ShareKeyword = defaultShareKeyword
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.RateLimit == 0 {
		cfg.RateLimit = defaultRateLimit
	}
	if cfg.RateWindow == 0 {
		cfg.RateWindow = defaultRateWindow
	}
	if cfg.ConversationIdle == 0 {
		cfg.ConversationIdle = conversation.DefaultIdle
	}
	if cfg.MaxConversations == 0 {
		cfg.MaxConversations = conversation.DefaultMax
	}

	var errs []error
	if !strings.HasPrefix(cfg.Command, "/") || len(cfg.Command) < 2 ||
		len(cfg.Command) > maxCommandLength || strings.ContainsAny(cfg.Command, " \t\r\n") {
		errs = append(errs, fmt.Errorf("%w: Command %q must be \"/\" and a single word of at most %d characters",
			ErrConfig, cfg.Command, maxCommandLength))
	}
	if strings.ContainsAny(cfg.ShareKeyword, " \t\r\n") {
		errs = append(errs, fmt.Errorf("%w: ShareKeyword %q must be a single word", ErrConfig, cfg.ShareKeyword))
	}
	if cfg.RateLimit < 1 {
		errs = append(errs, fmt.Errorf("%w: RateLimit %d must be at least 1", ErrConfig, cfg.RateLimit))
	}
	if cfg.RateWindow <= 0 {
		errs = append(errs, fmt.Errorf("%w: RateWindow %v must be positive", ErrConfig, cfg.RateWindow))
	}
	httpMode := cfg.SigningSecret != ""
	socketMode := cfg.BotToken != "" || cfg.AppToken != ""
	if !httpMode && !socketMode {
		errs = append(errs, fmt.Errorf("%w: set SigningSecret (HTTP mode) or BotToken and AppToken (Socket Mode)", ErrConfig))
	}
	if socketMode {
		if err := cfg.checkTokens(); err != nil {
			errs = append(errs, err)
		}
	}
	if cfg.APIURL != "" {
		u, err := url.Parse(cfg.APIURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("%w: APIURL %q is not an http(s) URL", ErrConfig, cfg.APIURL))
		}
		// slack-go appends method names ("apps.connections.open") to the base.
		if !strings.HasSuffix(cfg.APIURL, "/") {
			cfg.APIURL += "/"
		}
	}
	return cfg, errors.Join(errs...)
}

// checkTokens reports whether both Socket Mode tokens are present and of
// the right kind. Token values never appear in the error.
func (cfg Config) checkTokens() error {
	var errs []error
	if !strings.HasPrefix(cfg.BotToken, "xoxb-") {
		errs = append(errs, fmt.Errorf("%w: BotToken must be a bot token (xoxb-...)", ErrConfig))
	}
	if !strings.HasPrefix(cfg.AppToken, "xapp-") {
		errs = append(errs, fmt.Errorf("%w: AppToken must be an app-level token (xapp-...)", ErrConfig))
	}
	return errors.Join(errs...)
}
