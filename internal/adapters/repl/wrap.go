package repl

import (
	"strings"
	"unicode/utf8"
)

// hangingMarkers start lines whose continuation lines are indented past
// them: list items and quotes.
var hangingMarkers = []string{"- ", "“"}

// wrap breaks every line of text longer than width columns at spaces, so
// that no word is cut at the terminal's edge. A continuation line is
// indented to where the text of its line starts, past a list dash or an
// opening quote mark. A word longer than a line is left whole. Columns are
// counted in runes, which is right for the article's text.
func wrap(text string, width int) string {
	if width <= 0 {
		return text
	}
	lines := strings.Split(text, "\n")
	for i, line := range lines {
		lines[i] = wrapLine(line, width)
	}
	return strings.Join(lines, "\n")
}

func wrapLine(line string, width int) string {
	body := strings.TrimLeft(line, " ")
	start := len(line) - len(body) // where the text starts, in bytes
	hang := start                  // and in columns
	for _, m := range hangingMarkers {
		if strings.HasPrefix(body, m) {
			start += len(m)
			hang += utf8.RuneCountInString(m)
			break
		}
	}
	pad := strings.Repeat(" ", hang)
	var b strings.Builder
	for utf8.RuneCountInString(line) > width {
		cut := breakAt(line, width, start)
		if cut < 0 {
			break
		}
		b.WriteString(strings.TrimRight(line[:cut], " "))
		b.WriteByte('\n')
		line = pad + strings.TrimLeft(line[cut:], " ")
		start = len(pad)
	}
	b.WriteString(line)
	return b.String()
}

// breakAt is the byte index of the space to break line at: the last one
// within width columns, or else the first one after, past a word too long
// for a line; -1 when no space after start allows a break.
func breakAt(line string, width, start int) int {
	fit, col := -1, 0
	for i, r := range line {
		if r == ' ' && i >= start {
			if col > width {
				if fit < 0 {
					return i
				}
				return fit
			}
			fit = i
		}
		col++
	}
	return fit
}
