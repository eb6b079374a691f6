package answers

import (
	"slices"
	"strings"
)

// Vocabulary lists every word of the knowledge base and its article as the
// engine reads them (lower case, possessives dropped), sorted and distinct.
// The word-vector table must hold them all to give every known word a meaning.
func Vocabulary(kb *Knowledge, articleText string) []string {
	seen := map[string]bool{}
	add := func(text string) {
		for _, w := range splitWords(text) {
			seen[w.text] = true
		}
	}
	add(articleText)
	for _, g := range kb.Synonyms {
		add(strings.Join(g, " "))
	}
	for _, list := range [][]Fact{kb.Facts, kb.Gaps} {
		for _, f := range list {
			add(f.Topic + " " + f.Speaker + " " + f.Answer + " " + strings.Join(f.Questions, " "))
		}
	}
	out := make([]string, 0, len(seen))
	for w := range seen {
		out = append(out, w)
	}
	slices.Sort(out)
	return out
}
