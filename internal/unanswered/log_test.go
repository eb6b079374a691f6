package unanswered

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)

func entry(i int) Entry {
	return Entry{Time: t0.Add(time.Duration(i) * time.Second), Platform: "slack", Question: fmt.Sprintf("question %04d", i), Status: "unknown", Candidates: []string{}}
}

// lines reads a file's lines, failing the test on any that does not parse.
func lines(t *testing.T, path string) []Entry {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var es []Entry
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var e Entry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("%s: line %q does not parse: %v", filepath.Base(path), sc.Text(), err)
		}
		es = append(es, e)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return es
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path string
		keep       int
		want       string
	}{
		{"missing directory", filepath.Join(dir, "nope", "unanswered.jsonl"), 3, "directory " + filepath.Join(dir, "nope") + " does not exist"},
		{"directory is a file", filepath.Join(file, "unanswered.jsonl"), 3, "is not a directory"},
		{"path is a directory", dir, 3, "is a directory"},
		{"path is a device", os.DevNull, 3, "is not a regular file"},
		{"negative keep", filepath.Join(dir, "u.jsonl"), -1, "must not be negative"},
		{"empty path", "", 3, "no path"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := Open(tt.path, 1024, tt.keep)
			if err == nil {
				l.Close()
				t.Fatal("Open succeeded, want an error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
		})
	}
}

func TestLogConcurrentWrites(t *testing.T) {
	path := filepath.Join(t.TempDir(), "unanswered.jsonl")
	l, err := Open(path, 0, 3)
	if err != nil {
		t.Fatal(err)
	}
	const writers, each = 32, 50
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				e := entry(w*each + i)
				// User text that must stay on one line, escaped.
				e.Question += " \"quoted\" <b>&</b>\nsecond line\u2028é\x00"
				if err := l.Write(e); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	got := lines(t, path)
	if len(got) != writers*each {
		t.Fatalf("%d lines, want %d", len(got), writers*each)
	}
	seen := map[string]bool{}
	for _, e := range got {
		if !strings.HasSuffix(e.Question, " \"quoted\" <b>&</b>\nsecond line\u2028é\x00") {
			t.Fatalf("question %q did not survive the round trip", e.Question)
		}
		seen[e.Question] = true
	}
	if len(seen) != writers*each {
		t.Errorf("%d distinct questions, want %d", len(seen), writers*each)
	}
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, %v; want 0600", st.Mode().Perm(), err)
	}
}

func TestLogConcurrentRotation(t *testing.T) {
	path := filepath.Join(t.TempDir(), "unanswered.jsonl")
	const writers, each, keep, maxBytes = 16, 40, 200, 2048
	l, err := Open(path, maxBytes, keep)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				if err := l.Write(entry(w*each + i)); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	total := len(lines(t, path))
	for i := 1; ; i++ {
		p := fmt.Sprintf("%s.%d", path, i)
		if _, err := os.Stat(p); err != nil {
			if i < 3 {
				t.Fatalf("only %d rotated files, want several", i-1)
			}
			break
		}
		if st, _ := os.Stat(p); st.Size() > maxBytes {
			t.Errorf("%s is %d bytes, over the limit %d", p, st.Size(), maxBytes)
		}
		total += len(lines(t, p))
	}
	if total != writers*each {
		t.Errorf("%d lines in all files, want %d", total, writers*each)
	}
}

func TestLogRotation(t *testing.T) {
	line, _ := json.Marshal(entry(0))
	size := int64(len(line) + 1) // every entry(i) for i < 10000 has this size
	for _, keep := range []int{0, 1, 2, 3} {
		t.Run(fmt.Sprint("keep ", keep), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "unanswered.jsonl")
			const perFile = 4
			l, err := Open(path, perFile*size, keep) // exactly four lines fit
			if err != nil {
				t.Fatal(err)
			}
			const n = 4*perFile + 2 // fills path.3, .2, .1, then 2 lines in path
			for i := range n {
				if err := l.Write(entry(i)); err != nil {
					t.Fatal(err)
				}
			}
			if err := l.Close(); err != nil {
				t.Fatal(err)
			}
			// The live file holds the last 2 lines; path.k holds the k-th
			// previous four; path.keep+1 must not exist.
			check := func(p string, from, count int) {
				t.Helper()
				got := lines(t, p)
				if len(got) != count {
					t.Fatalf("%s: %d lines, want %d", filepath.Base(p), len(got), count)
				}
				for j, e := range got {
					if want := entry(from + j).Question; e.Question != want {
						t.Errorf("%s line %d = %q, want %q", filepath.Base(p), j+1, e.Question, want)
					}
				}
			}
			check(path, n-2, 2)
			for k := 1; k <= keep; k++ {
				check(fmt.Sprintf("%s.%d", path, k), n-2-k*perFile, perFile)
			}
			if _, err := os.Stat(fmt.Sprintf("%s.%d", path, keep+1)); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("%s.%d exists (%v): the oldest file was not dropped", path, keep+1, err)
			}
		})
	}
}

func TestLogReopenCountsExistingSize(t *testing.T) {
	path := filepath.Join(t.TempDir(), "unanswered.jsonl")
	line, _ := json.Marshal(entry(0))
	size := int64(len(line) + 1)
	for i := range 3 {
		l, err := Open(path, 2*size, 1)
		if err != nil {
			t.Fatal(err)
		}
		if err := l.Write(entry(i)); err != nil {
			t.Fatal(err)
		}
		if err := l.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if got := lines(t, path); len(got) != 1 || got[0].Question != entry(2).Question {
		t.Errorf("live file = %v, want only entry 2", got)
	}
	if got := lines(t, path+".1"); len(got) != 2 {
		t.Errorf("path.1 has %d lines, want 2 (appended across opens)", len(got))
	}
}

func TestLogOversizedLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "unanswered.jsonl")
	l, err := Open(path, 64, 1)
	if err != nil {
		t.Fatal(err)
	}
	big := entry(1)
	big.Question = strings.Repeat("x", 200)
	for _, e := range []Entry{entry(0), big, entry(2)} {
		if err := l.Write(e); err != nil {
			t.Fatal(err)
		}
	}
	l.Close()
	if got := lines(t, path+".1"); len(got) != 1 || got[0].Question != big.Question {
		t.Errorf("path.1 = %v, want the oversized line alone", got)
	}
	if got := lines(t, path); len(got) != 1 || got[0].Question != entry(2).Question {
		t.Errorf("path = %v, want entry 2", got)
	}
}

func TestLogWriteAfterClose(t *testing.T) {
	l, err := Open(filepath.Join(t.TempDir(), "u.jsonl"), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if err := l.Write(entry(0)); !errors.Is(err, ErrClosed) {
		t.Errorf("Write after Close = %v, want ErrClosed", err)
	}
}

func TestConfigValidate(t *testing.T) {
	if d := DefaultConfig(); d.Path != "unanswered.jsonl" || d.MaxBytes != 10<<20 || d.Keep != 3 || d.Validate() != nil {
		t.Errorf("DefaultConfig() = %+v, %v", d, d.Validate())
	}
	err := Config{Path: "u.jsonl", MaxBytes: 100, Keep: -1}.Validate()
	for _, want := range []string{"MaxBytes: 100 is too small (at least 1024)", "Keep: -1 must not be negative"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate = %v, want %q", err, want)
		}
	}
	if err := (Config{MaxBytes: 100}).Validate(); err != nil {
		t.Errorf("a log turned off need not rotate sensibly: %v", err)
	}
}
