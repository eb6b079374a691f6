package answers

import (
	"math"
	"math/bits"
	"math/rand/v2"
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

// TestClosestVariantsIsFloatMax checks closestVariants, which takes the
// largest similarity of an entry's variants on their bits, against the
// float max of them, for every question of the question sets.
func TestClosestVariantsIsFloatMax(t *testing.T) {
	e := embeddedEngine(t)
	sc := &scratch{}
	for _, text := range questionTexts(t) {
		q := e.analyseQuery(Clean(text))
		closest := sc.closestVariants(&q, e)
		want := make([]float64, len(e.entries))
		for v := range e.variantOf {
			if d := sc.dot[v]; d != 0 {
				f := e.variantOf[v]
				want[f] = max(want[f], min(1, d/(q.norm*e.variantNorm[v])))
			}
		}
		for f, w := range want {
			if math.Float64bits(closest[f]) != math.Float64bits(w) {
				t.Fatalf("%q, entry %d: closest %v, want %v", text, f, closest[f], w)
			}
		}
	}
}

// TestSurfaceBitsHoldEveryKnownWord checks that maybeSurface says yes to
// every known word cut anywhere in two, in an engine built from the
// knowledge base and in one restored from the snapshot.
func TestSurfaceBitsHoldEveryKnownWord(t *testing.T) {
	src, m := realSources(t)
	built, err := New(src.Knowledge, src.Article, WithModel(m))
	if err != nil {
		t.Fatal(err)
	}
	for name, e := range map[string]*Engine{"built": built, "restored": embeddedEngine(t)} {
		if e.lx.surfaceBits == nil {
			t.Fatalf("%s: no surface bits", name)
		}
		set := 0
		for _, b := range e.lx.surfaceBits {
			set += bits.OnesCount64(b)
		}
		if set*8 > 1<<surfaceBitsLog {
			t.Errorf("%s: %d of the %d bits set: too many to tell pairs apart", name, set, 1<<surfaceBitsLog)
		}
		for w := range e.lx.surface {
			for k := range len(w) + 1 {
				if !e.lx.maybeSurface(w[:k], w[k:]) {
					t.Fatalf("%s: maybeSurface(%q, %q) is false for the known word %q", name, w[:k], w[k:], w)
				}
			}
		}
	}
}

// TestVocabularyNumbersAgree checks what is kept of each known word by its
// number, in an engine built from the knowledge base with word vectors and
// in one restored from the snapshot: every known word has a number, its
// stem, whether its stem begins a phrase, the word lists it is in (see
// wordClass), its row in the word vectors and in the classifier are those
// found by looking it up.
func TestVocabularyNumbersAgree(t *testing.T) {
	src, m := realSources(t)
	built, err := New(src.Knowledge, src.Article, WithModel(m), WithVectors(testVectors(t)))
	if err != nil {
		t.Fatal(err)
	}
	for name, e := range map[string]*Engine{"built": built, "restored": embeddedEngine(t)} {
		lx := e.lx
		if len(lx.vocab) != len(lx.surface) || len(lx.vocabStems) != len(lx.vocab) || len(e.mean.known) != len(lx.vocab) {
			t.Fatalf("%s: %d known words, %d numbered, %d stems, %d vector rows", name, len(lx.surface), len(lx.vocab), len(lx.vocabStems), len(e.mean.known))
		}
		if e.clf == nil || len(e.clfRows) != len(lx.vocab) {
			t.Fatalf("%s: no classifier rows by number", name)
		}
		for w := range lx.surface {
			id, ok := lx.vocab[w]
			if !ok {
				t.Fatalf("%s: %q has no number", name, w)
			}
			st := stem(w)
			if lx.vocabStems[id] != st || lx.beginsPhrase[id] != (lx.startLen[st] > 0) {
				t.Errorf("%s: %q: stem %q, begins a phrase %v; want %q, %v", name, w, lx.vocabStems[id], lx.beginsPhrase[id], st, lx.startLen[st] > 0)
			}
			numbered := lx.repair([]word{{text: w}}, &analysis{})[0]
			for k, list := range classLists {
				c := wordClass(1) << k
				if numbered.id != id+1 || numbered.in(c) != list[w] || (word{text: w}).in(c) != list[w] {
					t.Errorf("%s: %q numbered %d: in list %d %v, want %v", name, w, numbered.id, k, numbered.in(c), list[w])
				}
			}
			if got, want := int(e.mean.known[id]), e.mean.table.Find(w); got != want {
				t.Errorf("%s: %q: vector row %d, want %d", name, w, got, want)
			}
			want := int32(-1)
			if r, ok := e.clf.words[w]; ok {
				want = r + 1
			}
			if e.clfRows[id] != want {
				t.Errorf("%s: %q: classifier row %d, want %d", name, w, e.clfRows[id], want)
			}
		}
	}
}

// TestSameKindIsFloatMax checks sameKind, which takes the largest
// similarity on its bits, against the float max, for every question of the
// question sets and each of its candidates.
func TestSameKindIsFloatMax(t *testing.T) {
	e := embeddedEngine(t)
	sc := &scratch{}
	for _, text := range questionTexts(t) {
		q := e.analyseQuery(Clean(text))
		sc.closestVariants(&q, e)
		nk := len(e.kinds)
		want := make([]float64, len(e.entries)*nk)
		for v, i := range e.variantOf {
			if d := sc.dot[v]; d != 0 {
				g := int(i)*nk + int(e.kindNo[v])
				want[g] = max(want[g], min(1, d/(q.norm*e.variantNorm[v])))
			}
		}
		for g, w := range want {
			if got := sc.sameKind(&q, e, g/nk, g%nk); math.Float64bits(got) != math.Float64bits(w) {
				t.Fatalf("%q, entry %d, kind %d: sameKind %v, want %v", text, g/nk, g%nk, got, w)
			}
		}
	}
}

// TestLeadsAreTheLeastDifferences checks leadsOf, which takes each fact's
// difference to the largest of the others, against the least of its
// differences to each other fact, to the last bit: for the candidates of
// every question of the question sets, and for made-up facts whose signals
// tie, are zeros of either sign or lie far apart.
func TestLeadsAreTheLeastDifferences(t *testing.T) {
	check := func(facts []candidate) {
		t.Helper()
		got := leadsOf(facts, make([]leads, len(facts)))
		for i := range facts {
			c := &facts[i]
			want := leads{c.coverage, c.closest, c.nearest, c.both, c.class}
			if len(facts) > 1 {
				want = leads{math.Inf(1), math.Inf(1), math.Inf(1), math.Inf(1), math.Inf(1)}
				for j := range facts {
					if o := &facts[j]; j != i {
						want.coverage = min(want.coverage, c.coverage-o.coverage)
						want.closest = min(want.closest, c.closest-o.closest)
						want.nearest = min(want.nearest, c.nearest-o.nearest)
						want.both = min(want.both, c.both-o.both)
						want.class = min(want.class, c.class-o.class)
					}
				}
			}
			g, w := got[i], want
			for k, pair := range [][2]float64{{g.coverage, w.coverage}, {g.closest, w.closest}, {g.nearest, w.nearest}, {g.both, w.both}, {g.class, w.class}} {
				if math.Float64bits(pair[0]) != math.Float64bits(pair[1]) {
					t.Fatalf("fact %d of %d, signal %d: lead %v, least difference %v", i, len(facts), k, pair[0], pair[1])
				}
			}
		}
	}
	e := embeddedEngine(t)
	for _, text := range questionTexts(t) {
		q := e.analyseQuery(Clean(text))
		if cands := e.candidates(&q); len(cands) > 0 {
			check(cands)
		}
	}
	r := rand.New(rand.NewPCG(13, 14))
	values := []float64{0, math.Copysign(0, -1), 1, -1, 0.5, 1e-300, -1e-300, 1e300, math.SmallestNonzeroFloat64, 0.1, 0.3}
	value := func() float64 {
		if r.IntN(2) == 0 {
			return values[r.IntN(len(values))]
		}
		return r.NormFloat64() * math.Pow(10, float64(r.IntN(20)-10))
	}
	for range 5000 {
		facts := make([]candidate, 1+r.IntN(12))
		for i := range facts {
			facts[i] = candidate{coverage: value(), closest: value(), nearest: value(), both: value(), class: value()}
		}
		check(facts)
	}
}

// TestPlacesAreNamedByAnyOfTheirWords checks that a question naming a
// place by its adjective names it as by its name, so a fact must give
// another place to answer "which German state": "German" names Germany.
func TestPlacesAreNamedByAnyOfTheirWords(t *testing.T) {
	e := embeddedEngine(t)
	q := e.analyseQuery("Which German state is the port of Sassnitz in?")
	if !slices.Contains(q.byName, "=germani") || !slices.Contains(q.byName, "=sassnitz") {
		t.Errorf("byName = %v, want Germany and Sassnitz among them", q.byName)
	}
	if en := e.entryByID("photo-sassnitz"); en == nil || e.givesAsked(&q, en) {
		t.Errorf("photo-sassnitz gives a place beyond Sassnitz and Germany, or is missing")
	}
	q = e.analyseQuery("which german city is the pipe in")
	if en := e.entryByID("photo-sassnitz"); en == nil || !e.givesAsked(&q, en) {
		t.Errorf("photo-sassnitz does not give Sassnitz to \"which german city\"")
	}
	q = e.analyseQuery("who is the NATO chief")
	if slices.Contains(q.byName, "=stoltenberg") {
		t.Errorf("a role names no one: byName = %v", q.byName)
	}
}
