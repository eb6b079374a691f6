package answers

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// TestBusinessNounsStandForOneAnother checks that a question asking for the
// company behind something is answered by a fact naming the agency that
// runs it, and that a body of another sort ("bank") still needs its own.
func TestBusinessNounsStandForOneAnother(t *testing.T) {
	_, m := realSources(t)
	e, err := Load(secondArticle(t), WithVectors(testVectors(t)), WithDefaultModel(m))
	if err != nil {
		t.Fatal(err)
	}
	if a := e.Answer("which company runs the tram?"); a.Status != StatusAnswered || !strings.Contains(a.Text, "Marrick Regional Transit") {
		t.Errorf("which company runs the tram? got %s %q (%s)", a.Status, a.Text, a.Why.Reason)
	}
	if a := e.Answer("which bank runs the tram?"); a.Status == StatusAnswered {
		t.Errorf("which bank runs the tram? got %s %q; no bank runs it", a.Status, a.Text)
	}
}

// TestNearShare checks that a fact wholly about the last answer's
// paragraph stands nearer it than one that only touches it, that a
// neighbouring paragraph counts half and the same topic a quarter.
func TestNearShare(t *testing.T) {
	var e Engine
	at := func(topic string, paragraphs ...int) *entry {
		en := &entry{Fact: Fact{Topic: topic}}
		for _, p := range paragraphs {
			en.Quotes = append(en.Quotes, Quote{Paragraph: p})
		}
		return en
	}
	photo := at("photos", 9)
	for _, tc := range []struct {
		name string
		b    *entry
		want float64
	}{
		{"its own caption's credit", at("photos", 9), 1},
		{"all three captions", at("photos", 4, 9, 14), 1.0 / 3},
		{"the next paragraph", at("war", 10), 0.5},
		{"the same topic only", at("photos", 20), 0.25},
		{"another topic far away", at("war", 20), 0},
	} {
		if got := e.nearShare(photo, tc.b); got != tc.want {
			t.Errorf("%s: nearShare %v, want %v", tc.name, got, tc.want)
		}
	}
	if got := e.nearShare(photo, photo); got != 1 {
		t.Errorf("the same fact: nearShare %v, want 1", got)
	}
	if got := e.nearShare(nil, photo); got != 0 {
		t.Errorf("no last answer: nearShare %v, want 0", got)
	}
}

// TestBorrowedAside checks how a follow-up borrows the words of its
// subject: a setting ("and Russia?") weighs half its own weight, the words
// a pronoun or a bare "why?" stands for weigh whole, and a "that" after a
// verb of saying points at nothing.
func TestBorrowedAside(t *testing.T) {
	e := embeddedEngine(t)
	whole, half := e.analyseQuery("where was the plane"), e.analyseQuery("where was the plane")
	e.addWords(&whole, "photo cargo")
	e.addWordsWeighted(&half, "photo cargo", borrowedAside)
	if len(whole.w) != len(half.w) || whole.own != half.own {
		t.Fatalf("terms %v and %v differ", whole.terms, half.terms)
	}
	for k := range whole.w {
		want := whole.w[k]
		if k >= whole.own {
			want *= borrowedAside
		}
		if math.Abs(half.w[k]-want) > 1e-12 {
			t.Errorf("term %q weighs %v, want %v", half.terms[k], half.w[k], want)
		}
	}

	_, c := e.Follow(Context{}, "how does Blinken want to handle China?")
	cases := []struct {
		msg   string
		aside bool
	}{
		{"and Russia?", true},
		{"why is that a problem for Washington?", false},
		{"why?", false},
	}
	for _, tc := range cases {
		readings, _ := e.readings(c, tc.msg)
		var got []bool
		for _, r := range readings {
			if r.borrowed != "" {
				got = append(got, r.aside)
			}
		}
		if len(got) == 0 || slices.Contains(got, !tc.aside) {
			t.Errorf("%q: borrowing readings set aside %v, want all %v (%+v)", tc.msg, got, tc.aside, readings)
		}
	}
	for msg, want := range map[string]bool{
		"why is that a problem?":               true,
		"did he say that russia would pay":     false,
		"what is russia buying in this story?": false,
	} {
		if got := pointsAtThing(e.withoutScope(msg)); got != want {
			t.Errorf("pointsAtThing(%q) = %v, want %v", msg, got, want)
		}
	}
}

// TestHoldsTermOf checks that holdsTermOf, which reads a word of a fact
// without analysing it when it can, agrees with the lexicon's reading of
// it for every word of every fact's text: then it agrees for any terms a
// question's word has.
func TestHoldsTermOf(t *testing.T) {
	e := embeddedEngine(t)
	n := 0
	for _, en := range e.entries {
		texts := []string{en.Answer}
		for _, q := range en.Quotes {
			texts = append(texts, q.Text)
		}
		for _, tx := range texts {
			for _, w := range strings.Fields(tx) {
				w = strings.ToLower(strings.Trim(w, ".,;:!?\"'()—"))
				read := e.lx.terms(w)
				for _, term := range read {
					if !e.holdsTermOf(w, []string{term}) {
						t.Errorf("holdsTermOf(%q, %q) = false; the lexicon reads the word as %v", w, term, read)
					}
				}
				if len(read) == 0 && e.holdsTermOf(w, []string{e.lx.stem(w)}) {
					t.Errorf("holdsTermOf(%q) holds its stem; the lexicon reads no term in it", w)
				}
				if e.holdsTermOf(w, []string{"=no such term", "nosuchstem"}) {
					t.Errorf("holdsTermOf(%q) holds a term the word does not have", w)
				}
				if len(read) == 1 && !strings.ContainsAny(w, "'’-.") && numberWords[w] == "" {
					// every other term: the word's one term, read without analysing
					st := e.lx.stem(w)
					if g, ok := e.lx.phrases[st]; ok {
						st = g
					}
					if st != read[0] {
						t.Errorf("%q reads as %q, holdsTermOf as %q", w, read[0], st)
					}
				}
				n++
			}
		}
	}
	if n < 1000 {
		t.Fatalf("only %d words read", n)
	}
}
