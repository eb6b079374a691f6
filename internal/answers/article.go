package answers

import (
	"strings"
)

// ArticleInfo describes the article the engine answers about.
type ArticleInfo struct {
	Title  string
	Author string
	// Date is as printed in the article, e.g. "March 24, 2021".
	Date string
}

// article is the article's text split into paragraphs: its non-blank lines,
// numbered from 1.
type article struct {
	text       string
	paragraphs []string
	// lower is text lower-cased, when that keeps every byte where it was
	// (ASCII letters); "" otherwise.
	lower string
}

func newArticle(text string) *article {
	a := &article{text: text}
	if low := strings.ToLower(text); len(low) == len(text) {
		a.lower = low
	}
	for line := range strings.SplitSeq(text, "\n") {
		if line = strings.TrimRight(line, "\r"); strings.TrimSpace(line) != "" {
			a.paragraphs = append(a.paragraphs, line)
		}
	}
	return a
}

// paragraphOf is the first paragraph holding text, or 0 when none does.
func (a *article) paragraphOf(text string) int {
	if text == "" {
		return 0
	}
	for i, p := range a.paragraphs {
		if strings.Contains(p, text) {
			return i + 1
		}
	}
	return 0
}

// inParagraph reports whether paragraph n (1-based) holds text.
func (a *article) inParagraph(text string, n int) bool {
	return n >= 1 && n <= len(a.paragraphs) && strings.Contains(a.paragraphs[n-1], text)
}
