package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/articlebot/articlebot/config"
)

var loadFlag = flag.Bool("load", false, "run the load test: 20,000 signed slash commands, 64 clients, against the real bot serve")

// buildBot builds the real binary once per test.
func buildBot(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "bot")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// copyKnowledge writes the embedded knowledge base to a directory, for a
// server that reloads it from disk.
func copyKnowledge(t *testing.T) string {
	t.Helper()
	return copyKnowledgeFrom(t, config.Knowledge)
}

// copyKnowledgeFrom writes the knowledge base and article of fsys to a
// directory of its own and returns it.
func copyKnowledgeFrom(t *testing.T, fsys fs.FS) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"knowledge.yaml", "article.txt"} {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// process is a running `bot serve`.
type process struct {
	cmd  *exec.Cmd
	addr string
	logs *syncBuffer
	done chan error
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// startServe runs the binary with a signing secret on a free loopback port
// and waits until it is ready.
func startServe(t *testing.T, bin, kbDir string, extraEnv ...string) *process {
	t.Helper()
	p := &process{addr: freeAddr(t), logs: &syncBuffer{}, done: make(chan error, 1)}
	p.cmd = exec.Command(bin, "serve", "--kb", kbDir, "--log-level", "warn", "--unanswered-path", filepath.Join(t.TempDir(), "unanswered.jsonl"))
	p.cmd.Env = append(os.Environ(), "SLACK_SIGNING_SECRET=load-secret", "BOT_HTTP_ADDR="+p.addr,
		"SLACK_BOT_TOKEN=", "SLACK_APP_TOKEN=", "DISCORD_BOT_TOKEN=")
	p.cmd.Env = append(p.cmd.Env, extraEnv...)
	p.cmd.Stderr = p.logs
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- p.cmd.Wait() }()
	t.Cleanup(func() { p.cmd.Process.Kill() })
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if r, err := http.Get("http://" + p.addr + "/readyz"); err == nil {
			r.Body.Close()
			if r.StatusCode == 200 {
				return p
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("bot serve not ready:\n%s", p.logs.String())
		}
	}
}

// loadResult tallies a load run.
type loadResult struct {
	sent, ok, refused, failed atomic.Int64
	mu                        sync.Mutex
	latencies                 []time.Duration
	firstFailure              atomic.Value
}

var loadQuestions = []string{
	"who's the nato boss?", "who wrote the article?", "why is turkey a problem for nato?", "nordstream 2 sanctions",
	"how many countries are in nato", "what did stoltenberg say about turkey", "how much did turkey pay for the s400s",
	"when is the afghanistan deadline", "e3", "who took the photo in kabul", "what's the weather in brussels", "hi",
}

// hammer sends n signed slash commands from clients goroutines, tallying
// them in res. It stops early when stop is closed; requests refused before
// they were sent (the server no longer listening) are counted apart from
// failures. The clients never retry: every request sent is answered or fails.
func hammer(res *loadResult, addr string, n, clients int, stop <-chan struct{}) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 1}}
			var local []time.Duration
			for {
				i := next.Add(1) - 1
				if i >= int64(n) {
					break
				}
				select {
				case <-stop:
					return
				default:
				}
				// one user per request: the load measures answering, not the rate limit
				req := slackRequestFrom(addr, "load-secret", fmt.Sprintf("U%d", i), loadQuestions[i%int64(len(loadQuestions))])
				res.sent.Add(1)
				start := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					if isRefused(err) {
						res.refused.Add(1)
						continue
					}
					res.failed.Add(1)
					res.firstFailure.CompareAndSwap(nil, err.Error())
					continue
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != 200 || !bytes.Contains(body, []byte(`"blocks"`)) {
					res.failed.Add(1)
					res.firstFailure.CompareAndSwap(nil, fmt.Sprintf("status %d err %v body %.200s", resp.StatusCode, err, body))
					continue
				}
				res.ok.Add(1)
				local = append(local, time.Since(start))
			}
			res.mu.Lock()
			res.latencies = append(res.latencies, local...)
			res.mu.Unlock()
		})
	}
	wg.Wait()
}

// isRefused is a request the server never accepted: the dial failed.
func isRefused(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial" || errors.Is(err, syscall.ECONNREFUSED)
}

func percentile(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	slices.Sort(d)
	return d[min(len(d)-1, int(float64(len(d))*p))]
}

// TestLoad sends 20,000 signed slash commands from 64 clients to the real
// `bot serve`, with a valid and a broken knowledge base edit during the
// load. Run it with: go test ./cmd/bot -run TestLoad -load -v
func TestLoad(t *testing.T) {
	if !*loadFlag {
		t.Skip("the load test runs with -load")
	}
	bin := buildBot(t)
	kbDir := copyKnowledge(t)
	p := startServe(t, bin, kbDir)
	const total, clients = 20000, 64

	res := &loadResult{}
	loadDone := make(chan struct{})
	start := time.Now()
	go func() {
		hammer(res, p.addr, total, clients, nil)
		close(loadDone)
	}()

	// While the load runs: one valid edit of the knowledge base, then one
	// broken edit, each waited for until /metrics counts its reload.
	kbFile := filepath.Join(kbDir, "knowledge.yaml")
	orig, _ := os.ReadFile(kbFile)
	valid := bytes.Replace(orig, []byte("synonyms:\n"), []byte("synonyms:\n  - [loadtest, load test]\n"), 1)
	broken := append(slices.Clone(valid), []byte("\n  - id: broken-edit\n    topic: x\n    questions: [q]\n    answer: a\n    quotes: [{text: \"not in the article at all\", paragraph: 1}]\n")...)
	for _, edit := range []struct {
		text   []byte
		result string
	}{{valid, "ok"}, {broken, "error"}} {
		name := `articlebot_knowledge_reloads_total{result="` + edit.result + `"}`
		before := metricValue(scrape(t, p.addr), name)
		if err := os.WriteFile(kbFile, edit.text, 0o644); err != nil {
			t.Fatal(err)
		}
		for deadline := time.Now().Add(5 * time.Second); metricValue(scrape(t, p.addr), name) <= before; time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%s did not move after the edit", name)
			}
		}
	}
	editsAt := time.Since(start)
	select {
	case <-loadDone:
		t.Errorf("the load was over before the reloads were (%v): they did not run under load", editsAt)
	default:
	}
	<-loadDone
	elapsed := time.Since(start)
	t.Logf("reloads (one valid, one broken) done %v into the load", editsAt.Round(time.Millisecond))

	p50, p99 := percentile(res.latencies, 0.50), percentile(res.latencies, 0.99)
	t.Logf("%d requests, %d clients: %d ok, %d failed in %v: %.0f requests/s, p50 %v, p99 %v",
		res.sent.Load(), clients, res.ok.Load(), res.failed.Load(), elapsed.Round(time.Millisecond),
		float64(res.ok.Load())/elapsed.Seconds(), p50, p99)
	if res.failed.Load() > 0 || res.refused.Load() > 0 || res.ok.Load() != total {
		t.Errorf("%d failed, %d refused; first failure: %v", res.failed.Load(), res.refused.Load(), res.firstFailure.Load())
	}
	if p99 > 50*time.Millisecond {
		t.Errorf("p99 latency %v is over 50ms", p99)
	}
	if !strings.Contains(p.logs.String(), "reload rejected") {
		t.Errorf("the broken edit was not logged as rejected:\n%s", p.logs.String())
	}
	if r, err := http.Get("http://" + p.addr + "/readyz"); err != nil || r.StatusCode != 200 {
		t.Errorf("not ready after the broken edit: %v", err)
	}
}

// TestGracefulShutdownUnderLoad stops `bot serve` with SIGTERM while 16
// clients are sending on keep-alive connections, without retrying: every
// request sent on a connection the server accepted gets its reply, and it
// exits 0 within the shutdown timeout.
func TestGracefulShutdownUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary under load")
	}
	bin := buildBot(t)
	p := startServe(t, bin, copyKnowledge(t))
	stop := make(chan struct{})
	res := &loadResult{}
	loadDone := make(chan struct{})
	go func() {
		hammer(res, p.addr, 1_000_000, 16, stop)
		close(loadDone)
	}()
	for res.ok.Load() < 500 { // the load is under way
		if res.failed.Load()+res.refused.Load() > 0 {
			t.Fatalf("a request failed before the signal: %v", res.firstFailure.Load())
		}
		time.Sleep(10 * time.Millisecond)
	}
	sigAt := time.Now()
	p.cmd.Process.Signal(syscall.SIGTERM)
	var exitErr error
	select {
	case exitErr = <-p.done:
	case <-time.After(shutdownTimeout + 2*time.Second):
		t.Fatal("bot serve did not exit after SIGTERM")
	}
	took := time.Since(sigAt)
	close(stop)
	<-loadDone
	t.Logf("SIGTERM under load: exited in %v; %d ok, %d refused after the listener closed, %d failed",
		took.Round(time.Millisecond), res.ok.Load(), res.refused.Load(), res.failed.Load())
	if exitErr != nil {
		t.Errorf("exit: %v\n%s", exitErr, p.logs.String())
	}
	if took > shutdownTimeout {
		t.Errorf("shutdown took %v", took)
	}
	if res.failed.Load() > 0 {
		t.Errorf("%d accepted requests got no reply; first: %v", res.failed.Load(), res.firstFailure.Load())
	}
	if res.ok.Load() == 0 {
		t.Error("no request was answered before the signal")
	}
}

// TestMetricsMove scrapes /metrics before and after questions.
func TestMetricsMove(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBot(t)
	p := startServe(t, bin, copyKnowledge(t), "BOT_SLACK_RATE_LIMIT=3")
	before := scrape(t, p.addr)
	for range 5 { // one user: 3 answered, then refused by the rate limit
		r, err := http.DefaultClient.Do(slackRequestFor(p.addr, "load-secret", "who wrote the article?"))
		if err != nil || r.StatusCode != 200 {
			t.Fatalf("slash command: %v", err)
		}
		r.Body.Close()
	}
	bad, err := http.DefaultClient.Do(slackRequestFor(p.addr, "wrong-secret", "hi"))
	if err != nil {
		t.Fatal(err)
	}
	bad.Body.Close()
	after := scrape(t, p.addr)
	for _, name := range []string{
		`articlebot_questions_total{platform="slack",status="answered"}`,
		`articlebot_answer_seconds_count{platform="slack"}`,
		`articlebot_rate_limited_total{platform="slack"}`,
		`articlebot_slack_signature_failures_total`,
	} {
		if metricValue(after, name) <= metricValue(before, name) {
			t.Errorf("%s did not move: %v then %v", name, metricValue(before, name), metricValue(after, name))
		}
	}
	if !strings.Contains(after, `articlebot_knowledge_info{version="`) {
		t.Error("no knowledge base version in /metrics")
	}
}

func scrape(t *testing.T, addr string) string {
	t.Helper()
	r, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	b, _ := io.ReadAll(r.Body)
	return string(b)
}

// metricValue reads one sample from a Prometheus text exposition; 0 if absent.
func metricValue(text, name string) float64 {
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), name+" "); ok {
			var v float64
			fmt.Sscan(rest, &v)
			return v
		}
	}
	return 0
}

// TestReloadOnSIGHUP: with file watching off, SIGHUP reloads the edited
// knowledge base; a broken edit is rejected and the server stays ready and
// keeps answering from the previous one.
func TestReloadOnSIGHUP(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBot(t)
	kbDir := copyKnowledge(t)
	p := startServe(t, bin, kbDir, "BOT_RELOAD_WATCH=false")
	version := func() string {
		m := scrape(t, p.addr)
		i := strings.Index(m, `articlebot_knowledge_info{version="`)
		if i < 0 {
			t.Fatal("no version in /metrics")
		}
		v := m[i+len(`articlebot_knowledge_info{version="`):]
		return v[:strings.Index(v, `"`)]
	}
	waitFor := func(name string, above float64) {
		for deadline := time.Now().Add(5 * time.Second); metricValue(scrape(t, p.addr), name) <= above; time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%s did not move past %v", name, above)
			}
		}
	}
	kbFile := filepath.Join(kbDir, "knowledge.yaml")
	orig, _ := os.ReadFile(kbFile)
	v1 := version()

	edited := bytes.Replace(orig, []byte("synonyms:\n"), []byte("synonyms:\n  - [sighup, hangup]\n"), 1)
	os.WriteFile(kbFile, edited, 0o644)
	time.Sleep(500 * time.Millisecond) // no watcher: nothing may change by itself
	if v := version(); v != v1 {
		t.Fatalf("version changed without SIGHUP (watching is off): %s -> %s", v1, v)
	}
	p.cmd.Process.Signal(syscall.SIGHUP)
	waitFor(`articlebot_knowledge_reloads_total{result="ok"}`, 0)
	v2 := version()
	if v2 == v1 {
		t.Fatal("SIGHUP did not load the edited knowledge base")
	}

	os.WriteFile(kbFile, []byte("facts: [this is not a knowledge base"), 0o644)
	p.cmd.Process.Signal(syscall.SIGHUP)
	waitFor(`articlebot_knowledge_reloads_total{result="error"}`, 0)
	if v := version(); v != v2 {
		t.Errorf("a broken edit replaced the knowledge base: %s -> %s", v2, v)
	}
	r, err := http.DefaultClient.Do(slackRequestFor(p.addr, "load-secret", "who wrote the article?"))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(r.Body)
	r.Body.Close()
	if !bytes.Contains(body, []byte("Erlanger")) {
		t.Errorf("after a broken edit the bot answered %s", body)
	}
	if r, err := http.Get("http://" + p.addr + "/readyz"); err != nil || r.StatusCode != 200 {
		t.Errorf("not ready after a broken edit: %v", err)
	}
	if !strings.Contains(p.logs.String(), "reload rejected") {
		t.Errorf("the rejection was not logged:\n%s", p.logs.String())
	}
}
