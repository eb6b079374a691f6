package repl

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestWrap(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		width int
		want  string
	}{
		{"fits", "Steven Erlanger wrote it.", 25, "Steven Erlanger wrote it."},
		{"at words", "Steven Erlanger wrote it.", 20, "Steven Erlanger\nwrote it."},
		{"several breaks", "one two three four five six", 9, "one two\nthree\nfour five\nsix"},
		{"a long word stays whole", "see https://example.com/a/long/path now", 10, "see\nhttps://example.com/a/long/path\nnow"},
		{"no space at all", "abcdefghijkl", 5, "abcdefghijkl"},
		{"each line on its own", "short\none two three", 7, "short\none two\nthree"},
		{"quote hangs past its mark", "  “By Steven Erlanger” (paragraph 3)", 16, "  “By Steven\n   Erlanger”\n   (paragraph 3)"},
		{"list item hangs past its dash", "  - Why is Turkey a problem?", 14, "  - Why is\n    Turkey a\n    problem?"},
		{"runes, not bytes", "ääää ööö üü", 8, "ääää ööö\nüü"},
		{"blank lines kept", "a\n\nb", 1, "a\n\nb"},
		{"no width leaves lines", "one two three", 0, "one two three"},
	}
	for _, tt := range tests {
		if got := wrap(tt.in, tt.width); got != tt.want {
			t.Errorf("%s: wrap(%q, %d) = %q, want %q", tt.name, tt.in, tt.width, got, tt.want)
		}
	}
}

// TestWrapKeepsEveryWord: wrapping only turns spaces into line breaks (and
// indents), and no line is wider than the width unless it is one word.
func TestWrapKeepsEveryWord(t *testing.T) {
	text := "  “NATO Secretary General Jens Stoltenberg said the alliance would stand firm, and that Turkey remains an important ally.” (paragraph 3)"
	for width := 1; width <= utf8.RuneCountInString(text)+1; width++ {
		got := wrap(text, width)
		if strings.Join(strings.Fields(got), " ") != strings.Join(strings.Fields(text), " ") {
			t.Fatalf("width %d changed the words:\n%s", width, got)
		}
		for _, line := range strings.Split(got, "\n") {
			if utf8.RuneCountInString(line) > width && len(strings.Fields(line)) > 1 {
				t.Fatalf("width %d: line %q is too wide", width, line)
			}
		}
	}
}
