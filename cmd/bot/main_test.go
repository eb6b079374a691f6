package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// runBot calls run as main would, with buffers for the standard streams.
func runBot(t *testing.T, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestAskOneQuestion(t *testing.T) {
	out, _, err := runBot(t, "", "ask", "who", "wrote", "the", "article?")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "Erlanger") || !strings.Contains(out, "(paragraph 3)") {
		t.Errorf("bot ask printed %q; want the author and the paragraph of the quote", out)
	}
}

func TestAskJSONBatch(t *testing.T) {
	// Every line gets one reply, a blank one too, so that inputs and
	// replies line up.
	in := "who's the nato boss?\n   \nHow much did Turkey pay for the S-400s?\nhello\n"
	out, _, err := runBot(t, in, "ask", "--json")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 {
		t.Fatalf("got %d JSON lines for 4 input lines:\n%s", len(lines), out)
	}
	wantStatus := []string{"answered", "meta", "unknown", "meta"}
	for i, line := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("line %d is not JSON: %v", i+1, err)
		}
		var keys []string
		for k := range m {
			keys = append(keys, k)
		}
		for _, k := range []string{"question", "status", "answer", "quote", "paragraph", "confidence", "fact", "suggestions"} {
			if _, ok := m[k]; !ok {
				t.Errorf("line %d lacks field %q", i+1, k)
			}
		}
		if len(m) != 8 {
			t.Errorf("line %d has fields %v; want exactly the eight documented", i+1, keys)
		}
		if m["status"] != wantStatus[i] {
			t.Errorf("line %d status %v, want %s", i+1, m["status"], wantStatus[i])
		}
		if _, ok := m["suggestions"].([]any); !ok {
			t.Errorf("line %d suggestions is %v, want a list", i+1, m["suggestions"])
		}
	}
	var first jsonAnswer
	json.Unmarshal([]byte(lines[0]), &first)
	if !strings.Contains(first.Answer+first.Quote, "Stoltenberg") || first.Paragraph != 7 || first.Fact == "" {
		t.Errorf("first answer = %+v; want Stoltenberg quoted from paragraph 7 with a fact id", first)
	}
}

// TestDevSetBar guards the accuracy bar: at least 95% of in-scope
// questions right (45 of 47), at most 5% of out-of-scope ones answered.
func TestDevSetBar(t *testing.T) {
	out, _, err := runBot(t, "", "eval", "--min-in", "0.95", "--max-false", "0.05", "../../testdata/dev.jsonl")
	if err != nil {
		t.Fatalf("bot eval below the bar:\n%s", out)
	}
	t.Log(out)
}

func TestEvalScoringRules(t *testing.T) {
	dir := t.TempDir()
	set := filepath.Join(dir, "set.jsonl")
	os.WriteFile(set, []byte(`{"id":"a","kind":"in","q":"who wrote it","expect":[["erlanger"],["STEVEN"]]}
{"id":"b","kind":"in","q":"who wrote it","expect":[["nobody-at-all"]]}
{"id":"c","kind":"out","q":"How much did Turkey pay for the S-400s?"}
{"id":"d","kind":"out","q":"who wrote it"}
`), 0o644)
	out, _, err := runBot(t, "", "eval", "--show", set)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "in-scope 1/2 correct (50.0%), out-of-scope 1/2 falsely answered (50.0%)") {
		t.Errorf("bot eval printed:\n%s", out)
	}
	if _, _, err := runBot(t, "", "eval", "--min-in", "0.9", set); err == nil {
		t.Error("eval below --min-in exited zero")
	}
}

func TestCheckPasses(t *testing.T) {
	out, _, err := runBot(t, "", "check")
	if err != nil {
		t.Fatalf("bot check failed:\n%s", out)
	}
}

func TestCheckReportsBrokenKnowledge(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "article.txt"), []byte("Title\n\nFirst paragraph.\n\nSecond one.\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "knowledge.yaml"), []byte(`article: {file: article.txt, title: Title}
reading: {women: [ada]}
facts:
  - id: one
    topic: T
    questions: [what is first]
    answer: The first.
    quotes: [{text: "First paragraph.", paragraph: 3}]
  - id: one
    topic: T
    questions: [what is second]
    answer: Again.
    quotes: [{text: "Not in the article", paragraph: 2}]
  - id: two
    topic: T
    questions: ["What is first?"]
    answer: The first again.
    quotes: [{text: "Second one.", paragraph: 3}]
`), 0o644)
	out, _, err := runBot(t, "", "--kb", dir, "check")
	if err == nil {
		t.Fatal("bot check passed a broken knowledge base")
	}
	for _, want := range []string{
		`facts[0] (id "one"): quotes[0].paragraph: is 3, the text stands in paragraph 2`,
		`facts[1] (id "one"): id: duplicate`,
		`also a question of "one"`,
		`not found verbatim in the article`,
		`paragraph 1: no fact quotes it`,
		`facts[2] (id "two"): questions[0] "What is first?": also a question of "one"`,
		`reading.women[0]: "ada" is not one of people`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("bot check output lacks %q:\n%s", want, out)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	if _, errOut, err := runBot(t, "", "frobnicate"); exitCode(err) != 2 || !strings.Contains(errOut, "Usage") {
		t.Errorf("unknown command: exit %d, stderr %q", exitCode(err), errOut)
	}
	if _, _, err := runBot(t, "", "--kb", t.TempDir(), "ask", "hi"); exitCode(err) != 1 {
		t.Errorf("missing knowledge base: exit %d, want 1", exitCode(err))
	}
	// A command whose usage names no operands takes none.
	for _, cmd := range []string{"repl", "check", "train", "snapshot", "vectors", "serve", "config"} {
		if _, errOut, err := runBot(t, "", cmd, "extra"); exitCode(err) != 2 || !strings.Contains(errOut, cmd+" takes no arguments") {
			t.Errorf("bot %s extra: exit %d, stderr %q", cmd, exitCode(err), errOut)
		}
	}
}

// TestBinaryREPLOverPipe builds the real binary and drives it through
// stdin and stdout, as "echo question | bot" does.
func TestBinaryREPLOverPipe(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "bot")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin)
	cmd.Stdin = strings.NewReader("who wrote this?\n:why\nnordstream sanctions\nwho is the EU's foreign policy chief?\nand the commission president?\n:quit\nnever asked\n")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("bot: %v\n%s", err, out)
	}
	s := string(out)
	for _, want := range []string{"Erlanger", "fact:       author", "sanctions", "Borrell", "von der Leyen is the president"} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "? ") || strings.Contains(s, "Type a question") {
		t.Errorf("piped session printed a prompt or banner:\n%s", s)
	}
	if strings.Contains(s, "never asked") {
		t.Errorf("questions after :quit were answered:\n%s", s)
	}
}

// TestUnansweredGroupsParaphrases writes an unanswered log as bot serve
// does, rotated, and checks `bot unanswered` groups paraphrases together,
// most frequent first, with the closest fact.
func TestUnansweredGroupsParaphrases(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "unanswered.jsonl")
	line := func(q string) string {
		b, _ := json.Marshal(map[string]any{"time": "2026-01-02T03:04:05Z", "platform": "slack", "question": q, "status": "unknown", "candidates": []string{"gap-s400-price"}})
		return string(b) + "\n"
	}
	var older, newer strings.Builder
	for _, q := range []string{"how much did turkey pay for the s400", "What price did Turkey pay for S-400s?", "s400 price turkey??"} {
		older.WriteString(line(q))
	}
	for _, q := range []string{"how much did turkey pay for the s400", "who is belgium's foreign minister", "name of the belgian foreign minister", "recipe for banana bread"} {
		newer.WriteString(line(q))
	}
	os.WriteFile(path+".1", []byte(older.String()), 0o600)
	os.WriteFile(path, []byte(newer.String()+`{"time":"2026`), 0o600) // a line cut by a crash
	out, _, err := runBot(t, "", "unanswered", path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "7 unanswered questions in 3 groups") || !strings.Contains(out, "and 1 rotated file (1 unreadable line skipped):\n") {
		t.Errorf("summary header:\n%s", out)
	}
	s400 := strings.Index(out, "how much did turkey pay for the s400")
	belgian := strings.Index(strings.ToLower(out), "belgi")
	banana := strings.Index(out, "banana")
	if s400 < 0 || belgian < 0 || banana < 0 || !(s400 < belgian && belgian < banana) {
		t.Errorf("groups not ordered by frequency (s400 4, belgian 2, banana 1):\n%s", out)
	}
	if strings.Count(out, "s400 price turkey") != 1 || !strings.Contains(out, "gap-s400-price") {
		t.Errorf("the S-400 paraphrases are not one group with its fact:\n%s", out)
	}
	if _, _, err := runBot(t, "", "unanswered", filepath.Join(dir, "none.jsonl")); err == nil {
		t.Error("a missing log was not an error")
	}
}
