// Package ask is how every chat adapter puts a user's question to the
// engine: the per-user rate limit, the conversation the question belongs
// to, the engine's answer, and what is kept of each question (the Observer,
// which cmd/bot counts in its metrics; one log line naming the user only by
// a keyed hash; the unanswered log). An adapter turns a platform's message
// into a Question and renders the answer; what lies between is here, once.
//
// It imports internal/answers, internal/conversation, internal/ratelimit
// and internal/unanswered; it knows no platform, and never imports an
// adapter.
package ask

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/articlebot/articlebot/internal/answers"
	"github.com/articlebot/articlebot/internal/conversation"
	"github.com/articlebot/articlebot/internal/field"
	"github.com/articlebot/articlebot/internal/ratelimit"
	"github.com/articlebot/articlebot/internal/unanswered"
	"golang.org/x/time/rate"
)

// Limit is how many questions one user may ask per window on one platform.
type Limit struct {
	Questions int
	Window    time.Duration
}

// DefaultLimit allows 5 questions per user per 30 seconds.
func DefaultLimit() Limit {
	return Limit{Questions: 5, Window: 30 * time.Second}
}

// Validate reports every field out of range, as *field.Error values.
func (l Limit) Validate() error {
	var errs []error
	if l.Questions < 1 {
		errs = append(errs, field.Errorf("Questions", "%d must be at least 1", l.Questions))
	}
	if l.Window <= 0 {
		errs = append(errs, field.Errorf("Window", "%v must be positive", l.Window))
	}
	return errors.Join(errs...)
}

// Engine answers a question in the light of the conversation so far: the
// answers.Engine, or one that stands for it.
type Engine interface {
	Follow(c answers.Context, question string) (answers.Answer, answers.Context)
}

var _ Engine = (*answers.Engine)(nil)

// Observer hears of each question an Asker handles. Its methods are called
// synchronously, Answered after the engine returned and before the adapter
// replies, and must be safe for concurrent use.
type Observer interface {
	// Answered is told of a question the engine answered: who asked, the
	// question as the engine got it, the answer and how long the engine took.
	Answered(user, question string, a answers.Answer, took time.Duration)
	// Limited is told of a question the rate limit refused, told or not.
	Limited(user string)
}

// Recorder keeps the questions the engine did not answer: an
// *unanswered.Log.
type Recorder interface {
	Write(unanswered.Entry) error
}

// Options are what an Asker is made of. Platform, Engine, Limit and
// Conversations are needed; the rest may be left zero.
type Options struct {
	// Platform names the platform in the log and the unanswered log: "slack".
	Platform string
	Engine   Engine
	// Limit is each user's rate limit; Conversations bound the
	// conversations kept.
	Limit         Limit
	Conversations conversation.Config
	// Observer, when set, hears of every question.
	Observer Observer
	// Unanswered, when set, keeps every question not answered.
	Unanswered Recorder
	// Log gets a line per question and the bounded lines about refusals;
	// nil discards them.
	Log *slog.Logger
	// Now is the rate limit's clock; nil means time.Now. (How long the
	// engine took is measured with the monotonic clock whatever Now is.)
	Now func() time.Time
}

// limitedLogEvery bounds the "rate limited" log lines to one per interval,
// each counting the refusals since the line before: a flood of questions
// must not become a flood of log lines. The Observer hears of every one.
const limitedLogEvery = time.Minute

// Asker puts the questions of one platform's users to the engine. It is
// safe for concurrent use.
type Asker struct {
	o             Options
	limiter       *ratelimit.Limiter
	conversations *conversation.Store
	links         *conversation.Links
	userKey       []byte // keys the hash of user ids in the log

	limitedLog      *rate.Limiter // one "rate limited" line per limitedLogEvery
	unloggedLimited atomic.Uint64 // refusals since the last such line
}

// New checks o and makes an Asker.
func New(o Options) (*Asker, error) {
	var errs []error
	if o.Platform == "" {
		errs = append(errs, errors.New("no platform named"))
	}
	if o.Engine == nil {
		errs = append(errs, errors.New("no engine"))
	}
	errs = append(errs, o.Limit.Validate(), o.Conversations.Validate())
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	a := &Asker{
		o:             o,
		limiter:       ratelimit.New(o.Limit.Questions, o.Limit.Window),
		conversations: conversation.NewStore(o.Conversations),
		links:         conversation.NewLinks(o.Conversations),
		userKey:       make([]byte, 32),
		limitedLog:    rate.NewLimiter(rate.Every(limitedLogEvery), 1),
	}
	rand.Read(a.userKey)
	return a, nil
}

// Question is one question from a user of the platform.
type Question struct {
	// User is who asks, unique on the platform: the rate limit's key, and
	// what the log names by a keyed hash.
	User string
	// Conversation names the conversation the question belongs to: a user
	// in a channel, say.
	Conversation string
	// Text is the question as the engine is to get it.
	Text string
}

// Admit applies user's rate limit to one more question and says what to do
// with it: answer it, tell the user once, or drop it. Each refusal is told
// to the Observer and counted in a log line at most once per minute.
func (a *Asker) Admit(user string) ratelimit.Decision {
	d := a.limiter.Allow(user, a.o.Now())
	if d == ratelimit.Allow {
		return d
	}
	if a.o.Observer != nil {
		a.o.Observer.Limited(user)
	}
	a.unloggedLimited.Add(1)
	if a.limitedLog.AllowN(a.o.Now(), 1) {
		a.o.Log.Info("rate limited", "count", a.unloggedLimited.Swap(0), "platform", a.o.Platform,
			"user", a.hashUser(user))
	}
	return d
}

// Ask answers q in the light of its conversation, and stores the
// conversation after it. Before it returns, the Observer hears of the
// answer, the log gets a line, and a question the engine did not answer
// goes to the unanswered log. Ask does not apply the rate limit: Admit
// does, first.
func (a *Asker) Ask(q Question) answers.Answer {
	start := time.Now()
	ans := a.conversations.Follow(a.o.Engine, q.Conversation, q.Text)
	took := time.Since(start)
	if a.o.Observer != nil {
		a.o.Observer.Answered(q.User, q.Text, ans, took)
	}
	a.o.Log.Info("question", "platform", a.o.Platform, "user", a.hashUser(q.User), "status", ans.Status,
		"fact", ans.FactID, "confidence", ans.Confidence, "latency", took)
	if ans.Status != answers.StatusAnswered && a.o.Unanswered != nil {
		// Clean drops mentions of other people, so the log holds no user ids.
		e := unanswered.EntryFor(a.o.Platform, answers.Clean(q.Text), ans, time.Now())
		if err := a.o.Unanswered.Write(e); err != nil {
			a.o.Log.Warn("writing the unanswered log", "err", err)
		}
	}
	return ans
}

// Link records that message, one of the bot's replies, belongs to
// conversation, so that a reply to it continues that conversation.
func (a *Asker) Link(message, conversation string) { a.links.Link(message, conversation) }

// Linked is the conversation the bot's message belongs to, if it is known
// and still live.
func (a *Asker) Linked(message string) (conversation string, ok bool) { return a.links.Key(message) }

// hashUser keys a user id so the log can tell users apart without holding
// their ids; the key is random per Asker.
func (a *Asker) hashUser(user string) string {
	if user == "" {
		return ""
	}
	m := hmac.New(sha256.New, a.userKey)
	m.Write([]byte(a.o.Platform + "\x00" + user))
	return hex.EncodeToString(m.Sum(nil))[:16]
}
