package main

import (
	"bufio"
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/articlebot/articlebot/internal/answers"
)

// evalCase is one line of a question set (see docs/engine.md, "Question sets").
type evalCase struct {
	ID     string     `json:"id"`
	Kind   string     `json:"kind"` // "in" or "out"
	Voice  string     `json:"voice"`
	Q      string     `json:"q"`
	Expect [][]string `json:"expect"`
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

// normaliseEval lower-cases and keeps only a-z and 0-9, as the scoring rules say.
func normaliseEval(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
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
	norm := normaliseEval(text)
	for _, group := range c.Expect {
		found := false
		for _, alt := range group {
			if strings.Contains(norm, normaliseEval(alt)) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
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
	f, err := os.Open(path)
	if err != nil {
		return s, fmt.Errorf("reading question set: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var c evalCase
		if err := json.Unmarshal([]byte(line), &c); err != nil {
			return s, fmt.Errorf("%s:%d: %w", path, n, err)
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
				return s, fmt.Errorf("%s:%d: kind must be \"in\" or \"out\", not %q", path, n, t.Kind)
			}
			var a answers.Answer
			if alone {
				a = eng.Answer(t.Q)
			} else {
				a, conv = eng.Follow(conv, t.Q)
			}
			ok := correct(t, a)
			s.add(t.Kind, ok)
			id := c.ID
			if dialogue {
				id = fmt.Sprintf("%s#%d", c.ID, i+1)
				if i == 0 {
					s.firsts.add(t.Kind, ok)
				} else {
					s.follows.add(t.Kind, ok)
				}
			}
			if v := cmp.Or(t.Voice, c.Voice); v != "" {
				s.voice(v).add(t.Kind, ok)
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
	}
	return s, sc.Err()
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
