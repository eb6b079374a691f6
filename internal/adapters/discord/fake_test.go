package discord

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// fakeDiscord is a Discord gateway and REST API on loopback, enough for
// discordgo: GET /api/v9/gateway names its websocket, /ws/ speaks the
// gateway protocol (Hello, Identify or Resume, Ready or Resumed, heartbeat
// ACKs, dispatches), and every other request is recorded and answered like
// Discord would. Message bodies are checked against Discord's limits and the
// no-mentions rule; violations get a 400 and fail the test.
type fakeDiscord struct {
	t     testing.TB
	srv   *httptest.Server
	ln    *switchedListener
	botID string
	appID string
	token string // the bot token it accepts

	mu       sync.Mutex
	calls    []restCall
	conns    []*gatewayConn
	failures []scriptedFailure
	// closeOnHello, when set, closes each new connection with that code
	// right after the client identifies, as Discord does for a bad token.
	closeOnHello int
	nextID       int
}

// restCall is one recorded REST request.
type restCall struct {
	Method, Path string
	Body         []byte
	Status       int
	Scripted     bool // the status came from failNext
}

// scriptedFailure makes the next matching request fail once.
type scriptedFailure struct {
	method, pathContains string
	status               int
	body                 string
}

const (
	fakeBotID = "900000000000000001"
	fakeAppID = "900000000000000002"
)

// fakeToken is a token whose first part encodes fakeBotID, like a real one.
const fakeToken = "OTAwMDAwMDAwMDAwMDAwMDAx.Gabcde.not-a-real-secret"

func newFakeDiscord(t testing.TB) *fakeDiscord {
	f := &fakeDiscord{t: t, botID: fakeBotID, appID: fakeAppID, token: fakeToken}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v9/gateway", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bot "+f.acceptedToken() {
			http.Error(w, `{"message": "401: Unauthorized", "code": 0}`, http.StatusUnauthorized)
			return
		}
		fmt.Fprintf(w, `{"url": "ws://%s/ws"}`, r.Host)
	})
	mux.HandleFunc("/ws/", f.serveGateway)
	mux.HandleFunc("/ws", f.serveGateway)
	mux.HandleFunc("/", f.serveREST)
	f.srv = httptest.NewUnstartedServer(mux)
	f.ln = &switchedListener{Listener: f.srv.Listener}
	f.srv.Listener = f.ln
	f.srv.Start()
	t.Cleanup(f.srv.Close)
	t.Cleanup(func() {
		for _, c := range f.restCalls() {
			if c.Status == http.StatusBadRequest && !c.Scripted {
				t.Errorf("fake Discord rejected %s %s: %s", c.Method, c.Path, c.Body)
			}
		}
	})
	return f
}

// apiURL is the value for Config.APIURL.
func (f *fakeDiscord) apiURL() string { return f.srv.URL + "/" }

// switchedListener is the fake's listener. While down, it closes every
// connection as soon as it accepts it, as a host whose server is not up yet
// or a broken network would: clients see a network error, not an HTTP one.
type switchedListener struct {
	net.Listener
	down atomic.Bool
}

func (l *switchedListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil || !l.down.Load() {
			return c, err
		}
		c.Close()
	}
}

// setDown makes the fake unreachable (true) or reachable again.
func (f *fakeDiscord) setDown(down bool) { f.ln.down.Store(down) }

// setToken makes the fake accept only token as the bot's.
func (f *fakeDiscord) setToken(token string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.token = token
}

func (f *fakeDiscord) acceptedToken() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.token
}

// failNext makes the next request whose method matches and whose path
// contains pathContains fail with status and body.
func (f *fakeDiscord) failNext(method, pathContains string, status int, body string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failures = append(f.failures, scriptedFailure{method, pathContains, status, body})
}

func (f *fakeDiscord) setCloseOnHello(code int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closeOnHello = code
}

func (f *fakeDiscord) restCalls() []restCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]restCall(nil), f.calls...)
}

// callsTo returns the successful recorded calls with method whose path
// contains part.
func (f *fakeDiscord) callsTo(method, part string) []restCall {
	var out []restCall
	for _, c := range f.restCalls() {
		if c.Method == method && strings.Contains(c.Path, part) && c.Status < 300 {
			out = append(out, c)
		}
	}
	return out
}

func (f *fakeDiscord) connections() []*gatewayConn {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]*gatewayConn(nil), f.conns...)
}

// waitFor polls cond until it holds or fails the test after five seconds.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// waitCalls waits until n successful calls match and returns them.
func (f *fakeDiscord) waitCalls(t testing.TB, method, part string, n int) []restCall {
	t.Helper()
	var got []restCall
	waitFor(t, fmt.Sprintf("%d %s %s call(s)", n, method, part), func() bool {
		got = f.callsTo(method, part)
		return len(got) >= n
	})
	return got
}

// waitConn waits for the n-th (1-based) gateway connection to be ready.
func (f *fakeDiscord) waitConn(t testing.TB, n int) *gatewayConn {
	t.Helper()
	var c *gatewayConn
	waitFor(t, fmt.Sprintf("gateway connection %d", n), func() bool {
		conns := f.connections()
		if len(conns) < n {
			return false
		}
		c = conns[n-1]
		return c.isReady()
	})
	return c
}

func (f *fakeDiscord) serveREST(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	call := restCall{Method: r.Method, Path: r.URL.Path, Body: body}
	status, resp := f.route(r, body)

	f.mu.Lock()
	for i, fl := range f.failures {
		if fl.method == r.Method && strings.Contains(r.URL.Path, fl.pathContains) {
			status, resp, call.Scripted = fl.status, fl.body, true
			f.failures = append(f.failures[:i], f.failures[i+1:]...)
			break
		}
	}
	call.Status = status
	f.calls = append(f.calls, call)
	f.mu.Unlock()

	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.WriteString(w, resp)
}

// route answers a REST request like Discord would.
func (f *fakeDiscord) route(r *http.Request, body []byte) (int, string) {
	if r.Header.Get("Authorization") != "Bot "+f.acceptedToken() && !strings.HasPrefix(r.URL.Path, "/api/v9/interactions/") &&
		!strings.HasPrefix(r.URL.Path, "/api/v9/webhooks/") {
		return http.StatusUnauthorized, `{"message": "401: Unauthorized", "code": 0}`
	}
	p := strings.TrimPrefix(r.URL.Path, "/api/v9/")
	parts := strings.Split(p, "/")
	switch {
	case r.Method == http.MethodPost && len(parts) == 3 && parts[0] == "channels" && parts[2] == "messages":
		if err := checkMessage(body, false); err != nil {
			return http.StatusBadRequest, jsonError(err)
		}
		f.mu.Lock()
		f.nextID++
		id := 800000000000000000 + f.nextID
		f.mu.Unlock()
		return http.StatusOK, fmt.Sprintf(`{"id": "%d", "channel_id": %q, "content": ""}`, id, parts[1])
	case r.Method == http.MethodPost && len(parts) == 4 && parts[0] == "interactions" && parts[3] == "callback":
		if err := checkMessage(body, true); err != nil {
			return http.StatusBadRequest, jsonError(err)
		}
		return http.StatusNoContent, ""
	case r.Method == http.MethodPatch && parts[0] == "webhooks":
		if err := checkMessage(body, false); err != nil {
			return http.StatusBadRequest, jsonError(err)
		}
		return http.StatusOK, `{"id": "800000000000000999", "channel_id": "1"}`
	case r.Method == http.MethodPut && parts[0] == "applications" && parts[len(parts)-1] == "commands":
		if parts[1] != f.appID {
			return http.StatusForbidden, `{"message": "Missing Access", "code": 50001}`
		}
		return http.StatusOK, string(body)
	}
	return http.StatusNotFound, `{"message": "404: Not Found", "code": 0}`
}

func jsonError(err error) string {
	b, _ := json.Marshal(map[string]any{"message": err.Error(), "code": 50035})
	return string(b)
}

// checkMessage applies Discord's rules to a message body, or to an
// interaction response wrapping one in "data".
func checkMessage(body []byte, interaction bool) error {
	var msg map[string]json.RawMessage
	if interaction {
		var resp struct {
			Type int                        `json:"type"`
			Data map[string]json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal(body, &resp); err != nil {
			return err
		}
		if resp.Type == 6 { // deferred update: no message
			return nil
		}
		msg = resp.Data
		if resp.Type == 5 { // deferred message: only flags and mentions
			msg["content"] = json.RawMessage(`"(thinking)"`)
		}
	} else if err := json.Unmarshal(body, &msg); err != nil {
		return err
	}
	if string(msg["allowed_mentions"]) == "" {
		return fmt.Errorf("allowed_mentions missing")
	}
	var am struct {
		Parse       *[]string `json:"parse"`
		Users       []string  `json:"users"`
		Roles       []string  `json:"roles"`
		RepliedUser bool      `json:"replied_user"`
	}
	if err := json.Unmarshal(msg["allowed_mentions"], &am); err != nil {
		return err
	}
	if am.Parse == nil || len(*am.Parse) != 0 || len(am.Users) > 0 || len(am.Roles) > 0 || am.RepliedUser {
		return fmt.Errorf("allowed_mentions %s lets something ping", msg["allowed_mentions"])
	}
	var content string
	if c, ok := msg["content"]; ok {
		json.Unmarshal(c, &content)
	}
	if n := textLen(content); n > 2000 {
		return fmt.Errorf("content is %d long", n)
	}
	var embeds []struct {
		Title       string `json:"title"`
		Description string `json:"description"`
		Fields      []struct {
			Name  string `json:"name"`
			Value string `json:"value"`
		} `json:"fields"`
		Footer *struct {
			Text string `json:"text"`
		} `json:"footer"`
	}
	if e, ok := msg["embeds"]; ok {
		if err := json.Unmarshal(e, &embeds); err != nil {
			return err
		}
	}
	if len(embeds) > 10 {
		return fmt.Errorf("%d embeds", len(embeds))
	}
	total := 0
	for _, e := range embeds {
		n := textLen(e.Title) + textLen(e.Description)
		if textLen(e.Title) > 256 || textLen(e.Description) > 4096 || len(e.Fields) > 25 {
			return fmt.Errorf("embed title/description/fields over limit")
		}
		for _, fl := range e.Fields {
			if textLen(fl.Name) > 256 || textLen(fl.Value) > 1024 || fl.Name == "" || fl.Value == "" {
				return fmt.Errorf("embed field over limit or empty")
			}
			n += textLen(fl.Name) + textLen(fl.Value)
		}
		if e.Footer != nil {
			if textLen(e.Footer.Text) > 2048 {
				return fmt.Errorf("footer over limit")
			}
			n += textLen(e.Footer.Text)
		}
		total += n
	}
	if total > 6000 {
		return fmt.Errorf("embeds total %d", total)
	}
	if content == "" && len(embeds) == 0 {
		return fmt.Errorf("empty message")
	}
	var rows []struct {
		Components []struct {
			Label    string `json:"label"`
			CustomID string `json:"custom_id"`
		} `json:"components"`
	}
	if c, ok := msg["components"]; ok && string(c) != "null" {
		if err := json.Unmarshal(c, &rows); err != nil {
			return err
		}
	}
	if len(rows) > 5 {
		return fmt.Errorf("%d action rows", len(rows))
	}
	for _, row := range rows {
		if len(row.Components) > 5 {
			return fmt.Errorf("%d buttons in a row", len(row.Components))
		}
		seen := map[string]bool{}
		for _, b := range row.Components {
			if textLen(b.Label) > 80 || textLen(b.CustomID) > 100 || b.CustomID == "" || seen[b.CustomID] {
				return fmt.Errorf("bad button %q / %q", b.Label, b.CustomID)
			}
			seen[b.CustomID] = true
		}
	}
	return nil
}

// gatewayConn is one websocket connection of the fake gateway.
type gatewayConn struct {
	ws *websocket.Conn

	mu       sync.Mutex // guards writes and the fields below
	seq      int
	hello    map[string]any // the client's Identify or Resume payload
	helloOp  int
	ready    bool
	closed   bool
	received []int // ops the client sent
}

func (c *gatewayConn) isReady() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ready && !c.closed
}

func (c *gatewayConn) isClosed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closed
}

func (c *gatewayConn) first() (int, map[string]any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.helloOp, c.hello
}

func (c *gatewayConn) send(op int, typ string, d any) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	msg := map[string]any{"op": op, "d": d}
	if op == 0 {
		c.seq++
		msg["s"] = c.seq
		msg["t"] = typ
	}
	return c.ws.WriteJSON(msg)
}

// dispatch sends an event to the bot.
func (c *gatewayConn) dispatch(t testing.TB, typ string, d any) {
	t.Helper()
	if err := c.send(0, typ, d); err != nil {
		t.Fatalf("dispatch %s: %v", typ, err)
	}
}

// closeWith sends a close frame with code, then drops the connection.
func (c *gatewayConn) closeWith(code int, text string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, text), time.Now().Add(time.Second))
	c.ws.Close()
}

// drop cuts the connection without a close frame, like a network failure.
func (c *gatewayConn) drop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ws.NetConn().Close()
}

func (f *fakeDiscord) serveGateway(w http.ResponseWriter, r *http.Request) {
	up := websocket.Upgrader{}
	ws, err := up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &gatewayConn{ws: ws}
	f.mu.Lock()
	f.conns = append(f.conns, c)
	n := len(f.conns)
	closeCode := f.closeOnHello
	f.mu.Unlock()
	defer func() {
		c.mu.Lock()
		c.closed = true
		c.mu.Unlock()
		ws.Close()
	}()

	if err := c.send(10, "", map[string]any{"heartbeat_interval": 41250}); err != nil {
		return
	}
	var first struct {
		Op int            `json:"op"`
		D  map[string]any `json:"d"`
	}
	if err := ws.ReadJSON(&first); err != nil {
		return
	}
	c.mu.Lock()
	c.helloOp, c.hello = first.Op, first.D
	c.mu.Unlock()
	if closeCode != 0 {
		c.closeWith(closeCode, "closed by the fake")
		return
	}
	switch first.Op {
	case 2:
		err = c.send(0, "READY", map[string]any{
			"v":           9,
			"session_id":  fmt.Sprintf("session-%d", n),
			"user":        map[string]any{"id": f.botID, "username": "ArticleBot", "bot": true},
			"application": map[string]any{"id": f.appID, "flags": 0},
			"guilds":      []any{},
		})
	case 6:
		err = c.send(0, "RESUMED", map[string]any{})
	default:
		c.closeWith(4003, "Not authenticated.")
		return
	}
	if err != nil {
		return
	}
	c.mu.Lock()
	c.ready = true
	c.mu.Unlock()
	for {
		var msg struct {
			Op int `json:"op"`
		}
		if err := ws.ReadJSON(&msg); err != nil {
			return
		}
		c.mu.Lock()
		c.received = append(c.received, msg.Op)
		c.mu.Unlock()
		if msg.Op == 1 {
			if err := c.send(11, "", nil); err != nil {
				return
			}
		}
	}
}
