package slack

import (
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/articlebot/articlebot/config"
	"github.com/articlebot/articlebot/internal/adapters/ask"
	"github.com/articlebot/articlebot/internal/answers"
	"github.com/articlebot/articlebot/internal/wordvec"
)

// The benchmarks send a signed slash command over loopback to
//   - full: the real adapter (verify, parse, rate limit, answer, render,
//     encode), with a fake engine that answers at once, Info logs formatted
//     to io.Discard (the Asker's line per question among them) and, in the
//     "observe=noop" variant, an Observer that does nothing.
//     The rate limit is set too high to refuse anyone, so every request is
//     answered (send checks the reply is not empty);
//   - bare: a handler that only reads and verifies the signed body and
//     returns a fixed reply.
//
// Run: go test -run '^$' -bench SlashCommand -benchmem ./internal/adapters/slack/

// noObserve is the cheapest Observer, to measure what calling one costs.
type noObserve struct{}

func (noObserve) Answered(string, string, answers.Answer, time.Duration) {}
func (noObserve) Limited(string)                                         {}

// benchServers starts both servers; the bare one shares readSigned's limits.
// observe becomes the full adapter's Observer.
func benchServers(b *testing.B, observe ask.Observer) (full, bare *httptest.Server) {
	return benchServersWith(b, newFakeEngine(), observe)
}

// benchServersWith is benchServers with the engine given.
func benchServersWith(b *testing.B, engine ask.Engine, observe ask.Observer) (full, bare *httptest.Server) {
	b.Helper()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, err := newAdapter(setup{Config: Config{SigningSecret: testSecret},
		Limit: ask.Limit{Questions: math.MaxInt32, Window: 30 * time.Second}, Observer: observe}, engine, logger)
	if err != nil {
		b.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/slack/", a.Handler())
	full = httptest.NewServer(mux)
	b.Cleanup(full.Close)

	fixed := []byte(`{"response_type":"ephemeral","text":"ok"}` + "\n")
	bare = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
		if err != nil {
			http.Error(w, "too large", http.StatusRequestEntityTooLarge)
			return
		}
		if err := verify(testSecret, r.Header, body, time.Now()); err != nil {
			http.Error(w, "invalid request signature", http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write(fixed)
	}))
	b.Cleanup(bare.Close)
	return full, bare
}

// signedCommand prepares one signed slash command; send posts it.
type signedCommand struct {
	body, ts, sig string
}

func newSignedCommand(text string) signedCommand {
	body := commandForm(text).Encode()
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	return signedCommand{body: body, ts: ts, sig: sign(testSecret, ts, []byte(body))}
}

func (c signedCommand) send(b *testing.B, client *http.Client, target string) {
	req, err := http.NewRequest(http.MethodPost, target, strings.NewReader(c.body))
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Content-Type", formContentType)
	req.Header.Set(headerTimestamp, c.ts)
	req.Header.Set(headerSignature, c.sig)
	resp, err := client.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	n, _ := io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK || n == 0 {
		b.Fatalf("status %d with %d bytes; want a 200 reply", resp.StatusCode, n)
	}
}

// observeVariants are the Observers each benchmark runs with.
var observeVariants = []struct {
	name    string
	observe ask.Observer
}{
	{"observe=nil", nil},
	{"observe=noop", noObserve{}},
}

func BenchmarkSlashCommand(b *testing.B) {
	for _, v := range observeVariants {
		b.Run(v.name, func(b *testing.B) {
			full, bare := benchServers(b, v.observe)
			for _, bm := range []struct {
				name string
				url  string
			}{
				{"full", full.URL + commandsPath},
				{"bare", bare.URL + commandsPath},
			} {
				b.Run(bm.name, func(b *testing.B) {
					cmd := newSignedCommand("who is stoltenberg?")
					client := &http.Client{}
					b.ReportAllocs()
					for b.Loop() {
						cmd.send(b, client, bm.url)
					}
				})
			}
		})
	}
}

// BenchmarkSlashCommandFullVsBare interleaves full and bare requests so both
// see the same machine state, and reports each one's ns/op and the full
// handler's throughput as a fraction of the bare one's. With enough
// iterations for a stable figure it fails below 0.70, with no Observer and
// with one that does nothing.
func BenchmarkSlashCommandFullVsBare(b *testing.B) {
	for _, v := range observeVariants {
		b.Run(v.name, func(b *testing.B) { benchFullVsBare(b, v.observe) })
	}
}

// BenchmarkSlashCommandRealEngine is the same comparison with the real
// answer engine on the embedded article, so the full path also pays for
// answering: what a user's request costs in all. It reports the ratio and
// holds it to no bar; the engine's own cost is BenchmarkAnswer's.
func BenchmarkSlashCommandRealEngine(b *testing.B) {
	eng, err := answers.Load(config.Knowledge, answers.WithVectors(mustVectors()))
	if err != nil {
		b.Fatal(err)
	}
	full, bare := benchServersWith(b, eng, nil)
	benchCompare(b, full, bare, 0)
}

func benchFullVsBare(b *testing.B, observe ask.Observer) {
	full, bare := benchServers(b, observe)
	benchCompare(b, full, bare, 0.70)
}

// benchCompare times full and bare requests interleaved and, with enough
// iterations, fails when the full path's throughput is below least of the
// bare one's.
func benchCompare(b *testing.B, full, bare *httptest.Server, least float64) {
	cmd := newSignedCommand("who is stoltenberg?")
	client := &http.Client{}
	fullURL, bareURL := full.URL+commandsPath, bare.URL+commandsPath
	// Warm both connections so neither pays for a dial in the timing.
	cmd.send(b, client, fullURL)
	cmd.send(b, client, bareURL)

	var fullTime, bareTime time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		cmd.send(b, client, fullURL)
		mid := time.Now()
		cmd.send(b, client, bareURL)
		fullTime += mid.Sub(start)
		bareTime += time.Since(mid)
	}
	fullNs := float64(fullTime.Nanoseconds()) / float64(b.N)
	bareNs := float64(bareTime.Nanoseconds()) / float64(b.N)
	ratio := bareNs / fullNs // throughput(full) / throughput(bare)
	b.ReportMetric(fullNs, "full-ns/op")
	b.ReportMetric(bareNs, "bare-ns/op")
	b.ReportMetric(ratio, "full/bare-throughput")
	if b.N >= 1000 && ratio < least {
		b.Errorf("full handler runs at %.0f%% of bare throughput, want at least %.0f%%", 100*ratio, 100*least)
	}
}

// mustVectors opens the embedded word vectors.
func mustVectors() *wordvec.Table {
	t, err := wordvec.Open(config.Vectors)
	if err != nil {
		panic(err)
	}
	return t
}
