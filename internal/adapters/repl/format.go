package repl

import (
	"fmt"
	"io"
	"strings"

	"github.com/articlebot/articlebot/internal/answers"
)

// Format writes an Answer as terminal text: the answer, the quote with its
// paragraph, and any "did you mean" questions; for a question in several
// parts, each part so. `bot ask` prints the same.
func Format(w io.Writer, a answers.Answer) {
	if len(a.Parts) > 1 {
		for i, p := range a.Parts {
			if i > 0 {
				fmt.Fprintln(w)
			}
			formatOne(w, p)
		}
		return
	}
	formatOne(w, a)
}

func formatOne(w io.Writer, a answers.Answer) {
	fmt.Fprintln(w, a.Text)
	for _, q := range a.Quotes() { // a fact may give two
		fmt.Fprintf(w, "  “%s” (paragraph %d)\n", q.Text, q.Paragraph)
	}
	if len(a.Suggestions) > 0 {
		switch a.Status {
		case answers.StatusSuggest: // its text already asks "did you mean"
		case answers.StatusMeta:
			fmt.Fprintln(w, "For example:")
		default:
			fmt.Fprintln(w, "Did you mean:")
		}
		for _, s := range a.Suggestions {
			fmt.Fprintf(w, "  - %s\n", s)
		}
	}
}

// FormatWhy writes why an answer was chosen, for :why.
func FormatWhy(w io.Writer, a answers.Answer) {
	y := a.Why
	fmt.Fprintf(w, "status:     %s (confidence %.2f)\n", a.Status, a.Confidence)
	if a.FactID != "" {
		fmt.Fprintf(w, "fact:       %s\n", a.FactID)
	}
	if y.Kind != "" {
		fmt.Fprintf(w, "asks:       %s\n", y.Kind)
	}
	if len(y.Terms) > 0 {
		fmt.Fprintf(w, "words:      %s\n", strings.Join(y.Terms, " "))
		fmt.Fprintf(w, "matched:    %s\n", strings.Join(y.Matched, " "))
		fmt.Fprintf(w, "unmatched:  %s\n", strings.Join(y.Unmatched, " "))
		fmt.Fprintf(w, "score:      %.3f\n", y.Score)
	}
	if y.Top != "" && y.Top != a.FactID {
		fmt.Fprintf(w, "top:        %s (%.3f)\n", y.Top, y.TopScore)
	}
	if y.RunnerUp != "" {
		fmt.Fprintf(w, "runner-up:  %s (%.3f)\n", y.RunnerUp, y.RunnerUpScore)
	}
	if y.Reason != "" {
		fmt.Fprintf(w, "because:    %s\n", y.Reason)
	}
	if y.Context != "" {
		fmt.Fprintf(w, "context:    %s\n", y.Context)
	}
}

// FormatTopics writes what the article covers, with example questions.
func FormatTopics(w io.Writer, topics []answers.Topic) {
	for _, t := range topics {
		fmt.Fprintf(w, "%s (%d facts)\n", t.Name, t.Facts)
		for _, ex := range t.Examples {
			fmt.Fprintf(w, "  - %s\n", ex)
		}
	}
}
