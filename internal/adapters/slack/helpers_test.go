package slack

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/articlebot/articlebot/internal/adapters/ask"
	"github.com/articlebot/articlebot/internal/answers"
	"github.com/articlebot/articlebot/internal/conversation"
)

// testSecret signs every request in these tests.
const testSecret = "8f742231b10e8888abcd99yyyzzz85a5"

// testArticle is a small fixture; nothing here depends on the real article.
var testArticle = answers.ArticleInfo{
	Title:  "NATO allies pledge support at Brussels meeting",
	Author: "Jane Reporter",
	Date:   "March 24, 2021",
}

// fakeEngine answers from a map keyed by the lowercased question and records
// what it was asked. Unknown questions get StatusUnknown with a text that
// echoes the question, like a real engine might.
type fakeEngine struct {
	mu      sync.Mutex
	answers map[string]answers.Answer
	asked   []string
}

func (f *fakeEngine) Answer(q string) answers.Answer {
	f.mu.Lock()
	f.asked = append(f.asked, q)
	f.mu.Unlock()
	return f.lookup(q)
}

// Follow answers as Answer does; the fake keeps no conversations.
func (f *fakeEngine) Follow(c answers.Context, q string) (answers.Answer, answers.Context) {
	return f.Answer(q), c
}

// lookup is Answer without recording the question.
func (f *fakeEngine) lookup(q string) answers.Answer {
	if a, ok := f.answers[strings.ToLower(strings.TrimSpace(q))]; ok {
		return a
	}
	return answers.Answer{
		Question: q,
		Status:   answers.StatusUnknown,
		Text:     "I could not find anything about “" + q + "” in the article.",
	}
}

// questions returns what the engine was asked, in order.
func (f *fakeEngine) questions() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.asked...)
}

func newFakeEngine() *fakeEngine {
	return &fakeEngine{answers: map[string]answers.Answer{
		"who is stoltenberg?": {
			Question:   "who is stoltenberg",
			Status:     answers.StatusAnswered,
			Text:       "Jens Stoltenberg is NATO's Secretary General.",
			Quote:      answers.Quote{Text: "NATO Secretary General Jens Stoltenberg said the alliance would stand firm.", Paragraph: 3},
			Confidence: 0.92,
			FactID:     "stoltenberg-role",
		},
		"when did the foreign ministers meet?": {
			Question:   "when did the foreign ministers meet",
			Status:     answers.StatusAnswered,
			Text:       "The foreign ministers met on March 23 and 24, 2021.",
			Quote:      answers.Quote{Text: "Foreign ministers gathered in Brussels on March 23-24.", Paragraph: 1},
			Confidence: 0.88,
			FactID:     "meeting-date",
		},
		"when was the summit?": {
			Question:   "when was the summit",
			Status:     answers.StatusSuggest,
			Text:       "I'm not sure which meeting you mean. Did you mean one of these?",
			Confidence: 0.41,
			Suggestions: []string{
				"When did the foreign ministers meet?",
				"Where did the ministers meet?",
				"Who chaired the meeting?",
				"What did the ministers agree?", // a fourth: must not become a button
			},
		},
		// As the engine replies when the likeliest fact lacks what was asked.
		"what did stoltenberg say about russia?": {
			Question: "what did stoltenberg say about russia",
			Status:   answers.StatusUnknown,
			Text:     "The article doesn't say. What it does say: Jens Stoltenberg is NATO's Secretary General.",
			Quote:    answers.Quote{Text: "NATO Secretary General Jens Stoltenberg said the alliance would stand firm.", Paragraph: 3},
			FactID:   "stoltenberg-role",
			Suggestions: []string{
				"Who is Stoltenberg?",
				"When did the foreign ministers meet?",
			},
		},
		// As the engine replies when it only guesses what a message means.
		"and the date?": {
			Question:   "and the date",
			Status:     answers.StatusSuggest,
			Text:       "The foreign ministers met on March 23 and 24, 2021.",
			Quote:      answers.Quote{Text: "Foreign ministers gathered in Brussels on March 23-24.", Paragraph: 1},
			Confidence: 0.6,
			FactID:     "meeting-date",
		},
		"what will the weather be?": {
			Question: "what will the weather be",
			Status:   answers.StatusUnknown,
			Text:     "The article does not mention the weather.",
		},
		"help": {
			Question: "help",
			Status:   answers.StatusMeta,
			Text:     "I answer questions about one article: who met, where, when and what they agreed.",
			Suggestions: []string{
				"Who is Stoltenberg?",
				"When did the foreign ministers meet?",
				"What did the ministers agree?",
			},
		},
	}}
}

// syncBuffer is a goroutine-safe log sink.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// harness is an adapter mounted exactly as cmd/bot mounts it, on loopback.
type harness struct {
	adapter *Adapter
	engine  *fakeEngine
	server  *httptest.Server
	logs    *syncBuffer
}

// setup is what a test sets an adapter up with: its Config, where an empty
// Command or ShareKeyword is the one bot serve sets by default ("/nato",
// "share"), and the Asker's rate limit (zero: ask.DefaultLimit) and
// Observer.
type setup struct {
	Config
	Limit    ask.Limit
	Observer ask.Observer
}

// newAdapter is New with the test article, through an Asker on eng made as
// bot serve makes one, with the adapter's clock; a nil logger discards the
// logs of both.
func newAdapter(s setup, eng ask.Engine, logger *slog.Logger) (*Adapter, error) {
	cfg := s.Config
	if cfg.Command == "" {
		cfg.Command = "/nato"
	}
	if cfg.ShareKeyword == "" {
		cfg.ShareKeyword = DefaultConfig().ShareKeyword
	}
	if s.Limit == (ask.Limit{}) {
		s.Limit = ask.DefaultLimit()
	}
	asker, err := ask.New(ask.Options{Platform: "slack", Engine: eng, Limit: s.Limit,
		Conversations: conversation.DefaultConfig(), Observer: s.Observer, Log: logger, Now: cfg.Now})
	if err != nil {
		return nil, err
	}
	return New(cfg, asker, testArticle, logger)
}

func newHarness(t testing.TB, cfg Config) *harness {
	t.Helper()
	return newHarnessWith(t, setup{Config: cfg})
}

// newHarnessWith is newHarness with the Asker set up too.
func newHarnessWith(t testing.TB, s setup) *harness {
	t.Helper()
	if s.SigningSecret == "" {
		s.SigningSecret = testSecret
	}
	eng := newFakeEngine()
	logs := &syncBuffer{}
	a, err := newAdapter(s, eng, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	mux := http.NewServeMux()
	mux.Handle("/slack/", a.Handler())
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return &harness{adapter: a, engine: eng, server: srv, logs: logs}
}

// commandForm is a slash command form as Slack posts it.
func commandForm(text string) url.Values {
	return url.Values{
		"token":        {"xyzz0WbapA4vBCDEFasx0q6G"},
		"team_id":      {"T1DC2JH3J"},
		"team_domain":  {"testteamnow"},
		"channel_id":   {"C0123456"},
		"channel_name": {"general"},
		"user_id":      {"U2CERLKJA"},
		"user_name":    {"roadrunner"},
		"command":      {"/nato"},
		"text":         {text},
		"response_url": {"https://hooks.slack.com/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN"},
		"trigger_id":   {"398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"},
	}
}

// signedRequest builds a POST of body to url signed as Slack signs it.
func signedRequest(t testing.TB, target, secret, body string, at time.Time) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, target, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	ts := strconv.FormatInt(at.Unix(), 10)
	req.Header.Set("Content-Type", formContentType)
	req.Header.Set(headerTimestamp, ts)
	req.Header.Set(headerSignature, sign(secret, ts, []byte(body)))
	return req
}

// do sends req and returns the status and body.
func do(t testing.TB, req *http.Request) (int, []byte) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, body
}

// ask posts a signed slash command with text and decodes the JSON reply.
func (h *harness) ask(t testing.TB, text string) map[string]any {
	t.Helper()
	req := signedRequest(t, h.server.URL+commandsPath, testSecret, commandForm(text).Encode(), time.Now())
	status, body := do(t, req)
	if status != http.StatusOK {
		t.Fatalf("status %d, body %q", status, body)
	}
	return decode(t, body)
}

func decode(t testing.TB, raw []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("reply is not a JSON object: %v\n%s", err, raw)
	}
	return m
}

// blocks returns the message's blocks.
func blocks(t testing.TB, msg map[string]any) []map[string]any {
	t.Helper()
	raw, _ := msg["blocks"].([]any)
	var out []map[string]any
	for _, b := range raw {
		out = append(out, b.(map[string]any))
	}
	return out
}

// blockText is the text of a section block or the first element of a
// context block.
func blockText(b map[string]any) string {
	switch b["type"] {
	case "section":
		return b["text"].(map[string]any)["text"].(string)
	case "context":
		return b["elements"].([]any)[0].(map[string]any)["text"].(string)
	}
	return ""
}

// buttons returns the (action_id, value, label) of every button.
func buttons(t testing.TB, msg map[string]any) [][3]string {
	t.Helper()
	var out [][3]string
	for _, b := range blocks(t, msg) {
		if b["type"] != "actions" {
			continue
		}
		for _, e := range b["elements"].([]any) {
			el := e.(map[string]any)
			label := el["text"].(map[string]any)["text"].(string)
			out = append(out, [3]string{el["action_id"].(string), el["value"].(string), label})
		}
	}
	return out
}

// unsafeProblems scans every string a Slack client renders in a reply and
// reports anything that could ping someone or render markup:
//   - a '<' or '>' (Slack's control characters; the only allowed '>' is our
//     own blockquote marker "> " at the start of a line),
//   - an '&' that does not start &amp; &lt; or &gt;,
//   - a mrkdwn text object that is not verbatim,
//   - the link_names or parse options.
//
// Button values and ids are data returned to us, never rendered, and skipped.
func unsafeProblems(v any) []string {
	var problems []string
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for _, k := range []string{"link_names", "parse"} {
				if _, ok := x[k]; ok {
					problems = append(problems, path+"."+k+" is set")
				}
			}
			if x["type"] == "mrkdwn" && x["verbatim"] != true {
				problems = append(problems, path+": mrkdwn without verbatim")
			}
			for k, child := range x {
				switch k {
				case "value", "action_id", "block_id":
					continue
				}
				walk(path+"."+k, child)
			}
		case []any:
			for i, child := range x {
				walk(path+"["+strconv.Itoa(i)+"]", child)
			}
		case string:
			if p := unsafeText(x); p != "" {
				problems = append(problems, path+": "+p+" in "+strconv.Quote(x))
			}
		}
	}
	walk("$", v)
	return problems
}

// textObjects returns the text of every Block Kit text object of type typ
// ("mrkdwn" or "plain_text") anywhere in a decoded reply.
func textObjects(v any, typ string) []string {
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if text, ok := x["text"].(string); ok && x["type"] == typ {
				out = append(out, text)
			}
			for _, child := range x {
				walk(child)
			}
		case []any:
			for _, child := range x {
				walk(child)
			}
		}
	}
	walk(v)
	return out
}

var bareAmpersand = regexp.MustCompile(`&(?:amp;|lt;|gt;)?`)

func unsafeText(s string) string {
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimPrefix(line, "> ")
		if strings.ContainsAny(line, "<>") {
			return "raw < or >"
		}
		for _, m := range bareAmpersand.FindAllString(line, -1) {
			if m == "&" {
				return "unescaped &"
			}
		}
	}
	return ""
}
