package unanswered

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
)

func TestRead(t *testing.T) {
	tests := []struct {
		name        string
		in          string
		wantQs      []string
		wantSkipped int
	}{
		{
			name: "truncated last line",
			in: `{"time":"2026-11-20T10:00:00Z","platform":"slack","question":"a","status":"unknown","candidates":["f"]}
{"time":"2026-11-20T10:00:01Z","platform":"slack","question":"b","status":"unknown","candidates":[]}
{"time":"2026-11-20T10:00:02Z","platform":"disc`,
			wantQs:      []string{"a", "b"},
			wantSkipped: 1,
		},
		{
			name:   "no final newline",
			in:     `{"question":"a"}`,
			wantQs: []string{"a"},
		},
		{
			name: "garbage, blank lines and lines without a question",
			in: "\n" + `{"question":"a"}` + "\n\n  \n" + `not json` + "\n" + `null` + "\n" + `{"platform":"slack"}` + "\n" +
				`["question"]` + "\n" + `{"question":"b"}` + "\r\n",
			wantQs:      []string{"a", "b"},
			wantSkipped: 4,
		},
		{name: "empty", in: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			es, skipped, err := Read(strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			var qs []string
			for _, e := range es {
				qs = append(qs, e.Question)
			}
			if strings.Join(qs, "|") != strings.Join(tt.wantQs, "|") || skipped != tt.wantSkipped {
				t.Errorf("Read = %q, %d skipped; want %q, %d skipped", qs, skipped, tt.wantQs, tt.wantSkipped)
			}
		})
	}
}

func TestReadRoundTripWithTruncation(t *testing.T) {
	path := filepath.Join(t.TempDir(), "u.jsonl")
	l, err := Open(path, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []Entry{entry(0), entry(1), entry(2)}
	want[1].Candidates = []string{"gap-s400-price", "s400-existing-sanctions"}
	for _, e := range want {
		if err := l.Write(e); err != nil {
			t.Fatal(err)
		}
	}
	l.Close()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	data = data[:len(data)-10] // a crash in the middle of the last write
	got, skipped, err := Read(bytes.NewReader(data))
	if err != nil || skipped != 1 || len(got) != 2 {
		t.Fatalf("Read = %d entries, %d skipped, %v; want 2, 1, nil", len(got), skipped, err)
	}
	for i, e := range got {
		w := want[i]
		if !e.Time.Equal(w.Time) || e.Platform != w.Platform || e.Question != w.Question || e.Status != w.Status || strings.Join(e.Candidates, ",") != strings.Join(w.Candidates, ",") {
			t.Errorf("entry %d = %+v, want %+v", i, e, w)
		}
	}
}

func TestReadError(t *testing.T) {
	boom := errors.New("boom")
	r := iotest.TimeoutReader(strings.NewReader(`{"question":"a"}` + "\n" + strings.Repeat("x", 8192)))
	_, _, err := Read(r)
	if !errors.Is(err, iotest.ErrTimeout) {
		t.Errorf("Read = %v, want the reader's error", err)
	}
	if _, _, err := Read(iotest.ErrReader(boom)); !errors.Is(err, boom) {
		t.Errorf("Read = %v, want boom", err)
	}
}

func FuzzRead(f *testing.F) {
	f.Add([]byte(`{"time":"2026-11-20T10:00:00Z","platform":"slack","question":"a","status":"unknown","candidates":["f"]}` + "\n" + `{"quest`))
	f.Add([]byte("\n\n{}\nnull\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		es, skipped, err := Read(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		nonBlank := 0
		for _, line := range bytes.Split(data, []byte("\n")) {
			if len(bytes.TrimSpace(line)) > 0 {
				nonBlank++
			}
		}
		if len(es)+skipped != nonBlank {
			t.Errorf("%d entries + %d skipped != %d non-blank lines", len(es), skipped, nonBlank)
		}
		for _, e := range es {
			if e.Question == "" {
				t.Error("entry without a question")
			}
		}
	})
}

// TestReadLogReadsWhatLogRotated: ReadLog finds the files Log rotated the
// log into and returns every entry kept, oldest first, counting the files
// and the damaged lines.
func TestReadLogReadsWhatLogRotated(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "u.jsonl")
	if _, _, files, err := ReadLog(path); err != nil || files != 0 {
		t.Fatalf("ReadLog of no log = %d files, %v; want 0, nil", files, err)
	}
	line, _ := json.Marshal(entry(0))
	size := int64(len(line) + 1)    // as for every entry(i), i < 10000
	l, err := Open(path, 2*size, 2) // two lines a file, two rotated files kept
	if err != nil {
		t.Fatal(err)
	}
	for i := range 7 { // 0 and 1 rotated out of the last kept file
		if err := l.Write(entry(i)); err != nil {
			t.Fatal(err)
		}
	}
	l.Close()
	f, err := os.OpenFile(path+".2", os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"question":`) // a damaged line
	f.Close()

	es, skipped, files, err := ReadLog(path)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range es {
		got = append(got, e.Question)
	}
	want := []string{"question 0002", "question 0003", "question 0004", "question 0005", "question 0006"}
	if strings.Join(got, "|") != strings.Join(want, "|") || skipped != 1 || files != 3 {
		t.Errorf("ReadLog = %q, %d skipped, %d files; want %q, 1 skipped, 3 files", got, skipped, files, want)
	}
}
