package answers

import (
	"math"
	"testing"
)

// TestSimilarity checks what counts as alike, on the engine built from
// config/ and on the one restored from its snapshot, which must agree.
func TestSimilarity(t *testing.T) {
	built, restored, _ := builtAndRestored(t)
	tests := []struct {
		name string
		a, b string
		want func(float64) bool
	}{
		{"the same text", "who is belgium's foreign minister", "who is belgium's foreign minister", exactly(1)},
		{"case and punctuation do not matter", "WHO is Belgium's foreign minister??", "who is belgium's foreign minister", exactly(1)},
		{"a synonym of the knowledge base", "who is belgium's foreign minister", "who is the belgian foreign minister", exactly(1)},
		{"a word near in meaning stands for another", "who is belgium's foreign minister", "who is the belgian foreign secretary", exactly(1)},
		{"two countries are different things", "who is belgium's foreign minister", "who is the foreign minister of france", exactly(0)},
		{"two people are different things", "how old is blinken", "how old is stoltenberg", exactly(0)},
		{"everyday words are no things of their own", "which city is the capital of spain", "what is the capital city of spain", exactly(1)},
		{"a word the other lacks", "what is the population of turkey", "what is the capital of turkey", under(0.6)},
		{"one asks more", "s400 price turkey", "s400 price turkey russia deal", under(0.7)},
		{"when and where", "when was blinken born", "where was blinken born", exactly(0)},
		{"how much and how many", "how much did turkey pay for the s400", "how many s400 did turkey buy", exactly(0)},
		{"what someone said and what they did", "what did turkey pay for the s400", "what did turkey say about the s400", exactly(0)},
		{"no content word", "what is it?", "what is it?", exactly(0)},
		{"nothing in common", "weather in brussels", "who is belgium's foreign minister", exactly(0)},
	}
	for _, eng := range []struct {
		name string
		e    *Engine
	}{{"built", built}, {"restored", restored}} {
		for _, tt := range tests {
			a, b := eng.e.Meaning(tt.a), eng.e.Meaning(tt.b)
			ab, ba := a.Similarity(b), b.Similarity(a)
			if ab != ba {
				t.Errorf("%s, %s: %q ~ %q = %v one way, %v the other", eng.name, tt.name, tt.a, tt.b, ab, ba)
			}
			if !tt.want(ab) || ab < 0 || ab > 1 {
				t.Errorf("%s, %s: %q ~ %q = %.3f", eng.name, tt.name, tt.a, tt.b, ab)
			}
			if r := restored.Meaning(tt.a).Similarity(restored.Meaning(tt.b)); eng.name == "built" && r != ab {
				t.Errorf("%s: built %.3f, restored %.3f", tt.name, ab, r)
			}
		}
	}
	if s := (Meaning{}).Similarity(restored.Meaning("how old is blinken")); s != 0 {
		t.Errorf("the zero Meaning is %.3f like a question, want 0", s)
	}
}

// TestCoveredBy: how much of a question a fact speaks of.
func TestCoveredBy(t *testing.T) {
	_, eng, _ := builtAndRestored(t)
	fact := func(id string) Meaning {
		t.Helper()
		m, ok := eng.FactMeaning(id)
		if !ok {
			t.Fatalf("FactMeaning(%q) not found", id)
		}
		return m
	}
	for _, f := range eng.Facts()[:10] {
		for _, q := range f.Questions {
			if c := eng.Meaning(q).CoveredBy(fact(f.ID)); c != 1 && eng.Meaning(q).words != nil {
				t.Errorf("%s covers %.3f of its own question %q, want 1", f.ID, c, q)
			}
		}
	}
	tests := []struct {
		q, fact string
		want    func(float64) bool
	}{
		{"who is the foreign minister of france", "gap-e3-ministers-names", exactly(1)},
		{"how many s400 did turkey buy", "gap-s400-batteries-number", exactly(1)},
		{"what is the capital of france", "e3-members", under(0.6)},
		{"btc price today", "gap-ns2-completion", under(0.6)},
		{"hello?", "e3-members", exactly(0)},
	}
	for _, tt := range tests {
		if c := eng.Meaning(tt.q).CoveredBy(fact(tt.fact)); !tt.want(c) {
			t.Errorf("%s covers %.3f of %q", tt.fact, c, tt.q)
		}
	}
	if _, ok := eng.FactMeaning("no-such-fact"); ok {
		t.Error("FactMeaning found a fact that does not exist")
	}
}

// TestMeaningWithoutVectors: without word vectors, only the same terms
// make texts alike.
func TestMeaningWithoutVectors(t *testing.T) {
	src, m := realSources(t)
	eng, err := New(src.Knowledge, src.Article, WithModel(m))
	if err != nil {
		t.Fatal(err)
	}
	belgium := eng.Meaning("who is belgium's foreign minister")
	if s := belgium.Similarity(eng.Meaning("who is the belgian foreign minister")); s != 1 {
		t.Errorf("synonyms: %.3f, want 1", s)
	}
	// Three content words a side, two shared: "secretary" stands for
	// "minister" only by meaning, each word weighs the same.
	if s := belgium.Similarity(eng.Meaning("who is the belgian foreign secretary")); math.Abs(s-2.0/3) > 1e-9 {
		t.Errorf("without vectors: %.3f, want 2/3", s)
	}
}

func exactly(want float64) func(float64) bool { return func(x float64) bool { return x == want } }

func under(limit float64) func(float64) bool { return func(x float64) bool { return x < limit } }
