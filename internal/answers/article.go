package answers

import (
	"regexp"
	"strings"
)

// ArticleInfo describes the article the engine answers about.
type ArticleInfo struct {
	Title  string
	Author string
	// Date is as printed in the article, e.g. "March 24, 2021".
	Date string
}

// article is the article's text split into paragraphs (its non-blank lines,
// numbered from 1) and sentences.
type article struct {
	text       string
	paragraphs []string
	sentences  []Quote
}

func newArticle(text string) *article {
	a := &article{text: text}
	for line := range strings.SplitSeq(text, "\n") {
		if line = strings.TrimRight(line, "\r"); strings.TrimSpace(line) != "" {
			a.paragraphs = append(a.paragraphs, line)
		}
	}
	for i, p := range a.paragraphs {
		for _, s := range splitSentences(p) {
			a.sentences = append(a.sentences, Quote{Text: s, Paragraph: i + 1})
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

// sentenceEnd is a full stop, question or exclamation mark, maybe inside a
// closing quotation mark, followed by a space and a capital or an opening quote.
var sentenceEnd = regexp.MustCompile(`[.?!]["”']?\s+["“]?[A-Z]`)

// abbreviations end in a full stop without ending a sentence.
var abbreviations = []string{"Mr.", "Mrs.", "Ms.", "Dr.", "J.", "U.S.", "St."}

// splitSentences cuts a paragraph into sentences, each an exact substring.
func splitSentences(p string) []string {
	var out []string
	start := 0
	for _, loc := range sentenceEnd.FindAllStringIndex(p, -1) {
		end := loc[0] + 1
		if q := p[end:]; strings.HasPrefix(q, "\"") || strings.HasPrefix(q, "”") || strings.HasPrefix(q, "'") {
			end++
		}
		head := p[start:end]
		if isAbbreviationEnd(head) {
			continue
		}
		if s := strings.TrimSpace(head); s != "" {
			out = append(out, s)
		}
		start = end
		for start < len(p) && p[start] == ' ' {
			start++
		}
	}
	if s := strings.TrimSpace(p[start:]); s != "" {
		out = append(out, s)
	}
	return out
}

func isAbbreviationEnd(s string) bool {
	for _, ab := range abbreviations {
		if strings.HasSuffix(s, " "+ab) || s == ab {
			return true
		}
	}
	return false
}
