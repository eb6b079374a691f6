package slack

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/articlebot/articlebot/internal/adapters/ask"
	"github.com/articlebot/articlebot/internal/conversation"
)

func TestCommandAnswersWithBlocks(t *testing.T) {
	h := newHarness(t, Config{})
	got := h.ask(t, "who is stoltenberg?")

	want := decode(t, []byte(`{
		"text": "Jens Stoltenberg is NATO's Secretary General.",
		"response_type": "ephemeral",
		"blocks": [
			{"type": "context", "elements": [{"type": "plain_text", "text": "Q: who is stoltenberg?", "emoji": false}]},
			{"type": "section", "text": {"type": "mrkdwn", "text": "Jens Stoltenberg is NATO's Secretary General.", "verbatim": true}},
			{"type": "section", "text": {"type": "mrkdwn", "text": "> NATO Secretary General Jens Stoltenberg said the alliance would stand firm.\n(paragraph 3)", "verbatim": true}},
			{"type": "context", "elements": [{"type": "mrkdwn", "text": "From “NATO allies pledge support at Brussels meeting”, Jane Reporter, March 24, 2021", "verbatim": true}]}
		]
	}`))
	if !reflect.DeepEqual(got, want) {
		gotJSON, _ := json.MarshalIndent(got, "", "  ")
		t.Fatalf("reply mismatch; got:\n%s", gotJSON)
	}
	if q := h.engine.questions(); !slices.Equal(q, []string{"who is stoltenberg?"}) {
		t.Fatalf("engine asked %q", q)
	}
}

func TestCommandReplyHeaders(t *testing.T) {
	h := newHarness(t, Config{})
	req := signedRequest(t, h.server.URL+commandsPath, testSecret, commandForm("who is stoltenberg?").Encode(), time.Now())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type = %q", ct)
	}
}

func TestCommandVisibility(t *testing.T) {
	tests := []struct {
		name      string
		cfg       Config
		text      string
		wantType  string
		wantAsked string
	}{
		{"ephemeral by default", Config{}, "who is stoltenberg?", "ephemeral", "who is stoltenberg?"},
		{"share keyword", Config{}, "share who is stoltenberg?", "in_channel", "who is stoltenberg?"},
		{"share keyword any case", Config{}, "SHARE  who is stoltenberg?", "in_channel", "who is stoltenberg?"},
		{"custom share keyword", Config{ShareKeyword: "post"}, "post who is stoltenberg?", "in_channel", "who is stoltenberg?"},
		{"default keyword inert when customised", Config{ShareKeyword: "post"}, "share who is stoltenberg?", "ephemeral", "share who is stoltenberg?"},
		{"keyword must be a whole word", Config{}, "shared who is stoltenberg?", "ephemeral", "shared who is stoltenberg?"},
		{"InChannel option", Config{InChannel: true}, "who is stoltenberg?", "in_channel", "who is stoltenberg?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, tt.cfg)
			got := h.ask(t, tt.text)
			if got["response_type"] != tt.wantType {
				t.Errorf("response_type = %v, want %s", got["response_type"], tt.wantType)
			}
			if q := h.engine.questions(); !slices.Equal(q, []string{tt.wantAsked}) {
				t.Errorf("engine asked %q, want %q", q, tt.wantAsked)
			}
		})
	}
}

func TestCommandHelp(t *testing.T) {
	for _, text := range []string{"", "help", "  HELP  ", "share", "share help"} {
		t.Run(text, func(t *testing.T) {
			h := newHarness(t, Config{InChannel: true}) // help stays private anyway
			got := h.ask(t, text)
			assertHelp(t, got)
			if q := h.engine.questions(); !slices.Equal(q, []string{"help"}) {
				t.Errorf("engine asked %q, want [help]", q)
			}
		})
	}

	t.Run("form without text field", func(t *testing.T) {
		h := newHarness(t, Config{})
		form := commandForm("")
		form.Del("text")
		status, body := do(t, signedRequest(t, h.server.URL+commandsPath, testSecret, form.Encode(), time.Now()))
		if status != http.StatusOK {
			t.Fatalf("status %d", status)
		}
		assertHelp(t, decode(t, body))
	})
}

func assertHelp(t *testing.T, got map[string]any) {
	t.Helper()
	if got["response_type"] != "ephemeral" {
		t.Errorf("help response_type = %v, want ephemeral", got["response_type"])
	}
	bs := blocks(t, got)
	if len(bs) == 0 || !strings.HasPrefix(blockText(bs[0]), "I answer questions about one article") {
		t.Fatalf("help does not start with what the bot knows: %v", bs)
	}
	var all []string
	for _, b := range bs {
		all = append(all, blockText(b))
	}
	joined := strings.Join(all, "\n")
	for _, want := range []string{
		"Try asking:\n• /nato Who is Stoltenberg?\n• /nato When did the foreign ministers meet?\n• /nato What did the ministers agree?",
		"/nato share QUESTION",
		"From “NATO allies pledge support at Brussels meeting”",
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("help lacks %q:\n%s", want, joined)
		}
	}
	if n := len(buttons(t, got)); n != 3 {
		t.Errorf("help has %d example buttons, want 3", n)
	}
	if got["text"] == "" {
		t.Error("help has no fallback text")
	}
}

func TestCommandSuggestOffersThreeButtons(t *testing.T) {
	h := newHarness(t, Config{})
	got := h.ask(t, "when was the summit?")

	want := [][3]string{
		{"articlebot_suggest_0", "When did the foreign ministers meet?", "When did the foreign ministers meet?"},
		{"articlebot_suggest_1", "Where did the ministers meet?", "Where did the ministers meet?"},
		{"articlebot_suggest_2", "Who chaired the meeting?", "Who chaired the meeting?"},
	}
	if b := buttons(t, got); !reflect.DeepEqual(b, want) {
		t.Fatalf("buttons = %q, want %q", b, want)
	}
	bs := blocks(t, got)
	if blockText(bs[1]) != "I'm not sure which meeting you mean. Did you mean one of these?" {
		t.Errorf("suggest text = %q", blockText(bs[1]))
	}
	// The notification text lists the questions after the engine's own
	// "did you mean", without asking it a second time.
	wantText := "I'm not sure which meeting you mean. Did you mean one of these?\nWhen did the foreign ministers meet? / Where did the ministers meet? / Who chaired the meeting?"
	if text, _ := got["text"].(string); text != wantText {
		t.Errorf("fallback text = %q, want %q", text, wantText)
	}
}

// TestCommandUnknownShowsQuoteAndSuggestions: when the likeliest fact lacks
// what was asked, the reply says so once, quotes what the article does say
// and offers the suggested questions, as bot ask --json returns them.
func TestCommandUnknownShowsQuoteAndSuggestions(t *testing.T) {
	h := newHarness(t, Config{})
	got := h.ask(t, "what did stoltenberg say about russia?")
	var texts []string
	for _, b := range blocks(t, got) {
		texts = append(texts, blockText(b))
	}
	all := strings.Join(texts, "\n")
	if n := strings.Count(all, "doesn't say"); n != 1 {
		t.Errorf("the blocks say \"doesn't say\" %d times:\n%s", n, all)
	}
	if want := "> NATO Secretary General Jens Stoltenberg said the alliance would stand firm.\n(paragraph 3)"; !slices.Contains(texts, want) {
		t.Errorf("no quote block %q in:\n%s", want, all)
	}
	wantButtons := [][3]string{
		{"articlebot_suggest_0", "Who is Stoltenberg?", "Who is Stoltenberg?"},
		{"articlebot_suggest_1", "When did the foreign ministers meet?", "When did the foreign ministers meet?"},
	}
	if b := buttons(t, got); !reflect.DeepEqual(b, wantButtons) {
		t.Errorf("buttons = %q, want %q", b, wantButtons)
	}
	want := "The article doesn't say. What it does say: Jens Stoltenberg is NATO's Secretary General.\nDid you mean: Who is Stoltenberg? / When did the foreign ministers meet?"
	if text, _ := got["text"].(string); text != want {
		t.Errorf("fallback text = %q, want %q", text, want)
	}
}

// TestCommandSuggestShowsItsQuote: a reply the engine is unsure of still
// quotes the article for what it offers.
func TestCommandSuggestShowsItsQuote(t *testing.T) {
	h := newHarness(t, Config{})
	got := h.ask(t, "and the date?")
	var texts []string
	for _, b := range blocks(t, got) {
		texts = append(texts, blockText(b))
	}
	if want := "> Foreign ministers gathered in Brussels on March 23-24.\n(paragraph 1)"; !slices.Contains(texts, want) {
		t.Errorf("no quote block %q in %q", want, texts)
	}
}

func TestCommandUnknownSaysSoPlainly(t *testing.T) {
	h := newHarness(t, Config{})
	got := h.ask(t, "what will the weather be?")
	bs := blocks(t, got)
	// The engine's own words, with no line of the adapter's added.
	if want := "The article does not mention the weather."; blockText(bs[1]) != want {
		t.Errorf("unknown text = %q, want %q", blockText(bs[1]), want)
	}
	if got["text"] != "The article does not mention the weather." {
		t.Errorf("fallback = %q", got["text"])
	}
	if len(buttons(t, got)) != 0 {
		t.Error("unknown answer offers buttons")
	}
}

func TestCommandForAnotherCommandIsRefused(t *testing.T) {
	h := newHarness(t, Config{})
	form := commandForm("who is stoltenberg?")
	form.Set("command", "/weather")
	status, body := do(t, signedRequest(t, h.server.URL+commandsPath, testSecret, form.Encode(), time.Now()))
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	if got := decode(t, body); got["text"] != "This app only answers /nato." {
		t.Errorf("reply = %v", got)
	}
	if q := h.engine.questions(); len(q) != 0 {
		t.Errorf("engine asked %q", q)
	}
}

// TestRejectedRequests sends each kind of bad request to both endpoints and
// checks the status, that the engine was never called, that signature
// failures (and only they) are counted and logged, and that the log holds
// neither the body nor the secret.
func TestRejectedRequests(t *testing.T) {
	const marker = "who+is+stoltenberg"
	body := commandForm("who is stoltenberg?").Encode()
	oversize := body + "&pad=" + strings.Repeat("x", maxBodyBytes)

	tests := []struct {
		name    string
		req     func(h *harness, path string) *http.Request
		status  int
		sigFail bool
	}{
		{"tampered body", func(h *harness, p string) *http.Request {
			r := signedRequest(t, h.server.URL+p, testSecret, body, time.Now())
			r.Body = io.NopCloser(strings.NewReader(strings.Replace(body, "stoltenberg", "stoltenburg", 1)))
			return r
		}, http.StatusUnauthorized, true},
		{"wrong secret", func(h *harness, p string) *http.Request {
			return signedRequest(t, h.server.URL+p, "not-the-secret", body, time.Now())
		}, http.StatusUnauthorized, true},
		{"timestamp 6 minutes old", func(h *harness, p string) *http.Request {
			return signedRequest(t, h.server.URL+p, testSecret, body, time.Now().Add(-6*time.Minute))
		}, http.StatusUnauthorized, true},
		{"timestamp 6 minutes ahead", func(h *harness, p string) *http.Request {
			return signedRequest(t, h.server.URL+p, testSecret, body, time.Now().Add(6*time.Minute))
		}, http.StatusUnauthorized, true},
		{"missing signature header", func(h *harness, p string) *http.Request {
			r := signedRequest(t, h.server.URL+p, testSecret, body, time.Now())
			r.Header.Del(headerSignature)
			return r
		}, http.StatusUnauthorized, true},
		{"missing timestamp header", func(h *harness, p string) *http.Request {
			r := signedRequest(t, h.server.URL+p, testSecret, body, time.Now())
			r.Header.Del(headerTimestamp)
			return r
		}, http.StatusUnauthorized, true},
		{"no signature headers", func(h *harness, p string) *http.Request {
			r := signedRequest(t, h.server.URL+p, testSecret, body, time.Now())
			r.Header.Del(headerSignature)
			r.Header.Del(headerTimestamp)
			return r
		}, http.StatusUnauthorized, true},
		{"body over 64 KiB", func(h *harness, p string) *http.Request {
			return signedRequest(t, h.server.URL+p, testSecret, oversize, time.Now())
		}, http.StatusRequestEntityTooLarge, false},
		{"GET", func(h *harness, p string) *http.Request {
			r := signedRequest(t, h.server.URL+p, testSecret, "", time.Now())
			r.Method = http.MethodGet
			return r
		}, http.StatusMethodNotAllowed, false},
		{"JSON content type", func(h *harness, p string) *http.Request {
			r := signedRequest(t, h.server.URL+p, testSecret, body, time.Now())
			r.Header.Set("Content-Type", "application/json")
			return r
		}, http.StatusUnsupportedMediaType, false},
		{"no content type", func(h *harness, p string) *http.Request {
			r := signedRequest(t, h.server.URL+p, testSecret, body, time.Now())
			r.Header.Del("Content-Type")
			return r
		}, http.StatusUnsupportedMediaType, false},
		{"unknown path", func(h *harness, p string) *http.Request {
			return signedRequest(t, h.server.URL+"/slack/other", testSecret, body, time.Now())
		}, http.StatusNotFound, false},
	}
	for _, path := range []string{commandsPath, interactivePath} {
		for _, tt := range tests {
			t.Run(path+"/"+tt.name, func(t *testing.T) {
				h := newHarness(t, Config{})
				status, _ := do(t, tt.req(h, path))
				if status != tt.status {
					t.Errorf("status %d, want %d", status, tt.status)
				}
				if q := h.engine.questions(); len(q) != 0 {
					t.Errorf("engine was asked %q", q)
				}
				wantFails := uint64(0)
				if tt.sigFail {
					wantFails = 1
				}
				if n := h.adapter.SignatureFailures(); n != wantFails {
					t.Errorf("SignatureFailures = %d, want %d", n, wantFails)
				}
				logs := h.logs.String()
				if tt.sigFail && !strings.Contains(logs, "rejected request signature") {
					t.Errorf("signature failure not logged: %s", logs)
				}
				if strings.Contains(logs, marker) || strings.Contains(logs, "stoltenberg") || strings.Contains(logs, testSecret) {
					t.Errorf("log leaks body or secret: %s", logs)
				}
			})
		}
	}
}

func TestGETReportsAllowedMethod(t *testing.T) {
	h := newHarness(t, Config{})
	resp, err := http.Get(h.server.URL + commandsPath)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != http.MethodPost {
		t.Fatalf("status %d, Allow %q", resp.StatusCode, resp.Header.Get("Allow"))
	}
}

// webhookCatcher is a local stand-in for Slack's response_url.
type webhookCatcher struct {
	server *httptest.Server
	posts  chan caughtPost
}

type caughtPost struct {
	contentType string
	body        []byte
}

func newWebhookCatcher(t *testing.T) *webhookCatcher {
	t.Helper()
	c := &webhookCatcher{posts: make(chan caughtPost, 4)}
	c.server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		c.posts <- caughtPost{contentType: r.Header.Get("Content-Type"), body: body}
		_, _ = w.Write([]byte("ok"))
	}))
	t.Cleanup(c.server.Close)
	return c
}

func (c *webhookCatcher) next(t *testing.T) map[string]any {
	t.Helper()
	select {
	case p := <-c.posts:
		if p.contentType != "application/json" {
			t.Errorf("response_url Content-Type = %q", p.contentType)
		}
		return decode(t, p.body)
	case <-time.After(5 * time.Second):
		t.Fatal("nothing was posted to response_url")
		return nil
	}
}

func (c *webhookCatcher) none(t *testing.T) {
	t.Helper()
	select {
	case p := <-c.posts:
		t.Fatalf("unexpected post to response_url: %s", p.body)
	case <-time.After(200 * time.Millisecond):
	}
}

// clickPayload is a block_actions interaction as Slack sends it for a click
// on one of our suggestion buttons.
func clickPayload(responseURL, actionID, value string) string {
	raw, _ := json.Marshal(clickCallback(responseURL, actionID, value))
	return url.Values{"payload": {string(raw)}}.Encode()
}

// clickCallback is the JSON object inside clickPayload; Socket Mode sends it
// as the payload of an "interactive" envelope.
func clickCallback(responseURL, actionID, value string) map[string]any {
	return map[string]any{
		"type":         "block_actions",
		"user":         map[string]any{"id": "U2CERLKJA", "username": "roadrunner", "team_id": "T1DC2JH3J"},
		"api_app_id":   "A0123456",
		"token":        "xyzz0WbapA4vBCDEFasx0q6G",
		"container":    map[string]any{"type": "message", "message_ts": "1700000000.000100", "channel_id": "C0123456", "is_ephemeral": true},
		"trigger_id":   "398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c",
		"team":         map[string]any{"id": "T1DC2JH3J", "domain": "testteamnow"},
		"channel":      map[string]any{"id": "C0123456", "name": "general"},
		"response_url": responseURL,
		"actions": []any{map[string]any{
			"action_id": actionID,
			"block_id":  suggestBlockID,
			"type":      "button",
			"value":     value,
			"text":      map[string]any{"type": "plain_text", "text": value, "emoji": false},
			"action_ts": "1700000001.000200",
		}},
	}
}

func TestButtonClickReplacesOriginalViaResponseURL(t *testing.T) {
	h := newHarness(t, Config{})
	hook := newWebhookCatcher(t)

	body := clickPayload(hook.server.URL+"/actions/T1/1/abc", "articlebot_suggest_0", "When did the foreign ministers meet?")
	start := time.Now()
	status, respBody := do(t, signedRequest(t, h.server.URL+interactivePath, testSecret, body, time.Now()))
	if status != http.StatusOK || len(respBody) != 0 {
		t.Fatalf("ack: status %d body %q, want empty 200", status, respBody)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("ack took %v", d)
	}

	got := hook.next(t)
	if got["replace_original"] != true {
		t.Errorf("replace_original = %v, want true", got["replace_original"])
	}
	if _, ok := got["response_type"]; ok {
		t.Errorf("replacement sets response_type %v; it should keep the original's", got["response_type"])
	}
	bs := blocks(t, got)
	if len(bs) != 4 ||
		blockText(bs[0]) != "Q: When did the foreign ministers meet?" ||
		blockText(bs[1]) != "The foreign ministers met on March 23 and 24, 2021." ||
		blockText(bs[2]) != "> Foreign ministers gathered in Brussels on March 23-24.\n(paragraph 1)" {
		t.Errorf("replacement blocks = %v", bs)
	}
	if q := h.engine.questions(); !slices.Equal(q, []string{"When did the foreign ministers meet?"}) {
		t.Errorf("engine asked %q", q)
	}
}

func TestInteractionsNotOursAreIgnored(t *testing.T) {
	tests := []struct {
		name    string
		payload func(hookURL string) string
	}{
		{"foreign action id", func(u string) string { return clickPayload(u, "someone_else_0", "who is stoltenberg?") }},
		{"empty value", func(u string) string { return clickPayload(u, "articlebot_suggest_0", "  ") }},
		{"not block_actions", func(u string) string {
			raw, _ := json.Marshal(map[string]any{"type": "view_submission", "response_url": u})
			return url.Values{"payload": {string(raw)}}.Encode()
		}},
		{"no response_url", func(string) string {
			return clickPayload("", "articlebot_suggest_0", "who is stoltenberg?")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, Config{})
			hook := newWebhookCatcher(t)
			status, _ := do(t, signedRequest(t, h.server.URL+interactivePath, testSecret, tt.payload(hook.server.URL), time.Now()))
			if status != http.StatusOK {
				t.Fatalf("status %d, want 200", status)
			}
			if q := h.engine.questions(); len(q) != 0 {
				t.Errorf("engine asked %q", q)
			}
			hook.none(t)
		})
	}
}

func TestInteractionBadPayload(t *testing.T) {
	h := newHarness(t, Config{})
	for _, body := range []string{"payload=%7Bnot+json", "nothing=here"} {
		status, _ := do(t, signedRequest(t, h.server.URL+interactivePath, testSecret, body, time.Now()))
		if status != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", body, status)
		}
	}
	if q := h.engine.questions(); len(q) != 0 {
		t.Errorf("engine asked %q", q)
	}
}

func TestNewValidatesConfig(t *testing.T) {
	eng := newFakeEngine()
	bad := []struct {
		name string
		cfg  Config
	}{
		{"no mode", Config{}},
		{"command without slash", Config{SigningSecret: "s", Command: "nato"}},
		{"command with space", Config{SigningSecret: "s", Command: "/nato now"}},
		{"command too long", Config{SigningSecret: "s", Command: "/" + strings.Repeat("n", 32)}},
		{"share keyword with space", Config{SigningSecret: "s", ShareKeyword: "post it"}},
		{"bot token only", Config{BotToken: "xoxb-1"}},
		{"app token only", Config{AppToken: "xapp-1"}},
		{"tokens swapped", Config{BotToken: "xapp-1", AppToken: "xoxb-1"}},
		{"bad API URL", Config{SigningSecret: "s", APIURL: "ftp://example.com/api/"}},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := newAdapter(setup{Config: tt.cfg}, eng, nil); err == nil {
				t.Fatal("New accepted a bad config")
			}
		})
	}
	if _, err := New(Config{SigningSecret: "s", Command: "/nato"}, nil, testArticle, nil); err == nil {
		t.Error("New accepted a nil asker")
	}
	// The command is the Slack app's: the adapter has no default for it.
	if d := DefaultConfig(); d.Command != "" || d.ShareKeyword != "share" || d.InChannel {
		t.Errorf("DefaultConfig() = %+v", d)
	}
	asker, _ := ask.New(ask.Options{Platform: "slack", Engine: eng, Limit: ask.DefaultLimit(), Conversations: conversation.DefaultConfig()})
	if _, err := New(Config{SigningSecret: "s"}, asker, testArticle, nil); err == nil || !strings.Contains(err.Error(), "Command") {
		t.Errorf("New without a command = %v, want an error naming Command", err)
	}

	a, err := newAdapter(setup{Config: Config{SigningSecret: "s", APIURL: "http://127.0.0.1:1/api"}}, eng, nil)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if a.cfg.Now == nil || a.cfg.APIURL != "http://127.0.0.1:1/api/" {
		t.Errorf("New did not fill the clock and end the API URL with a slash: %+v", a.cfg)
	}
	if _, err := newAdapter(setup{Config: Config{BotToken: "xoxb-1", AppToken: "xapp-1"}}, eng, nil); err != nil {
		t.Errorf("Socket Mode only config rejected: %v", err)
	}
}

// TestInjectedClock shows the handler uses Config.Now for the signature
// window: a request signed "now" is stale for an adapter whose clock runs
// ten minutes ahead.
func TestInjectedClock(t *testing.T) {
	h := newHarness(t, Config{Now: func() time.Time { return time.Now().Add(10 * time.Minute) }})
	status, _ := do(t, signedRequest(t, h.server.URL+commandsPath, testSecret, commandForm("who is stoltenberg?").Encode(), time.Now()))
	if status != http.StatusUnauthorized {
		t.Fatalf("status %d, want 401", status)
	}
	status, _ = do(t, signedRequest(t, h.server.URL+commandsPath, testSecret, commandForm("who is stoltenberg?").Encode(), time.Now().Add(10*time.Minute)))
	if status != http.StatusOK {
		t.Fatalf("status %d, want 200", status)
	}
}

func TestNoSigningSecretRejectsEverything(t *testing.T) {
	a, err := newAdapter(setup{Config: Config{BotToken: "xoxb-1", AppToken: "xapp-1"}}, newFakeEngine(), nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler())
	defer srv.Close()
	// Signed with the empty secret: must still be refused.
	status, _ := do(t, signedRequest(t, srv.URL+commandsPath, "", commandForm("who is stoltenberg?").Encode(), time.Now()))
	if status != http.StatusUnauthorized {
		t.Fatalf("status %d, want 401", status)
	}
}

// Slack escapes & < > in command text; the engine must get the question as
// typed, and the echo must not show "&amp;amp;".
func TestCommandDecodesSlackEscapes(t *testing.T) {
	h := newHarness(t, Config{})
	got := h.ask(t, "did R&amp;D spending reach &lt;2%?")
	if q := h.engine.questions(); !slices.Equal(q, []string{"did R&D spending reach <2%?"}) {
		t.Errorf("engine asked %q", q)
	}
	if echo := blockText(blocks(t, got)[0]); echo != "Q: did R&amp;D spending reach &lt;2%?" {
		t.Errorf("echo = %q", echo)
	}
}

func TestSSLCheckIsAcknowledgedWithoutAnswer(t *testing.T) {
	h := newHarness(t, Config{})
	body := url.Values{"ssl_check": {"1"}, "token": {"xyzz0WbapA4vBCDEFasx0q6G"}}.Encode()
	status, reply := do(t, signedRequest(t, h.server.URL+commandsPath, testSecret, body, time.Now()))
	if status != http.StatusOK || len(reply) != 0 {
		t.Fatalf("status %d body %q, want empty 200", status, reply)
	}
	if q := h.engine.questions(); len(q) != 0 {
		t.Errorf("engine asked %q", q)
	}
}

// TestWaitLetsClickRepliesFinish: a click is acked at once and its reply is
// posted to response_url in the background; Wait returns only once that
// post is done, or with ctx's error when ctx ends first.
func TestWaitLetsClickRepliesFinish(t *testing.T) {
	h := newHarness(t, Config{})
	const delay = 200 * time.Millisecond
	var arrived atomic.Bool
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body)
		arrived.Store(true)
		time.Sleep(delay)
		_, _ = w.Write([]byte("ok"))
	}))
	t.Cleanup(slow.Close)

	if err := h.adapter.Wait(context.Background()); err != nil {
		t.Fatalf("Wait with nothing to wait for = %v", err)
	}
	body := clickPayload(slow.URL+"/actions/T1/1/abc", "articlebot_suggest_0", "When did the foreign ministers meet?")
	start := time.Now()
	if status, _ := do(t, signedRequest(t, h.server.URL+interactivePath, testSecret, body, time.Now())); status != http.StatusOK {
		t.Fatalf("click status %d", status)
	}

	expired, cancel := context.WithCancel(context.Background())
	cancel()
	if err := h.adapter.Wait(expired); !errors.Is(err, context.Canceled) {
		t.Errorf("Wait with an expired ctx = %v, want context.Canceled", err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := h.adapter.Wait(ctx); err != nil {
		t.Fatalf("Wait = %v", err)
	}
	if !arrived.Load() {
		t.Error("Wait returned before the reply reached response_url")
	}
	if took := time.Since(start); took < delay {
		t.Errorf("Wait returned %v after the click, before response_url answered (%v)", took, delay)
	}
}

// TestSignatureRejectionsLogAtABoundedRate: anyone can send badly signed
// requests, so they are logged at most once per rejectionLogEvery, each
// line counting the rejections since the line before.
func TestSignatureRejectionsLogAtABoundedRate(t *testing.T) {
	clock := &manualClock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	h := newHarness(t, Config{Now: clock.now})
	body := commandForm("who is stoltenberg?").Encode()
	reject := func(n int) {
		t.Helper()
		for range n {
			if status, _ := do(t, signedRequest(t, h.server.URL+commandsPath, "not-the-secret", body, clock.now())); status != http.StatusUnauthorized {
				t.Fatalf("status %d, want 401", status)
			}
		}
	}
	lines := func() []string {
		var got []string
		for _, l := range strings.Split(h.logs.String(), "\n") {
			if strings.Contains(l, "rejected request signatures") {
				got = append(got, l)
			}
		}
		return got
	}

	reject(40)
	if got := lines(); len(got) != 1 || !strings.Contains(got[0], "count=1 ") || !strings.Contains(got[0], `reason="signature mismatch"`) {
		t.Fatalf("after 40 rejections in an instant, the log has:\n%s", strings.Join(got, "\n"))
	}
	clock.advance(rejectionLogEvery - time.Second)
	reject(1)
	if got := lines(); len(got) != 1 {
		t.Fatalf("a second line within %v:\n%s", rejectionLogEvery, strings.Join(got, "\n"))
	}
	clock.advance(time.Second)
	reject(1)
	if got := lines(); len(got) != 2 || !strings.Contains(got[1], "count=41 ") {
		t.Errorf("after the interval, want one more line counting 41 rejections:\n%s", strings.Join(got, "\n"))
	}
	if n := h.adapter.SignatureFailures(); n != 42 {
		t.Errorf("SignatureFailures = %d, want every one of 42 counted", n)
	}
}
