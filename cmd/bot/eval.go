package main

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/articlebot/articlebot/internal/answers"
)

// evalCase is one line of a question set (see docs/engine.md, "Question
// sets"): a labelled question, or a conversation of them.
type evalCase struct {
	answers.Labelled
	// Turns makes the line a conversation: its turns are asked in order,
	// each in the light of those before it.
	Turns []evalCase `json:"turns"`
}

// evalScore is the tally for one file or the total.
type evalScore struct {
	name                  string
	in, inOK, out, outBad int
	failures              []string
	// voices tallies each voice of a question bank, in order of appearance.
	voices []*evalScore
	// firsts and follows tally a dialogue file's first turns and
	// follow-ups apart; nil for a file of single questions.
	firsts, follows *evalScore
}

// add counts one scored question.
func (s *evalScore) add(kind string, ok bool) {
	if kind == "in" {
		s.in++
		if ok {
			s.inOK++
		}
		return
	}
	s.out++
	if !ok {
		s.outBad++
	}
}

// merge adds another tally's counts.
func (s *evalScore) merge(o evalScore) {
	s.in, s.inOK, s.out, s.outBad = s.in+o.in, s.inOK+o.inOK, s.out+o.out, s.outBad+o.outBad
}

// voice is the tally of one voice, created on first use.
func (s *evalScore) voice(name string) *evalScore {
	for _, v := range s.voices {
		if v.name == name {
			return v
		}
	}
	v := &evalScore{name: name}
	s.voices = append(s.voices, v)
	return v
}

func (s evalScore) accuracy() float64  { return ratio(s.inOK, s.in) }
func (s evalScore) falseRate() float64 { return ratio(s.outBad, s.out) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// correct scores one reply by the rules: an in-scope question needs status
// answered, at most 800 characters, and every expected group present; an
// out-of-scope one needs any status but answered.
func correct(c evalCase, a answers.Answer) bool {
	if c.Kind == "out" {
		return a.Status != answers.StatusAnswered
	}
	quote := joinQuotes(a)
	text := a.Text + " " + quote
	if a.Status != answers.StatusAnswered || len([]rune(a.Text))+len([]rune(quote)) > 800*max(1, len(a.Parts)) {
		return false
	}
	return answers.Expected(text, c.Expect)
}

func cmdEval(kb fs.FS, args []string, stdout io.Writer) error {
	fl := flag.NewFlagSet("eval", flag.ContinueOnError)
	show := fl.Bool("show", false, "list failures with what was answered")
	verbose := fl.Bool("verbose", false, "list every question with its status and scores")
	minIn := fl.Float64("min-in", 0, "fail below this in-scope accuracy (0 to 1)")
	maxFalse := fl.Float64("max-false", 1, "fail above this out-of-scope false-answer rate (0 to 1)")
	alone := fl.Bool("alone", false, "answer each turn of a conversation alone, without what came before (a baseline)")
	if err := parseFlags(fl, args, "FILE.jsonl...", "Scores question sets and dialogue sets (see docs/engine.md)."); err != nil {
		return err
	}
	if fl.NArg() == 0 {
		return fmt.Errorf("%w: eval needs at least one question file", errUsage)
	}
	eng, err := loadEngine(kb)
	if err != nil {
		return err
	}
	// The bar holds single questions and follow-ups: a conversation's
	// first turns are single questions, which question sets measure.
	total, bar := evalScore{name: "total"}, evalScore{name: "bar"}
	for _, path := range fl.Args() {
		s, err := evalFile(eng, path, *verbose, *alone)
		if err != nil {
			return err
		}
		printScore(stdout, s, *show || *verbose)
		total.merge(s)
		if s.follows != nil {
			bar.merge(*s.follows)
		} else {
			bar.merge(s)
		}
	}
	printScore(stdout, total, false)
	if bar.accuracy() < *minIn || bar.falseRate() > *maxFalse {
		fmt.Fprintf(stdout, "FAIL: below the bar (in-scope accuracy at least %.2f, false answers at most %.2f)\n", *minIn, *maxFalse)
		return errFailed
	}
	return nil
}

func evalFile(eng *answers.Engine, path string, verbose, alone bool) (evalScore, error) {
	s := evalScore{name: path}
	err := readJSONLines(path, func(at string, line []byte) error {
		var c evalCase
		if err := json.Unmarshal(line, &c); err != nil {
			return fmt.Errorf("%s: %w", at, err)
		}
		turns, dialogue := []evalCase{c}, len(c.Turns) > 0
		if dialogue {
			turns = c.Turns
			if s.firsts == nil {
				s.firsts, s.follows = &evalScore{name: "first turns"}, &evalScore{name: "follow-ups"}
			}
		}
		var conv answers.Context
		for i, t := range turns {
			if t.Kind != "in" && t.Kind != "out" {
				return fmt.Errorf("%s: kind must be \"in\" or \"out\", not %q", at, t.Kind)
			}
			var a answers.Answer
			if alone {
				a = eng.Answer(t.Q)
			} else {
				a, conv = eng.Follow(conv, t.Q)
			}
			id, turn := c.ID, 0
			if dialogue {
				id, turn = fmt.Sprintf("%s#%d", c.ID, i+1), i+1
			}
			s.score(t, a, id, cmp.Or(t.Voice, c.Voice), turn, verbose)
		}
		return nil
	})
	return s, err
}

// score tallies the reply a to t, which is line id of the question set, in
// voice, and the turn-th turn of a dialogue (0 for a single question): a
// dialogue's first turns and follow-ups apart too. It keeps a line on what
// went wrong, or with verbose on every reply.
func (s *evalScore) score(t evalCase, a answers.Answer, id, voice string, turn int, verbose bool) {
	ok := correct(t, a)
	s.add(t.Kind, ok)
	switch {
	case turn == 1:
		s.firsts.add(t.Kind, ok)
	case turn > 1:
		s.follows.add(t.Kind, ok)
	}
	if voice != "" {
		s.voice(voice).add(t.Kind, ok)
	}
	if verbose {
		mark := "ok  "
		if !ok {
			mark = "FAIL"
		}
		s.failures = append(s.failures, fmt.Sprintf("%s %-12s %-9s conf %.2f score %.2f cov %.2f closest %.2f %-24s %q",
			mark, id, a.Status, a.Confidence, a.Why.Score, a.Why.Coverage, a.Why.Closest, a.FactID, t.Q))
	} else if !ok {
		read := ""
		if a.Why.Context != "" {
			read = "\n      " + a.Why.Context
		}
		s.failures = append(s.failures, fmt.Sprintf("FAIL %s [%s] %q%s\n      -> %s (%.2f, fact %q): %s | %s",
			id, t.Kind, t.Q, read, a.Status, a.Confidence, a.FactID, a.Text, joinQuotes(a)))
	}
}

// readJSONLines calls each with every line of the file at path that is not
// blank, and where it stands ("path:line") for its errors.
func readJSONLines(path string, each func(at string, line []byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("reading question set: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		if line := bytes.TrimSpace(sc.Bytes()); len(line) > 0 {
			if err := each(fmt.Sprintf("%s:%d", path, n), line); err != nil {
				return err
			}
		}
	}
	return sc.Err()
}

func printScore(w io.Writer, s evalScore, show bool) {
	fmt.Fprintf(w, "%s: in-scope %d/%d correct (%.1f%%), out-of-scope %d/%d falsely answered (%.1f%%)\n",
		s.name, s.inOK, s.in, 100*s.accuracy(), s.outBad, s.out, 100*s.falseRate())
	for _, part := range []*evalScore{s.firsts, s.follows} {
		if part != nil {
			fmt.Fprintf(w, "  %-18s in-scope %d/%d (%.1f%%), out-of-scope falsely answered %d/%d (%.1f%%)\n",
				part.name+":", part.inOK, part.in, 100*part.accuracy(), part.outBad, part.out, 100*part.falseRate())
		}
	}
	for _, v := range s.voices {
		fmt.Fprintf(w, "  voice %-12s in-scope %d/%d (%.1f%%), out-of-scope falsely answered %d/%d (%.1f%%)\n",
			v.name+":", v.inOK, v.in, 100*v.accuracy(), v.outBad, v.out, 100*v.falseRate())
	}
	if show {
		for _, f := range s.failures {
			fmt.Fprintf(w, "  %s\n", f)
		}
	}
}
