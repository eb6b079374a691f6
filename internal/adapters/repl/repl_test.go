package repl

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/articlebot/articlebot/config"
	"github.com/articlebot/articlebot/internal/answers"
	"github.com/articlebot/articlebot/internal/wordvec"
)

// fakeEngine answers from a map and records the questions it was asked.
type fakeEngine struct {
	replies map[string]answers.Answer
	asked   []string
}

func (f *fakeEngine) Follow(c answers.Context, q string) (answers.Answer, answers.Context) {
	f.asked = append(f.asked, q)
	if a, ok := f.replies[q]; ok {
		return a, c
	}
	return answers.Answer{Question: q, Status: answers.StatusUnknown, Text: "The article doesn't say anything about that."}, c
}

func (f *fakeEngine) Topics() []answers.Topic {
	return []answers.Topic{{Name: "Turkey", Facts: 3, Examples: []string{"why is turkey a problem?"}}}
}

func newFake() *fakeEngine {
	return &fakeEngine{replies: map[string]answers.Answer{
		"who wrote it?": {
			Status: answers.StatusAnswered, Text: "Steven Erlanger wrote it.", FactID: "author", Confidence: 0.97,
			Quote: answers.Quote{Text: "By Steven Erlanger", Paragraph: 3},
			Why:   answers.Explanation{Kind: "who", Terms: []string{"wrote"}, Matched: []string{"wrote"}, Score: 0.97, RunnerUp: "date", RunnerUpScore: 0.4, Reason: "coverage 1.00"},
		},
		"turkey?": {Status: answers.StatusSuggest, Text: "I'm not sure the article answers that. Did you mean one of these?", Suggestions: []string{"why is turkey a problem?", "what did stoltenberg say about turkey?"}},
		"what did maas say?": {Status: answers.StatusUnknown, Text: "The article doesn't say. What it does say: Heiko Maas is Germany's foreign minister.",
			Quote: answers.Quote{Text: "Foreign Minister Heiko Maas of Germany", Paragraph: 24}, Suggestions: []string{"who is heiko maas?"}},
	}}
}

func TestPipedSessionAnswersEachLine(t *testing.T) {
	eng := newFake()
	var out bytes.Buffer
	s := New(eng, answers.ArticleInfo{Title: "T"}, &out)
	in := "who wrote it?\n\n:why\nturkey?\n:topics\n:nonsense\n:quit\nnot asked\n"
	if err := s.Run(context.Background(), strings.NewReader(in), Options{}); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"Steven Erlanger wrote it.\n  “By Steven Erlanger” (paragraph 3)",
		"fact:       author", "runner-up:  date (0.400)",
		"I'm not sure the article answers that. Did you mean one of these?\n  - why is turkey a problem?",
		"Turkey (3 facts)", `Unknown command ":nonsense"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if len(eng.asked) != 2 {
		t.Errorf("engine asked %q; want the two questions before :quit", eng.asked)
	}
	if strings.Contains(got, "Ask me about") {
		t.Error("a piped session printed the interactive banner")
	}
}

// TestDidYouMeanAskedOnce: a suggest reply already asks "did you mean", so
// its questions follow it without a second label; other replies that offer
// questions get the label.
func TestDidYouMeanAskedOnce(t *testing.T) {
	eng := newFake()
	for q, want := range map[string]string{
		"turkey?": "I'm not sure the article answers that. Did you mean one of these?\n" +
			"  - why is turkey a problem?\n  - what did stoltenberg say about turkey?\n",
		"what did maas say?": "The article doesn't say. What it does say: Heiko Maas is Germany's foreign minister.\n" +
			"  “Foreign Minister Heiko Maas of Germany” (paragraph 24)\nDid you mean:\n  - who is heiko maas?\n",
	} {
		var out bytes.Buffer
		Format(&out, eng.replies[q])
		if out.String() != want {
			t.Errorf("%s printed\n%s\nwant\n%s", q, out.String(), want)
		}
	}
}

func TestWhyBeforeAnyQuestion(t *testing.T) {
	var out bytes.Buffer
	New(newFake(), answers.ArticleInfo{}, &out).Handle(":why")
	if !strings.Contains(out.String(), "Ask a question first") {
		t.Errorf(":why with no answer printed %q", out.String())
	}
}

func TestCancelledContextStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	eng := newFake()
	var out bytes.Buffer
	New(eng, answers.ArticleInfo{}, &out).Run(ctx, strings.NewReader("who wrote it?\n"), Options{})
	if len(eng.asked) != 0 {
		t.Errorf("a cancelled session answered %q", eng.asked)
	}
}

func TestFormatShowsEveryPart(t *testing.T) {
	a := answers.Answer{Status: answers.StatusUnknown, Text: "Steven Erlanger wrote it.\n\nThe article doesn't say.",
		Quote: answers.Quote{Text: "By Steven Erlanger", Paragraph: 3},
		Parts: []answers.Answer{
			{Status: answers.StatusAnswered, Text: "Steven Erlanger wrote it.", Quote: answers.Quote{Text: "By Steven Erlanger", Paragraph: 3}},
			{Status: answers.StatusAnswered, Text: "It is dated March 24, 2021.", Quote: answers.Quote{Text: "March 24, 2021", Paragraph: 4}},
		}}
	var out bytes.Buffer
	Format(&out, a)
	want := "Steven Erlanger wrote it.\n  “By Steven Erlanger” (paragraph 3)\n\nIt is dated March 24, 2021.\n  “March 24, 2021” (paragraph 4)\n"
	if out.String() != want {
		t.Errorf("Format printed\n%s\nwant\n%s", out.String(), want)
	}
}

func TestConversationAndNew(t *testing.T) {
	vec, err := wordvec.Open(config.Vectors)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := answers.Load(config.Knowledge, answers.WithVectors(vec))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	s := New(eng, eng.Article(), &out)
	in := "who is the EU's foreign policy chief?\nand the commission president?\n:why\n:new\nand the commission president?\n"
	if err := s.Run(context.Background(), strings.NewReader(in), Options{}); err != nil {
		t.Fatal(err)
	}
	blocks := strings.Split(out.String(), "\n\n")
	if len(blocks) < 5 {
		t.Fatalf("got %d blocks:\n%s", len(blocks), out.String())
	}
	if !strings.Contains(blocks[1], "von der Leyen") {
		t.Errorf("the follow-up was not read in its conversation:\n%s", blocks[1])
	}
	if !strings.Contains(blocks[2], "context:    read as") {
		t.Errorf(":why does not say how the follow-up was read:\n%s", blocks[2])
	}
	if !strings.Contains(blocks[3], "New conversation") {
		t.Errorf(":new printed %q", blocks[3])
	}
	if blocks[4] == blocks[1] {
		t.Errorf("after :new the follow-up was still read in the old conversation:\n%s", blocks[4])
	}
}

// longAnswer is wider than any terminal a test gives.
var longAnswer = answers.Answer{Status: answers.StatusAnswered, FactID: "turkey-problem",
	Text:  "Turkey, a NATO member, is a deep problem: it is discussing buying more Russian S400 missiles, faces automatic U.S. sanctions if it does, and is cited for democratic backsliding.",
	Quote: answers.Quote{Text: "A deep problem is Turkey, a NATO member, which is discussing buying more Russian S400 missiles.", Paragraph: 10}}

func TestTerminalOutputIsWrapped(t *testing.T) {
	eng := newFake()
	eng.replies["why is turkey a problem?"] = longAnswer
	var out bytes.Buffer
	s := New(eng, answers.ArticleInfo{}, &out)
	s.width = func() int { return 32 } // as New sets it for a terminal 32 columns wide
	if err := s.Run(context.Background(), strings.NewReader("why is turkey a problem?\n:help\n"), Options{}); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, line := range strings.Split(got, "\n") {
		if n := utf8.RuneCountInString(line); n > 32 {
			t.Errorf("line of %d columns: %q", n, line)
		}
	}
	if !strings.Contains(got, "\n   Russian S400 missiles.”\n   (paragraph 10)\n") {
		t.Errorf("the quote does not hang past its mark:\n%s", got)
	}
	words := strings.Join(strings.Fields(got), " ")
	if !strings.Contains(words, longAnswer.Text) || !strings.Contains(words, longAnswer.Quote.Text) {
		t.Errorf("wrapping changed words:\n%s", got)
	}
}

// TestOutputNotToATerminalKeepsLines: piped or redirected output is read by
// programs, so an answer stays on one line whatever its length.
func TestOutputNotToATerminalKeepsLines(t *testing.T) {
	eng := newFake()
	eng.replies["why is turkey a problem?"] = longAnswer
	var out bytes.Buffer
	if err := New(eng, answers.ArticleInfo{}, &out).Run(context.Background(), strings.NewReader("why is turkey a problem?\n"), Options{}); err != nil {
		t.Fatal(err)
	}
	want := longAnswer.Text + "\n  “" + longAnswer.Quote.Text + "” (paragraph 10)\n"
	if out.String() != want {
		t.Errorf("printed\n%s\nwant\n%s", out.String(), want)
	}
}

func TestHistoryFileIsPrivate(t *testing.T) {
	dir := t.TempDir()
	t.Run("new", func(t *testing.T) {
		path := filepath.Join(dir, "new")
		f, lines, err := openHistory(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if len(lines) != 0 {
			t.Errorf("a new history holds %q", lines)
		}
		fmt.Fprintln(f, "who wrote it?")
		assertMode(t, path, 0o600)
	})
	t.Run("older and long", func(t *testing.T) {
		path := filepath.Join(dir, "old")
		var b strings.Builder
		for i := range historyLimit + 20 {
			fmt.Fprintf(&b, "question %d\n\n", i)
		}
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, 0o644); err != nil { // whatever the umask
			t.Fatal(err)
		}
		f, lines, err := openHistory(path)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintln(f, "the newest")
		f.Close()
		if len(lines) != historyLimit || lines[0] != "question 20" || lines[len(lines)-1] != fmt.Sprintf("question %d", historyLimit+19) {
			t.Errorf("kept %d lines, %q to %q", len(lines), lines[0], lines[len(lines)-1])
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if want := strings.Join(lines, "\n") + "\nthe newest\n"; string(raw) != want {
			t.Errorf("the file holds %d bytes, want the %d kept lines and the newest", len(raw), len(lines))
		}
		assertMode(t, path, 0o600)
	})
}

func assertMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != want {
		t.Errorf("%s has mode %v, want %v", filepath.Base(path), got, want)
	}
}

func TestFormatShowsBothQuotesOfAFactAndWhyTheTop(t *testing.T) {
	a := answers.Answer{Status: answers.StatusAnswered, Text: "Two passages say so.", FactID: "f",
		Quote: answers.Quote{Text: "first passage", Paragraph: 3},
		Also:  []answers.Quote{{Text: "second passage", Paragraph: 5}}}
	var out bytes.Buffer
	Format(&out, a)
	want := "Two passages say so.\n  “first passage” (paragraph 3)\n  “second passage” (paragraph 5)\n"
	if out.String() != want {
		t.Errorf("Format printed\n%s\nwant\n%s", out.String(), want)
	}
	out.Reset()
	FormatWhy(&out, answers.Answer{Status: answers.StatusUnknown, Text: "The article doesn't say.",
		Why: answers.Explanation{Top: "likeliest", TopScore: 0.41, RunnerUp: "next", RunnerUpScore: 0.2}})
	if !strings.Contains(out.String(), "top:        likeliest (0.410)") || !strings.Contains(out.String(), "runner-up:  next") {
		t.Errorf(":why of a \"doesn't say\" answer does not name its likeliest fact:\n%s", out.String())
	}
}
