package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/articlebot/articlebot/internal/answers"
)

// evalCase is one line of a question set (see the README's "Question sets").
type evalCase struct {
	ID     string     `json:"id"`
	Kind   string     `json:"kind"` // "in" or "out"
	Voice  string     `json:"voice"`
	Q      string     `json:"q"`
	Expect [][]string `json:"expect"`
}

// evalScore is the tally for one file or the total.
type evalScore struct {
	name                  string
	in, inOK, out, outBad int
	failures              []string
	// voices tallies each voice of a question bank, in order of appearance.
	voices []*evalScore
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
	fl.SetOutput(io.Discard)
	show := fl.Bool("show", false, "list failures with what was answered")
	verbose := fl.Bool("verbose", false, "list every question with its status and scores")
	minIn := fl.Float64("min-in", 0, "fail below this in-scope accuracy (0 to 1)")
	maxFalse := fl.Float64("max-false", 1, "fail above this out-of-scope false-answer rate (0 to 1)")
	if err := fl.Parse(args); err != nil {
		return fmt.Errorf("%w: eval: %v", errUsage, err)
	}
	if fl.NArg() == 0 {
		return fmt.Errorf("%w: eval needs at least one question file", errUsage)
	}
	eng, err := loadEngine(kb)
	if err != nil {
		return err
	}
	total := evalScore{name: "total"}
	for _, path := range fl.Args() {
		s, err := evalFile(eng, path, *verbose)
		if err != nil {
			return err
		}
		printScore(stdout, s, *show || *verbose)
		total.in, total.inOK, total.out, total.outBad = total.in+s.in, total.inOK+s.inOK, total.out+s.out, total.outBad+s.outBad
	}
	printScore(stdout, total, false)
	if total.accuracy() < *minIn || total.falseRate() > *maxFalse {
		fmt.Fprintf(stdout, "FAIL: below the bar (in-scope accuracy at least %.2f, false answers at most %.2f)\n", *minIn, *maxFalse)
		return errFailed
	}
	return nil
}

func evalFile(eng *answers.Engine, path string, verbose bool) (evalScore, error) {
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
		if c.Kind != "in" && c.Kind != "out" {
			return s, fmt.Errorf("%s:%d: kind must be \"in\" or \"out\", not %q", path, n, c.Kind)
		}
		a := eng.Answer(c.Q)
		ok := correct(c, a)
		s.add(c.Kind, ok)
		if c.Voice != "" {
			s.voice(c.Voice).add(c.Kind, ok)
		}
		if verbose {
			mark := "ok  "
			if !ok {
				mark = "FAIL"
			}
			s.failures = append(s.failures, fmt.Sprintf("%s %-12s %-9s conf %.2f score %.2f cov %.2f closest %.2f %-24s %q",
				mark, c.ID, a.Status, a.Confidence, a.Why.Score, a.Why.Coverage, a.Why.Closest, a.FactID, c.Q))
		} else if !ok {
			s.failures = append(s.failures, fmt.Sprintf("FAIL %s [%s] %q\n      -> %s (%.2f, fact %q): %s | %s",
				c.ID, c.Kind, c.Q, a.Status, a.Confidence, a.FactID, a.Text, joinQuotes(a)))
		}
	}
	return s, sc.Err()
}

func printScore(w io.Writer, s evalScore, show bool) {
	fmt.Fprintf(w, "%s: in-scope %d/%d correct (%.1f%%), out-of-scope %d/%d falsely answered (%.1f%%)\n",
		s.name, s.inOK, s.in, 100*s.accuracy(), s.outBad, s.out, 100*s.falseRate())
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
