package discord

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/articlebot/articlebot/config"
	"github.com/articlebot/articlebot/internal/adapters/ask"
	"github.com/articlebot/articlebot/internal/answers"
	"github.com/articlebot/articlebot/internal/conversation"
	"github.com/articlebot/articlebot/internal/wordvec"
)

// fixtureArticle is a made-up article; tests never read the real one,
// except those of conversations, which need the real engine.
var fixtureArticle = answers.ArticleInfo{
	Title:  "Harbour town votes to keep its last ferry",
	Author: "Mara Lindqvist",
	Date:   "March 24, 2021",
}

// fixture answers from a fixed table and records what it was asked.
type fixture struct {
	answers map[string]answers.Answer
	slow    map[string]time.Duration

	mu    sync.Mutex
	asked []string
	held  map[string]chan struct{} // questions that wait until released
}

func newFixture() *fixture {
	long := strings.Repeat("The council debated the ferry's future for many hours, and every speaker 🚢 had a view. ", 70)
	longQuote := strings.Repeat("\"We will not be cut off from the mainland,\" said the harbour master, to applause. ", 40)
	return &fixture{
		answers: map[string]answers.Answer{
			"who wrote this?": {
				Status: answers.StatusAnswered, Text: "The article was written by Mara Lindqvist.",
				Quote:      answers.Quote{Text: "By Mara Lindqvist, regional correspondent", Paragraph: 1},
				Confidence: 0.93, FactID: "author",
			},
			"when was the vote?": {
				Status: answers.StatusAnswered, Text: "The council voted on Tuesday evening.",
				Quote:      answers.Quote{Text: "On Tuesday evening the council voted 7 to 2 to keep the ferry.", Paragraph: 3},
				Confidence: 0.88, FactID: "vote-date",
			},
			"what about the boat?": {
				Status: answers.StatusSuggest, Text: "I'm not sure which part you mean. Did you mean:",
				Confidence: 0.41,
				Suggestions: []string{
					"when was the vote?",
					"who wrote this?",
					"How much does the ferry cost the town each year, including the crew, the fuel, the insurance and the repairs?",
					"a fourth suggestion that must not be shown",
				},
			},
			"what is the capital of france?": {
				Status: answers.StatusUnknown, Text: "The article doesn't say.", Confidence: 0.05,
			},
			"help": {
				Status: answers.StatusMeta, Text: "Ask me about the article, for example:",
				Suggestions: []string{"who wrote this?", "when was the vote?"},
			},
			"tell me everything": {
				Status: answers.StatusAnswered, Text: long,
				Quote:      answers.Quote{Text: longQuote, Paragraph: 12},
				Confidence: 0.7, FactID: "everything",
			},
			"echo": {
				// An answer that quotes mention syntax back must not ping either.
				Status: answers.StatusAnswered, Text: "You wrote @everyone @here <@123> <@&456>.",
				Quote: answers.Quote{Text: "@everyone was at the meeting, <@123> too.", Paragraph: 2},
			},
		},
		slow: map[string]time.Duration{"slow question": 50 * time.Millisecond},
		held: map[string]chan struct{}{},
	}
}

// hold makes the engine wait over question q until release is called, or
// the test ends, and then answer it as "who wrote this?".
func (f *fixture) hold(t *testing.T, q string) (release func()) {
	ch := make(chan struct{})
	f.mu.Lock()
	f.held[q] = ch
	f.mu.Unlock()
	release = sync.OnceFunc(func() { close(ch) })
	t.Cleanup(release)
	return release
}

func (f *fixture) Answer(q string) answers.Answer {
	f.mu.Lock()
	f.asked = append(f.asked, q)
	held := f.held[q]
	f.mu.Unlock()
	if held != nil {
		<-held
		return f.answers["who wrote this?"]
	}
	if d, ok := f.slow[q]; ok {
		time.Sleep(d)
		return f.answers["who wrote this?"]
	}
	if a, ok := f.answers[strings.ToLower(q)]; ok {
		return a
	}
	return answers.Answer{Status: answers.StatusUnknown, Text: "The article doesn't say.", Question: q}
}

// Follow answers as Answer does; the fixture keeps no conversations.
func (f *fixture) Follow(c answers.Context, q string) (answers.Answer, answers.Context) {
	return f.Answer(q), c
}

func (f *fixture) questions() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.asked...)
}

// logRecorder is a slog.Handler keeping every record, so tests can wait for
// what the bot decided about events that produce no request.
type logRecorder struct {
	mu      sync.Mutex
	records []slog.Record
	attrs   []slog.Attr
	parent  *logRecorder
}

func (r *logRecorder) root() *logRecorder {
	if r.parent != nil {
		return r.parent
	}
	return r
}

func (r *logRecorder) Enabled(context.Context, slog.Level) bool { return true }

func (r *logRecorder) Handle(_ context.Context, rec slog.Record) error {
	rec = rec.Clone()
	rec.AddAttrs(r.attrs...)
	root := r.root()
	root.mu.Lock()
	defer root.mu.Unlock()
	root.records = append(root.records, rec)
	return nil
}

func (r *logRecorder) WithAttrs(as []slog.Attr) slog.Handler {
	return &logRecorder{parent: r.root(), attrs: append(append([]slog.Attr(nil), r.attrs...), as...)}
}

func (r *logRecorder) WithGroup(string) slog.Handler { return r }

// count returns how many records have message msg and all the given
// key=value attributes.
func (r *logRecorder) count(msg string, kv ...string) int {
	return len(r.find(msg, kv...))
}

// find returns the attributes of each record with message msg and all the
// given key=value attributes.
func (r *logRecorder) find(msg string, kv ...string) []map[string]string {
	root := r.root()
	root.mu.Lock()
	defer root.mu.Unlock()
	var out []map[string]string
	for _, rec := range root.records {
		if rec.Message != msg {
			continue
		}
		attrs := map[string]string{}
		rec.Attrs(func(a slog.Attr) bool {
			attrs[a.Key] = a.Value.String()
			return true
		})
		match := true
		for i := 0; i+1 < len(kv); i += 2 {
			if attrs[kv[i]] != kv[i+1] {
				match = false
			}
		}
		if match {
			out = append(out, attrs)
		}
	}
	return out
}

// atLeast returns every record at level or above, as "message key=value ...".
func (r *logRecorder) atLeast(level slog.Level) []string {
	root := r.root()
	root.mu.Lock()
	defer root.mu.Unlock()
	var out []string
	for _, rec := range root.records {
		if rec.Level < level {
			continue
		}
		var line strings.Builder
		line.WriteString(rec.Message)
		rec.Attrs(func(a slog.Attr) bool {
			fmt.Fprintf(&line, " %s=%s", a.Key, a.Value)
			return true
		})
		out = append(out, line.String())
	}
	return out
}

// mentioning returns every record (as "message key=value ...") that has an
// attribute whose value is one of values, or contains one of them that is
// longer than 4 characters (short ones, like a test's user id "42", would
// match inside other ids).
func (r *logRecorder) mentioning(values ...string) []string {
	root := r.root()
	root.mu.Lock()
	defer root.mu.Unlock()
	var out []string
	for _, rec := range root.records {
		var line strings.Builder
		line.WriteString(rec.Message)
		hit := false
		rec.Attrs(func(a slog.Attr) bool {
			v := a.Value.String()
			fmt.Fprintf(&line, " %s=%s", a.Key, v)
			for _, s := range values {
				if v == s || len(s) > 4 && strings.Contains(v, s) {
					hit = true
				}
			}
			return true
		})
		if hit {
			out = append(out, line.String())
		}
	}
	return out
}

// harness runs an Adapter against a fakeDiscord.
type harness struct {
	fake   *fakeDiscord
	bot    *Adapter
	engine *fixture
	logs   *logRecorder
	conn   *gatewayConn // the first gateway connection, once ready

	cancel  context.CancelFunc
	stopped chan struct{} // closed when Run returned
	err     error         // what Run returned, once stopped
	errSeen bool          // the test checked err itself
}

// setup is what a test sets a bot up with: its Config, whose zero APIURL
// and ShardCount are DefaultConfig's, and the Asker's engine (nil: the
// harness's fixture), rate limit (zero: ask.DefaultLimit), Observer and
// clock.
type setup struct {
	Config
	Engine   ask.Engine
	Limit    ask.Limit
	Observer ask.Observer
	Now      func() time.Time
}

// newBot is New with the fixture article, through an Asker made as bot
// serve makes one, logging where the bot logs; a nil logger discards both.
func newBot(s setup, logger *slog.Logger) (*Adapter, error) {
	cfg, d := s.Config, DefaultConfig()
	if cfg.APIURL == "" {
		cfg.APIURL = d.APIURL
	}
	if cfg.ShardCount == 0 {
		cfg.ShardCount = d.ShardCount
	}
	if s.Limit == (ask.Limit{}) {
		s.Limit = ask.DefaultLimit()
	}
	asker, err := ask.New(ask.Options{Platform: "discord", Engine: s.Engine, Limit: s.Limit,
		Conversations: conversation.DefaultConfig(), Observer: s.Observer, Log: logger, Now: s.Now})
	if err != nil {
		return nil, err
	}
	return New(cfg, asker, fixtureArticle, logger)
}

// startBot starts a bot on a new fake and waits until it registered /ask.
// opts run after New and before Run.
func startBot(t *testing.T, cfg Config, opts ...func(*harness)) *harness {
	t.Helper()
	return startBotWith(t, setup{Config: cfg}, opts...)
}

// startBotWith is startBot with the Asker set up too.
func startBotWith(t *testing.T, s setup, opts ...func(*harness)) *harness {
	t.Helper()
	h := startBotNoWaitWith(t, s, opts...)
	h.conn = h.fake.waitConn(t, 1)
	h.fake.waitCalls(t, "PUT", "/commands", 1)
	return h
}

// startBotNoWait starts a bot on a new fake without waiting for anything.
// The bot's token is fakeToken unless cfg has one. The test fails if Run
// returns an error the test did not collect with runError.
func startBotNoWait(t *testing.T, cfg Config, opts ...func(*harness)) *harness {
	t.Helper()
	return startBotNoWaitWith(t, setup{Config: cfg}, opts...)
}

// startBotNoWaitWith is startBotNoWait with the Asker set up too.
func startBotNoWaitWith(t *testing.T, s setup, opts ...func(*harness)) *harness {
	t.Helper()
	h := &harness{fake: newFakeDiscord(t), engine: newFixture(), logs: &logRecorder{}, stopped: make(chan struct{})}
	if s.Token == "" {
		s.Token = fakeToken
	}
	if s.Engine == nil {
		s.Engine = h.engine
	}
	s.APIURL = h.fake.apiURL()
	b, err := newBot(s, slog.New(h.logs))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	h.bot = b
	for _, o := range opts {
		o(h)
	}
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	go func() {
		h.err = b.Run(ctx)
		close(h.stopped)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-h.stopped:
			if h.err != nil && !h.errSeen {
				t.Errorf("Run: %v", h.err)
			}
		case <-time.After(5 * time.Second):
			t.Errorf("Run did not return within 5s of cancel")
		}
	})
	return h
}

// ready reports whether the bot says it is connected.
func (h *harness) ready() bool {
	ok, _ := h.bot.Ready()
	return ok
}

// runError waits up to five seconds for Run to return and returns its error.
func (h *harness) runError(t *testing.T) error {
	t.Helper()
	select {
	case <-h.stopped:
		h.errSeen = true
		return h.err
	case <-time.After(5 * time.Second):
		t.Fatalf("Run did not return")
		return nil
	}
}

// Events as Discord sends them.

func messageCreate(id, channelID, guildID, authorID, content string, bot bool, mentions ...string) map[string]any {
	ms := []any{}
	for _, m := range mentions {
		ms = append(ms, map[string]any{"id": m, "username": "someone"})
	}
	msg := map[string]any{
		"id": id, "channel_id": channelID, "type": 0, "content": content,
		"timestamp": "2026-11-27T00:00:00.000000+00:00",
		"author":    map[string]any{"id": authorID, "username": "user" + authorID, "bot": bot},
		"mentions":  ms,
	}
	if guildID != "" {
		msg["guild_id"] = guildID
	}
	return msg
}

func mention(content string) string { return "<@" + fakeBotID + "> " + content }

func slashAsk(id, userID, question string) map[string]any {
	return map[string]any{
		"id": id, "application_id": fakeAppID, "type": 2, "token": "token-" + id,
		"channel_id": "300", "guild_id": "100", "version": 1,
		"member": map[string]any{"user": map[string]any{"id": userID, "username": "user" + userID}},
		"data": map[string]any{
			"id": "700", "name": "ask", "type": 1,
			"options": []any{map[string]any{"name": "question", "type": 3, "value": question}},
		},
	}
}

func buttonClick(id, userID, customID string) map[string]any {
	return map[string]any{
		"id": id, "application_id": fakeAppID, "type": 3, "token": "token-" + id,
		"channel_id": "300", "guild_id": "100", "version": 1,
		"member":  map[string]any{"user": map[string]any{"id": userID, "username": "user" + userID}},
		"message": map[string]any{"id": "801", "channel_id": "300", "content": "", "author": map[string]any{"id": fakeBotID, "bot": true}},
		"data":    map[string]any{"custom_id": customID, "component_type": 2},
	}
}

// observation is one call of the Observer's Answered.
type observation struct {
	user, question string
	answer         answers.Answer
	took           time.Duration
}

// hookRecorder is an ask.Observer that records what it hears; it is safe
// for concurrent use, as an Observer must be.
type hookRecorder struct {
	delay    time.Duration // how long Answered takes
	mu       sync.Mutex
	observed []observation
	limited  []string
}

func (r *hookRecorder) Answered(user, question string, a answers.Answer, took time.Duration) {
	time.Sleep(r.delay)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.observed = append(r.observed, observation{user, question, a, took})
}

func (r *hookRecorder) Limited(user string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.limited = append(r.limited, user)
}

func (r *hookRecorder) observations() []observation {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]observation(nil), r.observed...)
}

func (r *hookRecorder) refusals() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.limited...)
}

// TestMain lets more tests run at once than the machine has cores, unless
// -parallel is given: the tests that run a bot mostly wait. Each spends a
// second in discordgo's Session.Close, which sleeps before it drops the
// connection whatever the server does (CloseWithCode in wsapi.go: "TODO:
// Wait for Discord to actually close the connection"); with the default of
// one test per core they took that second in turn.
func TestMain(m *testing.M) {
	flag.Parse()
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "test.parallel" })
	if !given {
		flag.Set("test.parallel", "64")
	}
	os.Exit(m.Run())
}

var (
	realOnce sync.Once
	realEng  *answers.Engine
	realErr  error
)

// realEngine is the answer engine on the embedded article, for tests of
// what only the real one does: conversations.
func realEngine(t *testing.T) *answers.Engine {
	t.Helper()
	realOnce.Do(func() {
		vec, err := wordvec.Open(config.Vectors)
		if err != nil {
			realErr = err
			return
		}
		realEng, realErr = answers.Load(config.Knowledge, answers.WithVectors(vec))
	})
	if realErr != nil {
		t.Fatal(realErr)
	}
	return realEng
}
