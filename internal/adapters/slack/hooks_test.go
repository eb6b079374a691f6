package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/articlebot/articlebot/internal/adapters/ask"
	"github.com/articlebot/articlebot/internal/answers"
)

// testUser is the user of commandForm and clickPayload, as the Asker sees
// them: the workspace and the user id.
const testUser = "T1DC2JH3J/U2CERLKJA"

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
	return slices.Clone(r.observed)
}

func (r *hookRecorder) refusals() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.limited)
}

// checkObserved fails unless the observations are exactly want (user,
// question and the fake engine's answer to that question), each with a
// non-negative duration.
func checkObserved(t *testing.T, eng *fakeEngine, got []observation, want ...[2]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("Observe called %d times, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		o := got[i]
		if o.user != w[0] || o.question != w[1] {
			t.Errorf("observation %d: user %q question %q, want %q %q", i, o.user, o.question, w[0], w[1])
		}
		if wantAns := eng.lookup(w[1]); !reflect.DeepEqual(o.answer, wantAns) {
			t.Errorf("observation %d: answer %+v, want %+v", i, o.answer, wantAns)
		}
		if o.took < 0 {
			t.Errorf("observation %d: took %v", i, o.took)
		}
	}
}

// manualClock is a Config.Now the test moves.
type manualClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *manualClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *manualClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// askAs posts a slash command from user in team, signed at the time at.
func (h *harness) askAs(t *testing.T, team, user, text string, at time.Time) (int, []byte) {
	t.Helper()
	form := commandForm(text)
	form.Set("team_id", team)
	form.Set("user_id", user)
	return do(t, signedRequest(t, h.server.URL+commandsPath, testSecret, form.Encode(), at))
}

// clickAs is clickPayload from user in team.
func clickAs(team, user, responseURL, value string) string {
	cb := clickCallback(responseURL, "articlebot_suggest_0", value)
	cb["user"] = map[string]any{"id": user, "username": "someone", "team_id": team}
	cb["team"] = map[string]any{"id": team, "domain": "someteam"}
	raw, _ := json.Marshal(cb)
	return url.Values{"payload": {string(raw)}}.Encode()
}

func TestObserveSeesEveryAnswerOverHTTP(t *testing.T) {
	// A slow Observer: had the adapter asked in the background or after
	// replying, the reply would arrive before the observation.
	rec := &hookRecorder{delay: 20 * time.Millisecond}
	h := newHarnessWith(t, setup{Observer: rec})
	hook := newWebhookCatcher(t)

	// A slash command: observed before the reply, with the question as the
	// engine got it (share keyword stripped, Slack escapes decoded).
	h.ask(t, "share who is stoltenberg?")
	checkObserved(t, h.engine, rec.observations(), [2]string{testUser, "who is stoltenberg?"})
	h.ask(t, "did R&amp;D spending reach &lt;2%?")
	h.ask(t, "") // help: the engine is asked "help"

	// A button click: observed before the answer reaches response_url.
	body := clickPayload(hook.server.URL+"/actions/T1/1/abc", "articlebot_suggest_0", "When did the foreign ministers meet?")
	if status, _ := do(t, signedRequest(t, h.server.URL+interactivePath, testSecret, body, time.Now())); status != http.StatusOK {
		t.Fatalf("click status %d", status)
	}
	hook.next(t)

	checkObserved(t, h.engine, rec.observations(),
		[2]string{testUser, "who is stoltenberg?"},
		[2]string{testUser, "did R&D spending reach <2%?"},
		[2]string{testUser, "help"},
		[2]string{testUser, "When did the foreign ministers meet?"},
	)
	if r := rec.refusals(); len(r) != 0 {
		t.Errorf("Limited called for %q", r)
	}
}

// TestObserveSkipsWhatTheEngineDidNotAnswer sends requests that never reach
// the engine: Observe and Limited must stay silent.
func TestObserveSkipsWhatTheEngineDidNotAnswer(t *testing.T) {
	rec := &hookRecorder{}
	h := newHarnessWith(t, setup{Observer: rec})
	hook := newWebhookCatcher(t)
	cmd := commandForm("who is stoltenberg?").Encode()
	click := clickPayload(hook.server.URL+"/actions/T1/1/abc", "articlebot_suggest_0", "When did the foreign ministers meet?")
	other := commandForm("who is stoltenberg?")
	other.Set("command", "/weather")

	for _, tt := range []struct {
		name       string
		req        *http.Request
		wantStatus int
	}{
		{"command, bad signature", signedRequest(t, h.server.URL+commandsPath, "not-the-secret", cmd, time.Now()), http.StatusUnauthorized},
		{"click, bad signature", signedRequest(t, h.server.URL+interactivePath, "not-the-secret", click, time.Now()), http.StatusUnauthorized},
		{"command, stale signature", signedRequest(t, h.server.URL+commandsPath, testSecret, cmd, time.Now().Add(-time.Hour)), http.StatusUnauthorized},
		{"another app's command", signedRequest(t, h.server.URL+commandsPath, testSecret, other.Encode(), time.Now()), http.StatusOK},
	} {
		if status, _ := do(t, tt.req); status != tt.wantStatus {
			t.Errorf("%s: status %d, want %d", tt.name, status, tt.wantStatus)
		}
	}
	hook.none(t)
	if o := rec.observations(); len(o) != 0 {
		t.Errorf("Observe called for rejected requests: %+v", o)
	}
	if r := rec.refusals(); len(r) != 0 {
		t.Errorf("Limited called for rejected requests: %q", r)
	}
	if q := h.engine.questions(); len(q) != 0 {
		t.Errorf("engine asked %q", q)
	}
}

// TestRateLimitOverHTTP bursts slash commands from one user: the first
// RateLimit are answered, the next gets one polite private refusal, the rest
// empty 200s; other users (and the same user id in another workspace) are
// still answered, and after the window the user is answered again.
func TestRateLimitOverHTTP(t *testing.T) {
	clock := &manualClock{t: time.Now()}
	rec := &hookRecorder{}
	h := newHarnessWith(t, setup{Config: Config{Now: clock.now}, Limit: ask.Limit{Questions: 3, Window: time.Minute},
		Observer: rec})
	const team, user = "T1DC2JH3J", "U0BURST"

	answered := func(who string, status int, body []byte) {
		t.Helper()
		if status != http.StatusOK {
			t.Fatalf("%s: status %d", who, status)
		}
		if bs := blocks(t, decode(t, body)); len(bs) != 4 || blockText(bs[1]) != "Jens Stoltenberg is NATO's Secretary General." {
			t.Fatalf("%s not answered: %s", who, body)
		}
	}
	silent := func(who string, status int, body []byte) {
		t.Helper()
		if status != http.StatusOK || len(body) != 0 {
			t.Fatalf("%s: status %d body %q, want an empty 200", who, status, body)
		}
	}

	for i := range 3 {
		status, body := h.askAs(t, team, user, "who is stoltenberg?", clock.now())
		answered(fmt.Sprint("question ", i+1), status, body)
	}
	status, body := h.askAs(t, team, user, "who is stoltenberg?", clock.now())
	if status != http.StatusOK {
		t.Fatalf("refusal status %d", status)
	}
	if got, want := decode(t, body), map[string]any{"text": textRateLimit, "response_type": "ephemeral"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("refusal = %v, want %v", got, want)
	}
	if p := unsafeProblems(decode(t, body)); len(p) > 0 {
		t.Errorf("unsafe refusal: %v", p)
	}
	status, body = h.askAs(t, team, user, "who is stoltenberg?", clock.now())
	silent("fifth question", status, body)
	status, body = h.askAs(t, team, user, "help", clock.now()) // help counts too
	silent("help over the limit", status, body)

	status, body = h.askAs(t, team, "U0OTHER", "who is stoltenberg?", clock.now())
	answered("another user", status, body)
	status, body = h.askAs(t, "T0OTHERTEAM", user, "who is stoltenberg?", clock.now())
	answered("the same user id in another workspace", status, body)

	if r, u := rec.refusals(), team+"/"+user; !slices.Equal(r, []string{u, u, u}) {
		t.Errorf("Limited called for %q, want %s three times", r, u)
	}
	if n := len(rec.observations()); n != 5 {
		t.Errorf("Observe called %d times, want 5 (refusals are not observed)", n)
	}

	clock.advance(10 * time.Second) // a third of the window: not yet
	status, body = h.askAs(t, team, user, "who is stoltenberg?", clock.now())
	silent("question inside the window", status, body)
	clock.advance(50 * time.Second) // a whole window after the burst
	status, body = h.askAs(t, team, user, "who is stoltenberg?", clock.now())
	answered("question after the window", status, body)

	if r := rec.refusals(); len(r) != 4 {
		t.Errorf("Limited called %d times, want 4", len(r))
	}
	if n := len(h.engine.questions()); n != 6 {
		t.Errorf("engine asked %d questions, want 6", n)
	}
}

// TestRateLimitCountsHelpAndClicks: with one question per window, help uses
// it up, the next click gets the refusal as a new private message through
// response_url (the buttons stay), and the click after that gets nothing.
func TestRateLimitCountsHelpAndClicks(t *testing.T) {
	rec := &hookRecorder{}
	h := newHarnessWith(t, setup{Limit: ask.Limit{Questions: 1, Window: time.Minute}, Observer: rec})
	hook := newWebhookCatcher(t)

	assertHelp(t, h.ask(t, "help"))
	click := func() {
		t.Helper()
		body := clickAs("T1DC2JH3J", "U2CERLKJA", hook.server.URL+"/actions/T1/1/abc", "Who is Stoltenberg?")
		status, reply := do(t, signedRequest(t, h.server.URL+interactivePath, testSecret, body, time.Now()))
		if status != http.StatusOK || len(reply) != 0 {
			t.Fatalf("click ack: status %d body %q, want empty 200", status, reply)
		}
	}
	click()
	got := hook.next(t)
	if got["text"] != textRateLimit || got["response_type"] != "ephemeral" || got["replace_original"] == true || got["blocks"] != nil {
		t.Errorf("click refusal = %v, want a new ephemeral %q", got, textRateLimit)
	}
	click()
	hook.none(t)

	if q := h.engine.questions(); !slices.Equal(q, []string{"help"}) {
		t.Errorf("engine asked %q, want only help", q)
	}
	checkObserved(t, h.engine, rec.observations(), [2]string{testUser, "help"})
	if r := rec.refusals(); !slices.Equal(r, []string{testUser, testUser}) {
		t.Errorf("Limited called for %q, want the clicker twice", r)
	}
}

// TestRateLimitOverSocketMode: the refusal is the ack's payload, ignored
// commands and clicks are acked empty, and the key is workspace and user.
func TestRateLimitOverSocketMode(t *testing.T) {
	rec := &hookRecorder{}
	eng := newFakeEngine()
	a, err := newAdapter(setup{Config: Config{BotToken: "xoxb-1", AppToken: "xapp-1"},
		Limit: ask.Limit{Questions: 1, Window: time.Minute}, Observer: rec}, eng, nil)
	if err != nil {
		t.Fatal(err)
	}
	hook := newWebhookCatcher(t)
	acker := &fakeAcker{}
	var posts sync.WaitGroup
	send := func(typ socketmode.EventType, id string, data any) {
		a.handleSocketEvent(context.Background(), socketmode.Event{Type: typ, Data: data,
			Request: &socketmode.Request{EnvelopeID: id}}, acker, &posts)
	}
	slash := func(team, user string) slack.SlashCommand {
		return slack.SlashCommand{Command: "/nato", Text: "who is stoltenberg?", TeamID: team, UserID: user}
	}
	var cb slack.InteractionCallback
	raw, _ := json.Marshal(clickCallback(hook.server.URL+"/a", "articlebot_suggest_0", "Who is Stoltenberg?"))
	if err := json.Unmarshal(raw, &cb); err != nil {
		t.Fatal(err)
	}

	send(socketmode.EventTypeSlashCommand, "1", slash("T1DC2JH3J", "U2CERLKJA"))
	send(socketmode.EventTypeSlashCommand, "2", slash("T1DC2JH3J", "U2CERLKJA"))
	send(socketmode.EventTypeSlashCommand, "3", slash("T1DC2JH3J", "U2CERLKJA"))
	send(socketmode.EventTypeInteractive, "4", cb) // the same user clicks
	send(socketmode.EventTypeSlashCommand, "5", slash("T2OTHER", "U2CERLKJA"))
	posts.Wait()
	hook.none(t)

	if m, ok := acker.acks["1"].(*message); !ok || len(m.Blocks) != 4 {
		t.Errorf("first command ack = %#v, want the answer", acker.acks["1"])
	}
	if m, ok := acker.acks["2"].(*message); !ok || m.Text != textRateLimit || m.ResponseType != "ephemeral" || m.Blocks != nil {
		t.Errorf("second command ack = %#v, want the private refusal", acker.acks["2"])
	}
	for _, id := range []string{"3", "4"} {
		if p, ok := acker.acks[id]; !ok || p != nil {
			t.Errorf("ack %s = %#v (sent %v), want an empty ack", id, p, ok)
		}
	}
	if m, ok := acker.acks["5"].(*message); !ok || len(m.Blocks) != 4 {
		t.Errorf("other workspace's ack = %#v, want the answer", acker.acks["5"])
	}
	if r := rec.refusals(); !slices.Equal(r, []string{testUser, testUser, testUser}) {
		t.Errorf("Limited called for %q, want three times", r)
	}
	checkObserved(t, eng, rec.observations(),
		[2]string{testUser, "who is stoltenberg?"}, [2]string{"T2OTHER/U2CERLKJA", "who is stoltenberg?"})
}

// TestLogsNameNoUser asks, clicks, gets refused and gets ignored over HTTP
// with the adapter logging at debug level: no log line holds the user's id,
// name or workspace; the Asker, logging to the same logger, names the user
// by a keyed hash.
func TestLogsNameNoUser(t *testing.T) {
	const team, user = "T0LOGTEAM9", "U0LOGUSER9"
	h := newHarnessWith(t, setup{Limit: ask.Limit{Questions: 3, Window: time.Minute}})
	hook := newWebhookCatcher(t)

	ask := func() {
		t.Helper()
		if status, _ := h.askAs(t, team, user, "who is stoltenberg?", time.Now()); status != http.StatusOK {
			t.Fatalf("status %d", status)
		}
	}
	ask()
	ask()
	click := clickAs(team, user, hook.server.URL+"/actions/T1/1/abc", "Who is Stoltenberg?")
	if status, _ := do(t, signedRequest(t, h.server.URL+interactivePath, testSecret, click, time.Now())); status != http.StatusOK {
		t.Fatalf("click status %d", status)
	}
	hook.next(t)
	ask() // refused
	ask() // ignored

	logs := h.logs.String()
	for _, who := range []string{team, user, "roadrunner", "someone"} {
		if strings.Contains(logs, who) {
			t.Errorf("log names the user (%s):\n%s", who, logs)
		}
	}
	for _, want := range []string{"slack: answered suggestion", "slack: rate limited, telling the user once",
		"slack: rate limited, ignoring", "channel=C0123456"} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %q:\n%s", want, logs)
		}
	}
}
