package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// inProcess is `bot serve` run in the test's process; cancelling it is
// what SIGTERM does.
type inProcess struct {
	addr   string
	logs   *syncBuffer
	cancel context.CancelFunc
	done   chan error
}

// serveInProcess runs `bot serve` for Slack over HTTP with the given extra
// arguments and waits until it answers /healthz.
func serveInProcess(t *testing.T, args ...string) *inProcess {
	t.Helper()
	p := &inProcess{addr: freeAddr(t), logs: &syncBuffer{}, done: make(chan error, 1)}
	t.Setenv("SLACK_SIGNING_SECRET", "test-secret")
	t.Setenv("BOT_HTTP_ADDR", p.addr)
	t.Setenv("BOT_UNANSWERED_PATH", filepath.Join(t.TempDir(), "unanswered.jsonl"))
	for _, v := range []string{"SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "DISCORD_BOT_TOKEN", "BOT_CONFIG"} {
		t.Setenv(v, "")
	}
	ctx, cancel := context.WithCancel(context.Background())
	p.cancel = cancel
	go func() {
		p.done <- run(ctx, append([]string{"serve"}, args...), strings.NewReader(""), io.Discard, p.logs)
	}()
	t.Cleanup(func() {
		http.DefaultClient.CloseIdleConnections() // or the shutdown waits for them
		cancel()
		<-p.done
	})
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if r, err := http.Get("http://" + p.addr + "/healthz"); err == nil {
			r.Body.Close()
			http.DefaultClient.CloseIdleConnections()
			return p
		}
		if time.Now().After(deadline) {
			t.Fatalf("bot serve did not come up:\n%s", p.logs.String())
		}
	}
}

// stopAndWaitForListener cancels serve, as SIGTERM does, and returns once
// a new connection is refused: the shutdown has begun.
func (p *inProcess) stopAndWaitForListener(t *testing.T) {
	t.Helper()
	p.cancel()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		c, err := net.Dial("tcp", p.addr)
		if errors.Is(err, syscall.ECONNREFUSED) {
			return
		}
		if err == nil {
			c.Close()
		}
		if time.Now().After(deadline) {
			t.Fatal("the listener was not closed after the signal")
		}
	}
}

// wait returns serve's error; it fails the test if serve outlives the
// shutdown budget.
func (p *inProcess) wait(t *testing.T) error {
	t.Helper()
	select {
	case err := <-p.done:
		p.done <- err // for the cleanup
		return err
	case <-time.After(shutdownTimeout + 2*time.Second):
		t.Fatalf("serve did not stop within %v:\n%s", shutdownTimeout, p.logs.String())
		return nil
	}
}

// rawRequest is a signed slash command as the bytes a client sends.
func rawRequest(t *testing.T, addr, text string, header ...string) []byte {
	t.Helper()
	req := slackRequestFor(addr, "test-secret", text)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	var b bytes.Buffer
	if err := req.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// startSlowRequest sends a request's head and part of its body on c once
// the server is reading the body (it has said "100 Continue"), and returns
// the rest of the body.
func startSlowRequest(t *testing.T, c net.Conn, r *bufio.Reader, addr string) (rest []byte) {
	t.Helper()
	head, body, _ := bytes.Cut(rawRequest(t, addr, "who's the nato boss?", "Expect", "100-continue"), []byte("\r\n\r\n"))
	c.Write(append(head, "\r\n\r\n"...))
	if line, err := r.ReadString('\n'); err != nil || !strings.Contains(line, "100 Continue") {
		t.Fatalf("the server did not ask for the body: %q %v", line, err)
	}
	r.ReadString('\n') // the blank line ending the interim response
	c.Write(body[:len(body)-10])
	return body[len(body)-10:]
}

// readReply reads one response from a raw connection.
func readReply(t *testing.T, r *bufio.Reader) (*http.Response, string) {
	t.Helper()
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		t.Fatalf("no reply: %v", err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatalf("reading the reply: %v", err)
	}
	return resp, string(body)
}

// TestShutdownAnswersOpenConnections: at SIGTERM the server stops accepting,
// but a request arriving on a connection opened before it is answered, on an
// idle keep-alive connection as on one whose request body was still arriving;
// each reply asks the client to close, and serve then exits cleanly.
func TestShutdownAnswersOpenConnections(t *testing.T) {
	p := serveInProcess(t)
	idle, idleR := keptAlive(t, p.addr)
	slow, slowR := keptAlive(t, p.addr)
	rest := startSlowRequest(t, slow, slowR, p.addr)

	p.stopAndWaitForListener(t)
	idle.Write(rawRequest(t, p.addr, "who wrote the article?"))
	slow.Write(rest)
	for name, r := range map[string]*bufio.Reader{"idle": idleR, "slow": slowR} {
		resp, body := readReply(t, r)
		if resp.StatusCode != 200 || !strings.Contains(body, `"blocks"`) {
			t.Errorf("%s connection after the signal: %d %s", name, resp.StatusCode, body)
		}
		if !resp.Close {
			t.Errorf("%s connection: the reply during shutdown does not ask the client to close", name)
		}
	}
	if err := p.wait(t); err != nil {
		t.Errorf("serve returned %v\n%s", err, p.logs.String())
	}
}

// keptAlive opens a connection the server has surely accepted: one request
// answered on it, and kept alive.
func keptAlive(t *testing.T, addr string) (net.Conn, *bufio.Reader) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	r := bufio.NewReader(c)
	c.Write(rawRequest(t, addr, "who wrote the article?"))
	if resp, body := readReply(t, r); resp.StatusCode != 200 || resp.Close || !strings.Contains(body, "Erlanger") {
		t.Fatalf("before the signal: %d close=%v %s", resp.StatusCode, resp.Close, body)
	}
	return c, r
}

// TestShutdownWithAStuckClient: a client that never finishes its request is
// cut after the grace period, and serve still exits 0 within its budget.
func TestShutdownWithAStuckClient(t *testing.T) {
	p := serveInProcess(t)
	c, r := keptAlive(t, p.addr)
	startSlowRequest(t, c, r, p.addr) // and never the rest

	start := time.Now()
	p.stopAndWaitForListener(t)
	if err := p.wait(t); err != nil {
		t.Errorf("serve returned %v\n%s", err, p.logs.String())
	}
	if took := time.Since(start); took > shutdownTimeout {
		t.Errorf("shutdown took %v, over its %v budget", took, shutdownTimeout)
	}
	if !strings.Contains(p.logs.String(), "closing connections still open after the grace period") {
		t.Errorf("cutting the stuck client was not logged:\n%s", p.logs.String())
	}
}
