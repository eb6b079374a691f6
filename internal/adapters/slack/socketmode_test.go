package slack

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slacktest"
	"github.com/slack-go/slack/socketmode"

	"github.com/articlebot/articlebot/internal/answers"
)

// fakeSocketSlack is Slack's side of Socket Mode: slacktest serves
// apps.connections.open (pointing the client at its own /ws), and /ws runs
// script against the connection the real socketmode client dials.
func fakeSocketSlack(t *testing.T, script func(conn *websocket.Conn)) *slacktest.Server {
	t.Helper()
	srv := slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/ws", slacktest.Websocket(script))
	})
	srv.Start()
	t.Cleanup(srv.Stop)
	return srv
}

// envelope is a Socket Mode request as Slack sends it.
func envelope(t *testing.T, typ, id string, payload any) map[string]any {
	t.Helper()
	return map[string]any{
		"type":                     typ,
		"envelope_id":              id,
		"accepts_response_payload": typ == "slash_commands",
		"payload":                  payload,
	}
}

// ack is what the client sent back for one envelope.
type ack struct {
	EnvelopeID string          `json:"envelope_id"`
	Payload    json.RawMessage `json:"payload"`
}

func readAck(t *testing.T, conn *websocket.Conn) (ack, error) {
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	var a ack
	err := conn.ReadJSON(&a)
	return a, err
}

func TestSocketModeEndToEnd(t *testing.T) {
	hook := newWebhookCatcher(t)
	acks := make(chan ack, 2)
	scriptErr := make(chan error, 1)

	slashPayload := map[string]any{
		"token": "xyzz0WbapA4vBCDEFasx0q6G", "team_id": "T1DC2JH3J", "team_domain": "testteamnow",
		"channel_id": "C0123456", "channel_name": "general", "user_id": "U2CERLKJA", "user_name": "roadrunner",
		"command": "/nato", "text": "who is stoltenberg?", "api_app_id": "A0123456",
		"is_enterprise_install": "false",
		"response_url":          hook.server.URL + "/commands/T1/1/xyz",
		"trigger_id":            "398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c",
	}
	clickPayloadJSON := clickCallback(hook.server.URL+"/actions/T1/2/abc", "articlebot_suggest_1", "When did the foreign ministers meet?")

	srv := fakeSocketSlack(t, func(conn *websocket.Conn) {
		err := func() error {
			if err := conn.WriteJSON(map[string]any{"type": "hello", "num_connections": 1,
				"connection_info": map[string]any{"app_id": "A0123456"}}); err != nil {
				return err
			}
			if err := conn.WriteJSON(envelope(t, "slash_commands", "env-slash-1", slashPayload)); err != nil {
				return err
			}
			a, err := readAck(t, conn)
			if err != nil {
				return err
			}
			acks <- a
			if err := conn.WriteJSON(envelope(t, "interactive", "env-click-2", clickPayloadJSON)); err != nil {
				return err
			}
			a, err = readAck(t, conn)
			if err != nil {
				return err
			}
			acks <- a
			return nil
		}()
		scriptErr <- err
		// Hold the connection until the client closes it on shutdown.
		_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		for {
			if _, _, err := conn.ReadMessage(); err != nil {
				return
			}
		}
	})

	eng := newFakeEngine()
	rec := &hookRecorder{}
	a, err := newAdapter(setup{Config: Config{BotToken: "xoxb-test", AppToken: "xapp-test", APIURL: srv.GetAPIURL()},
		Observer: rec}, eng, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Connected() {
		t.Error("Connected before RunSocketMode")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- a.RunSocketMode(ctx) }()

	// 1. The slash command is acked with the answer itself. Slack said hello
	// before sending it, and events are handled in order, so the adapter
	// counts itself connected by the time the ack arrives.
	got := waitAck(t, acks, scriptErr)
	if !a.Connected() {
		t.Error("not Connected after hello")
	}
	if got.EnvelopeID != "env-slash-1" {
		t.Errorf("ack for %q, want env-slash-1", got.EnvelopeID)
	}
	reply := decode(t, got.Payload)
	if reply["response_type"] != "ephemeral" {
		t.Errorf("response_type = %v", reply["response_type"])
	}
	bs := blocks(t, reply)
	if len(bs) != 4 ||
		blockText(bs[1]) != "Jens Stoltenberg is NATO's Secretary General." ||
		blockText(bs[2]) != "> NATO Secretary General Jens Stoltenberg said the alliance would stand firm.\n(paragraph 3)" ||
		blockText(bs[3]) != "From “NATO allies pledge support at Brussels meeting”, Jane Reporter, March 24, 2021" {
		t.Errorf("slash ack blocks = %v", bs)
	}
	if p := unsafeProblems(reply); len(p) > 0 {
		t.Errorf("unsafe ack: %v", p)
	}

	// 2. The button click is acked, and the answer replaces the original
	// message through response_url.
	got = waitAck(t, acks, scriptErr)
	if got.EnvelopeID != "env-click-2" || len(got.Payload) != 0 {
		t.Errorf("click ack = %+v, want an empty ack for env-click-2", got)
	}
	posted := hook.next(t)
	if posted["replace_original"] != true {
		t.Errorf("replace_original = %v", posted["replace_original"])
	}
	bs = blocks(t, posted)
	if len(bs) != 4 || blockText(bs[1]) != "The foreign ministers met on March 23 and 24, 2021." ||
		blockText(bs[2]) != "> Foreign ministers gathered in Brussels on March 23-24.\n(paragraph 1)" {
		t.Errorf("replacement blocks = %v", bs)
	}
	if q := eng.questions(); strings.Join(q, "|") != "who is stoltenberg?|When did the foreign ministers meet?" {
		t.Errorf("engine asked %q", q)
	}
	checkObserved(t, eng, rec.observations(),
		[2]string{testUser, "who is stoltenberg?"},
		[2]string{testUser, "When did the foreign ministers meet?"})

	// 3. Cancelling the context stops RunSocketMode cleanly.
	stopSocketMode(t, a, cancel, done)
}

// TestSocketModeConnectedFollowsTheConnection drops the first WebSocket
// after hello and holds the second one's hello back: Connected is true
// after the first hello, false from the drop until the second hello, then
// true again, and false once ctx ends.
func TestSocketModeConnectedFollowsTheConnection(t *testing.T) {
	var dials atomic.Int32
	drop := make(chan struct{})    // the test saw the first connection up
	rehello := make(chan struct{}) // the test saw the drop
	scriptErr := make(chan error, 2)
	srv := fakeSocketSlack(t, func(conn *websocket.Conn) {
		n := dials.Add(1)
		if n == 2 {
			select {
			case <-rehello:
			case <-time.After(10 * time.Second):
			}
		}
		if err := conn.WriteJSON(map[string]any{"type": "hello", "num_connections": 1}); err != nil {
			scriptErr <- err
			return
		}
		if n == 1 {
			select {
			case <-drop:
			case <-time.After(10 * time.Second):
			}
			scriptErr <- conn.WriteControl(websocket.CloseMessage,
				websocket.FormatCloseMessage(websocket.CloseGoingAway, "test drops the connection"), time.Now().Add(time.Second))
			return
		}
		// Hold the second connection until the client closes it.
		_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		for {
			if _, _, err := conn.ReadMessage(); err != nil {
				return
			}
		}
	})

	a, err := newAdapter(setup{Config: Config{BotToken: "xoxb-test", AppToken: "xapp-test", APIURL: srv.GetAPIURL()}}, newFakeEngine(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- a.RunSocketMode(ctx) }()

	waitUntil(t, "Connected after the first hello", a.Connected)
	close(drop)
	if err := <-scriptErr; err != nil {
		t.Fatalf("closing the first connection: %v", err)
	}
	waitUntil(t, "not Connected after the drop", func() bool { return !a.Connected() })
	waitUntil(t, "the client to dial again", func() bool { return dials.Load() == 2 })
	if a.Connected() {
		t.Error("Connected on the new connection before its hello")
	}
	close(rehello)
	waitUntil(t, "Connected after the second hello", a.Connected)

	stopSocketMode(t, a, cancel, done)
}

// waitUntil polls cond for up to 10 seconds.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func waitAck(t *testing.T, acks <-chan ack, scriptErr <-chan error) ack {
	t.Helper()
	select {
	case a := <-acks:
		return a
	case err := <-scriptErr:
		if err == nil {
			select {
			case a := <-acks:
				return a
			default:
			}
		}
		t.Fatalf("fake Slack script ended before the ack: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("no ack within 10s")
	}
	return ack{}
}

func TestRunSocketModeNeedsTokens(t *testing.T) {
	a, err := newAdapter(setup{Config: Config{SigningSecret: testSecret}}, newFakeEngine(), nil)
	if err != nil {
		t.Fatal(err)
	}
	err = a.RunSocketMode(context.Background())
	if !errors.Is(err, ErrConfig) {
		t.Fatalf("RunSocketMode without tokens = %v, want ErrConfig", err)
	}
}

func TestRunSocketModeFailsOnInvalidAuth(t *testing.T) {
	srv := slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/apps.connections.open", func(w http.ResponseWriter, _ *http.Request) {
			_, _ = w.Write([]byte(`{"ok":false,"error":"invalid_auth"}`))
		})
	})
	srv.Start()
	defer srv.Stop()

	a, err := newAdapter(setup{Config: Config{BotToken: "xoxb-bad", AppToken: "xapp-bad", APIURL: srv.GetAPIURL()}}, newFakeEngine(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = a.RunSocketMode(ctx)
	if err == nil || !strings.Contains(err.Error(), "invalid_auth") {
		t.Fatalf("RunSocketMode = %v, want an invalid_auth error", err)
	}
	if ctx.Err() != nil {
		t.Fatal("RunSocketMode only returned because the test timed out")
	}
}

// fakeAcker records acks for handleSocketEvent tests without a WebSocket:
// the last payload and the number of acks per envelope.
type fakeAcker struct {
	mu    sync.Mutex
	acks  map[string]any
	count map[string]int
}

func (f *fakeAcker) AckCtx(_ context.Context, id string, payload any) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.acks == nil {
		f.acks, f.count = map[string]any{}, map[string]int{}
	}
	f.acks[id] = payload
	f.count[id]++
	return nil
}

func TestHandleSocketEvent(t *testing.T) {
	huge := strings.Repeat("🙂", 3000)
	eng := newFakeEngine()
	eng.answers["huge"] = answers.Answer{Status: answers.StatusAnswered, Text: huge, Quote: answers.Quote{Text: huge, Paragraph: 9}}
	a, err := newAdapter(setup{Config: Config{BotToken: "xoxb-1", AppToken: "xapp-1"}}, eng, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	acker := &fakeAcker{}
	var posts sync.WaitGroup
	send := func(typ socketmode.EventType, id string, data any) {
		a.handleSocketEvent(context.Background(), socketmode.Event{Type: typ, Data: data,
			Request: &socketmode.Request{EnvelopeID: id}}, acker, &posts)
	}

	send(socketmode.EventTypeSlashCommand, "big", slack.SlashCommand{Command: "/nato", Text: "huge"})
	send(socketmode.EventTypeSlashCommand, "other", slack.SlashCommand{Command: "/weather", Text: "who is stoltenberg?"})
	send(socketmode.EventTypeSlashCommand, "help", slack.SlashCommand{Command: "/nato"})
	send(socketmode.EventTypeEventsAPI, "event", nil)
	posts.Wait()

	big, ok := acker.acks["big"].(*message)
	if !ok {
		t.Fatalf("big ack = %#v", acker.acks["big"])
	}
	if raw, _ := json.Marshal(socketmode.Response{EnvelopeID: "big", Payload: big}); len(raw) >= 20*1024 {
		t.Errorf("ack is %d bytes; Slack drops acks of 20 KB or more", len(raw))
	}
	if other := acker.acks["other"].(*message); other.Text != "This app only answers /nato." {
		t.Errorf("other command ack = %q", other.Text)
	}
	if help := acker.acks["help"].(*message); !strings.HasPrefix(help.Text, "I answer questions") {
		t.Errorf("help ack = %q", help.Text)
	}
	if p, ok := acker.acks["event"]; !ok || p != nil {
		t.Errorf("events_api ack = %v, %v; want an empty ack", p, ok)
	}
	if q := eng.questions(); strings.Join(q, "|") != "huge|help" {
		t.Errorf("engine asked %q", q)
	}
}

// panickyEngine fails the way a bug in the engine would.
type panickyEngine struct{}

func (panickyEngine) Follow(answers.Context, string) (answers.Answer, answers.Context) {
	panic("engine exploded")
}

// TestSocketModeSurvivesEnginePanic: a panic while answering over Socket
// Mode is logged (without the user) instead of crashing the process; the
// slash command is acked once with an apology, the click (acked before the
// engine ran) is not acked again and nothing is posted, and later events are
// still handled.
func TestSocketModeSurvivesEnginePanic(t *testing.T) {
	logs := &syncBuffer{}
	a, err := newAdapter(setup{Config: Config{BotToken: "xoxb-1", AppToken: "xapp-1"}}, panickyEngine{},
		slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	if err != nil {
		t.Fatal(err)
	}
	hook := newWebhookCatcher(t)
	acker := &fakeAcker{}
	var posts sync.WaitGroup
	send := func(typ socketmode.EventType, id string, data any) {
		t.Helper()
		defer func() {
			if p := recover(); p != nil {
				t.Fatalf("%s event: panic escaped handleSocketEvent: %v", typ, p)
			}
		}()
		a.handleSocketEvent(context.Background(), socketmode.Event{Type: typ, Data: data,
			Request: &socketmode.Request{EnvelopeID: id}}, acker, &posts)
	}
	var cb slack.InteractionCallback
	raw, _ := json.Marshal(clickCallback(hook.server.URL+"/actions/T1/1/abc", "articlebot_suggest_0", "Who is Stoltenberg?"))
	if err := json.Unmarshal(raw, &cb); err != nil {
		t.Fatal(err)
	}

	send(socketmode.EventTypeSlashCommand, "slash", slack.SlashCommand{Command: "/nato", Text: "who is stoltenberg?",
		TeamID: "T1DC2JH3J", UserID: "U2CERLKJA", UserName: "roadrunner", ChannelID: "C0123456"})
	send(socketmode.EventTypeInteractive, "click", cb)
	send(socketmode.EventTypeEventsAPI, "event", nil)
	posts.Wait()

	sorry, ok := acker.acks["slash"].(*message)
	if !ok || sorry.Text != textTrouble || sorry.ResponseType != slack.ResponseTypeEphemeral || len(sorry.Blocks) != 0 {
		t.Errorf("slash command ack = %#v, want a private apology", acker.acks["slash"])
	}
	for id, want := range map[string]int{"slash": 1, "click": 1, "event": 1} {
		if n := acker.count[id]; n != want {
			t.Errorf("%s acked %d times, want %d", id, n, want)
		}
	}
	if p, ok := acker.acks["click"]; !ok || p != nil {
		t.Errorf("click ack = %v, want empty", p)
	}
	hook.none(t)

	out := logs.String()
	if n := strings.Count(out, "slack: panic while handling a socket mode event"); n != 2 {
		t.Errorf("logged %d panics, want 2:\n%s", n, out)
	}
	if !strings.Contains(out, "engine exploded") {
		t.Errorf("the panic value is not logged:\n%s", out)
	}
	for _, who := range []string{"U2CERLKJA", "T1DC2JH3J", "roadrunner"} {
		if strings.Contains(out, who) {
			t.Errorf("log names the user (%s):\n%s", who, out)
		}
	}
}

// stopSocketMode cancels RunSocketMode's context and checks it returns nil
// promptly and reports the connection down.
func stopSocketMode(t *testing.T, a *Adapter, cancel context.CancelFunc, done <-chan error) {
	t.Helper()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("RunSocketMode after cancel = %v, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("RunSocketMode did not return after cancel")
	}
	if a.Connected() {
		t.Error("Connected after RunSocketMode returned")
	}
}
