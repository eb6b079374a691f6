package ask

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/articlebot/articlebot/config"
	"github.com/articlebot/articlebot/internal/answers"
	"github.com/articlebot/articlebot/internal/conversation"
	"github.com/articlebot/articlebot/internal/field"
	"github.com/articlebot/articlebot/internal/ratelimit"
	"github.com/articlebot/articlebot/internal/unanswered"
	"github.com/articlebot/articlebot/internal/wordvec"
)

// fixedEngine answers every question with a fixed status, echoing it.
type fixedEngine struct{ status answers.Status }

func (f fixedEngine) Follow(c answers.Context, q string) (answers.Answer, answers.Context) {
	return answers.Answer{Question: q, Status: f.status, Text: "about " + q, FactID: "some-fact"}, c
}

// recorder is an Observer and a Recorder that keeps what it is told.
type recorder struct {
	mu       sync.Mutex
	answered []string // user|question|status
	limited  []string
	entries  []unanswered.Entry
	fail     error // what Write returns
}

func (r *recorder) Answered(user, question string, a answers.Answer, took time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if took < 0 {
		panic("negative time")
	}
	r.answered = append(r.answered, user+"|"+question+"|"+string(a.Status))
}

func (r *recorder) Limited(user string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.limited = append(r.limited, user)
}

func (r *recorder) Write(e unanswered.Entry) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.entries = append(r.entries, e)
	return r.fail
}

// clock is a Now the test moves.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func newAsker(t *testing.T, eng Engine, limit Limit, rec *recorder, logs *bytes.Buffer, now func() time.Time) *Asker {
	t.Helper()
	a, err := New(Options{Platform: "chat", Engine: eng, Limit: limit, Conversations: conversation.DefaultConfig(),
		Observer: rec, Unanswered: rec, Log: slog.New(slog.NewTextHandler(logs, nil)), Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestLimitDefaultsAndValidation(t *testing.T) {
	if d := DefaultLimit(); d.Questions != 5 || d.Window != 30*time.Second || d.Validate() != nil {
		t.Errorf("DefaultLimit() = %+v, %v", d, d.Validate())
	}
	var fields []string
	field.Each(Limit{Questions: 0, Window: -time.Second}.Validate(), func(_ error, fe *field.Error) {
		fields = append(fields, fe.Field+": "+fe.Problem)
	})
	if strings.Join(fields, "; ") != "Questions: 0 must be at least 1; Window: -1s must be positive" {
		t.Errorf("Validate named %q", fields)
	}
}

func TestNewNeedsItsParts(t *testing.T) {
	for _, o := range []Options{
		{Engine: fixedEngine{}, Limit: DefaultLimit(), Conversations: conversation.DefaultConfig()},
		{Platform: "chat", Limit: DefaultLimit(), Conversations: conversation.DefaultConfig()},
		{Platform: "chat", Engine: fixedEngine{}, Conversations: conversation.DefaultConfig()},
		{Platform: "chat", Engine: fixedEngine{}, Limit: DefaultLimit()},
	} {
		if _, err := New(o); err == nil {
			t.Errorf("New(%+v) accepted it", o)
		}
	}
}

// TestAskRecordsEachQuestion: before Ask returns, the Observer has the
// answer, the log a line naming the user only by a keyed hash, and the
// unanswered log the question the engine did not answer, mentions removed.
func TestAskRecordsEachQuestion(t *testing.T) {
	for _, status := range []answers.Status{answers.StatusAnswered, answers.StatusUnknown} {
		rec, logs := &recorder{}, &bytes.Buffer{}
		a := newAsker(t, fixedEngine{status}, DefaultLimit(), rec, logs, nil)
		got := a.Ask(Question{User: "U12345", Conversation: "c1", Text: "who is <@U999> the boss?"})
		if got.Status != status || got.Text != "about who is <@U999> the boss?" {
			t.Errorf("Ask = %+v", got)
		}
		if want := "U12345|who is <@U999> the boss?|" + string(status); len(rec.answered) != 1 || rec.answered[0] != want {
			t.Errorf("the Observer heard %q, want %q", rec.answered, want)
		}
		line := logs.String()
		if !strings.Contains(line, "msg=question platform=chat user=") || !strings.Contains(line, "status="+string(status)) ||
			strings.Contains(line, "U12345") || strings.Contains(line, "U999") {
			t.Errorf("log line: %s", line)
		}
		switch {
		case status == answers.StatusAnswered && len(rec.entries) != 0:
			t.Errorf("an answered question went to the unanswered log: %+v", rec.entries)
		case status != answers.StatusAnswered && (len(rec.entries) != 1 || rec.entries[0].Platform != "chat" ||
			strings.Contains(rec.entries[0].Question, "U999") || rec.entries[0].Candidates[0] != "some-fact"):
			t.Errorf("unanswered log: %+v", rec.entries)
		}
	}
	rec, logs := &recorder{fail: errors.New("disk full")}, &bytes.Buffer{}
	newAsker(t, fixedEngine{answers.StatusUnknown}, DefaultLimit(), rec, logs, nil).Ask(Question{User: "U1", Text: "hm?"})
	if !strings.Contains(logs.String(), "level=WARN msg=\"writing the unanswered log\" err=\"disk full\"") {
		t.Errorf("a failing unanswered log was not logged:\n%s", logs.String())
	}
}

// TestAskFollowsEachConversation asks with the real engine: a follow-up is
// read in its own conversation, and the same words in another stand alone.
func TestAskFollowsEachConversation(t *testing.T) {
	vec, err := wordvec.Open(config.Vectors)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := answers.Load(config.Knowledge, answers.WithVectors(vec))
	if err != nil {
		t.Fatal(err)
	}
	a := newAsker(t, eng, DefaultLimit(), &recorder{}, &bytes.Buffer{}, nil)
	a.Ask(Question{User: "U1", Conversation: "one", Text: "who is the EU's foreign policy chief?"})
	followed := a.Ask(Question{User: "U2", Conversation: "one", Text: "and the commission president?"})
	alone := a.Ask(Question{User: "U1", Conversation: "two", Text: "and the commission president?"})
	if !strings.Contains(followed.Text, "von der Leyen is the president") || alone.Text == followed.Text {
		t.Errorf("in its conversation: %q; alone: %q", followed.Text, alone.Text)
	}
	a.Link("m1", "one")
	if c, ok := a.Linked("m1"); !ok || c != "one" {
		t.Errorf("Linked(m1) = %q, %v", c, ok)
	}
	if _, ok := a.Linked("m2"); ok {
		t.Error("a message never linked has a conversation")
	}
}

// TestAdmitLogsRefusalsAtABoundedRate: many users asking past the limit
// make one "rate limited" line a minute, each counting the refusals since
// the line before; the Observer hears of every refusal.
func TestAdmitLogsRefusalsAtABoundedRate(t *testing.T) {
	rec, logs := &recorder{}, &bytes.Buffer{}
	c := &clock{t: time.Date(2026, 3, 24, 12, 0, 0, 0, time.UTC)}
	a := newAsker(t, fixedEngine{}, Limit{Questions: 1, Window: time.Hour}, rec, logs, c.now)
	for u := range 20 { // an answer, a refusal, then silence: 40 refusals
		user := string(rune('A' + u))
		for k, want := range []ratelimit.Decision{ratelimit.Allow, ratelimit.Refuse, ratelimit.Ignore} {
			if d := a.Admit(user); d != want {
				t.Fatalf("user %s, question %d: %v, want %v", user, k+1, d, want)
			}
		}
	}
	if n := strings.Count(logs.String(), "rate limited"); n != 1 || !strings.Contains(logs.String(), "count=1 ") {
		t.Fatalf("after 40 refusals in an instant:\n%s", logs.String())
	}
	c.t = c.t.Add(time.Minute)
	a.Admit("A")
	if n := strings.Count(logs.String(), "rate limited"); n != 2 || !strings.Contains(logs.String(), "count=40 ") {
		t.Errorf("a minute later, want a second line counting the 40 since the first:\n%s", logs.String())
	}
	if len(rec.limited) != 41 || len(rec.answered) != 0 {
		t.Errorf("the Observer heard of %d refusals and %d answers, want 41 and 0", len(rec.limited), len(rec.answered))
	}
	if strings.Contains(logs.String(), "user=A ") {
		t.Errorf("the log names a user:\n%s", logs.String())
	}
}
