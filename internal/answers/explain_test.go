package answers

import (
	"slices"
	"testing"
)

// TestExplainTermsSplitsInOrder checks explainTerms, which fills both lists
// from one allocation, against appending each term to its list, for every
// question of the question sets and each of its likeliest facts.
func TestExplainTermsSplitsInOrder(t *testing.T) {
	e := embeddedEngine(t)
	for _, text := range questionTexts(t) {
		q := e.analyseQuery(Clean(text))
		for _, c := range e.candidates(&q) {
			en := e.entries[c.index]
			var matched, unmatched []string
			for i, id := range q.ids {
				if id >= 0 && en.all.has(id) {
					matched = append(matched, q.terms[i])
				} else {
					unmatched = append(unmatched, q.terms[i])
				}
			}
			gotM, gotU := e.explainTerms(&q, en)
			if !slices.Equal(gotM, matched) || !slices.Equal(gotU, unmatched) || (gotM == nil) != (matched == nil) || (gotU == nil) != (unmatched == nil) {
				t.Fatalf("%q, fact %s: explainTerms = %q, %q; want %q, %q", text, en.ID, gotM, gotU, matched, unmatched)
			}
		}
	}
}
