package unanswered

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/report.golden")

func TestFormat(t *testing.T) {
	groups := []Group{
		{
			Questions: []string{"What price did Turkey pay for S-400s?", "how much did turkey pay for the s400", "s400 price turkey??", "cost of turkey's s400 missiles", "how much did the s-400 cost turkey"},
			Count:     9, Candidate: "gap-s400-price",
			Platforms: map[string]int{"slack": 5, "discord": 3, "repl": 1},
			First:     t0, Last: t0.Add(6*24*time.Hour + 23*time.Hour + 12*time.Minute),
		},
		{
			Questions: []string{"weather in brussels", "what is the weather in brussels"},
			Count:     4, Platforms: map[string]int{"discord": 2, "slack": 2},
			First: t0.Add(time.Hour), Last: t0.Add(2 * time.Hour),
		},
		{
			Questions: []string{"evil\x1b[31m question\n"},
			Count:     1, Candidate: "gap-belgian-name", Platforms: map[string]int{"": 1},
			First: t0, Last: t0,
		},
	}
	var b strings.Builder
	if err := Format(&b, groups, 0); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"14 unanswered questions in 3 groups\n",
		"\n1. asked 9 times (slack 5, discord 3, repl 1)\n" +
			"   \"What price did Turkey pay for S-400s?\"\n" +
			"   also asked as:\n" +
			"     \"how much did turkey pay for the s400\"\n" +
			"     \"s400 price turkey??\"\n" +
			"     \"cost of turkey's s400 missiles\"\n" +
			"     and 1 more phrasing\n" +
			"   suggested fact to extend: gap-s400-price\n" +
			"   first seen 2026-11-20 10:00 UTC, last seen 2026-11-27 09:12 UTC\n",
		"\n2. asked 4 times (discord 2, slack 2)\n" +
			"   \"weather in brussels\"\n" +
			"   also asked as:\n" +
			"     \"what is the weather in brussels\"\n" +
			"   not in the article: no fact comes near\n",
		"\n3. asked 1 time (unknown platform 1)\n   \"evil\\x1b[31m question\\n\"\n   suggested fact to extend: gap-belgian-name\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks\n%s\nin\n%s", want, out)
		}
	}
	if strings.Contains(out, "how much did the s-400 cost turkey") {
		t.Error("report shows more than 3 other phrasings")
	}

	b.Reset()
	if err := Format(&b, groups, 1); err != nil {
		t.Fatal(err)
	}
	if out := b.String(); !strings.HasPrefix(out, "14 unanswered questions in 3 groups, top 1 shown\n") || strings.Contains(out, "\n2. ") {
		t.Errorf("Format with limit 1 =\n%s", out)
	}

	b.Reset()
	if err := Format(&b, nil, 10); err != nil || b.String() != "0 unanswered questions in 0 groups\n" {
		t.Errorf("Format(nil) = %q, %v", b.String(), err)
	}

	boom := errors.New("boom")
	if err := Format(errWriter{boom}, groups, 0); !errors.Is(err, boom) {
		t.Errorf("Format to a failing writer = %v, want boom", err)
	}
}

type errWriter struct{ err error }

func (w errWriter) Write([]byte) (int, error) { return 0, w.err }

// TestReportGolden runs the whole loop on a generated log with the real
// engine: write, read back, summarise, format. The golden file shows any
// change of grouping as a readable diff; refresh it with -update.
func TestReportGolden(t *testing.T) {
	path := filepath.Join(t.TempDir(), "unanswered.jsonl")
	l, err := Open(path, 1<<20, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range generated(t, 0) {
		if err := l.Write(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	entries, skipped, err := Read(iotest.HalfReader(f))
	if err != nil || skipped != 0 {
		t.Fatalf("Read: %d skipped, %v", skipped, err)
	}
	var b strings.Builder
	if err := Format(&b, Summarise(entries, realEngine(t)), 0); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "report.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if b.String() != string(want) {
		t.Errorf("report differs from %s (go test -update to accept):\ngot:\n%s\nwant:\n%s", golden, b.String(), want)
	}
}
