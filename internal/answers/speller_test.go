package answers

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"unicode"

	"github.com/sahilm/fuzzy"
)

// TestSpellerFindsTheNearestWord checks the index against a search of every
// word: within one edit, which every indexed word is reachable by, the
// speller finds what the search finds, ties broken the same way.
func TestSpellerFindsTheNearestWord(t *testing.T) {
	freq := map[string]int{}
	for i, w := range []string{"stoltenberg", "secretary", "sanctions", "turkey", "turkish", "pipeline",
		"pipelines", "missile", "missiles", "alliance", "allies", "allied", "brussels", "blinken", "baltic",
		"border", "order", "minister", "ministers", "meeting", "meetings", "deal", "deals", "dealt"} {
		freq[w] = 1 + i%4
	}
	sp := newSpeller(freq)
	brute := func(w string) (string, bool) {
		best, bestDist := "", 2
		for c := range freq {
			if len(c) < 4 || c[0] != w[0] {
				continue
			}
			d := osaDistance(w, c, 1)
			switch {
			case d > 1:
			case d < bestDist:
				best, bestDist = c, d
			case d == bestDist && (freq[c] > freq[best] || freq[c] == freq[best] && c < best):
				best = c
			}
		}
		return best, best != ""
	}
	r := rand.New(rand.NewPCG(1, 2))
	letters := "abcdefghijklmnopqrstuvwxyz"
	for range 3000 {
		words := sp.words
		w := []byte(words[r.IntN(len(words))])
		switch i := r.IntN(len(w)); r.IntN(4) {
		case 0:
			w[i] = letters[r.IntN(26)]
		case 1:
			w = append(w[:i], w[i+1:]...)
		case 2:
			w = append(w[:i], append([]byte{letters[r.IntN(26)]}, w[i:]...)...)
		case 3:
			if i+1 < len(w) {
				w[i], w[i+1] = w[i+1], w[i]
			}
		}
		if len(w) == 0 {
			continue
		}
		got, gotOK := sp.nearest(string(w), 1)
		want, wantOK := brute(string(w))
		if got != want || gotOK != wantOK {
			t.Fatalf("nearest(%q) = %q, %v; every word searched gives %q, %v", w, got, gotOK, want, wantOK)
		}
	}
}

// BenchmarkSpeller is building the spelling indexes of the knowledge base,
// which the first misspelt word of a process waits for.
func BenchmarkSpeller(b *testing.B) {
	e := embeddedEngine(b)
	b.ReportAllocs()
	for b.Loop() {
		newSpeller(e.lx.surface)
		newSpeller(e.lx.stems)
	}
}

// TestAbbreviationOfSeesOnlyPossibleNames checks that handing fuzzy.Find
// only the names that can be taken changes no result: on the knowledge
// base's names, their abbreviations, typos and made-up words, some with
// letters outside ASCII, abbreviationOf answers as a search of every name
// of the word's first letter does.
func TestAbbreviationOfSeesOnlyPossibleNames(t *testing.T) {
	e := embeddedEngine(t)
	lx := e.lx
	every := func(w string) (string, bool) {
		if len(w) < 5 {
			return "", false
		}
		for _, m := range fuzzy.Find(w, lx.names[w[0]]) {
			if len(m.MatchedIndexes) > 0 && m.MatchedIndexes[0] == 0 && len(w)*10 >= len(m.Str)*6 {
				return m.Str, true
			}
		}
		return "", false
	}
	var names []string
	for _, list := range lx.names {
		names = append(names, list...)
	}
	if len(names) < 20 {
		t.Fatalf("only %d names", len(names))
	}
	r := rand.New(rand.NewPCG(7, 8))
	letters := []rune("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéüß\u212a-'")
	found := 0
	for range 20000 {
		w := []rune(names[r.IntN(len(names))])
		for range r.IntN(5) { // drop letters, as an abbreviation does
			if i := r.IntN(len(w)); i > 0 {
				w = append(w[:i], w[i+1:]...)
			}
		}
		for range r.IntN(3) {
			i := r.IntN(len(w) + 1)
			w = append(w[:i], append([]rune{letters[r.IntN(len(letters))]}, w[i:]...)...)
		}
		if r.IntN(4) == 0 && len(w) > 1 {
			w[1+r.IntN(len(w)-1)] = letters[r.IntN(len(letters))]
		}
		if r.IntN(4) == 0 && len(w) > 1 { // a capital, which fuzzy folds
			i := 1 + r.IntN(len(w)-1)
			w[i] = unicode.ToUpper(w[i])
		}
		if r.IntN(4) == 0 { // the Kelvin sign, which folds to k
			for i := 1; i < len(w); i++ {
				if w[i] == 'k' {
					w[i] = '\u212a'
				}
			}
		}
		got, gotOK := lx.abbreviationOf(string(w))
		want, wantOK := every(string(w))
		if got != want || gotOK != wantOK {
			t.Fatalf("abbreviationOf(%q) = %q, %v; every name searched gives %q, %v", string(w), got, gotOK, want, wantOK)
		}
		if gotOK {
			found++
		}
	}
	if found < 1000 {
		t.Errorf("only %d of the words were taken for names: the test tries too few that are", found)
	}
}

// TestRecentWordsOnceMemosAreFull checks that, with the bounded memos
// full, stems and corrections come out as the stemmer and the speller give
// them, the first time and the next, kept by the memo of recent words;
// and that a word sharing a slot replaces another without taking its
// result.
func TestRecentWordsOnceMemosAreFull(t *testing.T) {
	e := embeddedEngine(t)
	lx := e.lx
	lx.corrected.Store(maxCorrections)
	for _, w := range []string{"stoltenbrg", "blinkenn", "sanctionns", "qwertyuiop", "pipelinez", "allliance", "nordstrem"} {
		sameTwice(t, lx, w)
		_, stemKept := lx.recentStems.get(w, wordHash(w))
		_, fixKept := lx.recentFixes.get(w, wordHash(w))
		if !stemKept || !fixKept {
			t.Errorf("%q is not kept as a recent word", w)
		}
	}
	if _, ok := lx.unknownStems.Load("qwertyuiop"); ok {
		t.Error("a full memo took another stem")
	}
	var r recent
	r.put("a", wordHash("a"), "1", true)
	other := ""
	for i := 0; other == ""; i++ { // a word hashed to the same slot
		if w := fmt.Sprint("w", i); r.slot(wordHash(w)) == r.slot(wordHash("a")) {
			other = w
		}
	}
	r.put(other, wordHash(other), "2", false)
	if got, ok := r.get("a", wordHash("a")); ok {
		t.Errorf("a word replaced in its slot still gives %+v", got)
	}
	if got, ok := r.get(other, wordHash(other)); !ok || got.result != "2" || got.ok {
		t.Errorf("get(%q) = %+v, %v", other, got, ok)
	}
	if _, ok := r.get("", wordHash("")); ok {
		t.Error("an empty slot gives the empty word")
	}
}

// sameTwice checks that a word's stem and correction come out as the
// stemmer and the speller give them, the first time and the next.
func sameTwice(t *testing.T, lx *lexicon, w string) {
	t.Helper()
	wantFix, wantOK := lx.correctNow(w)
	for range 2 {
		if got := lx.stem(w); got != stem(w) {
			t.Errorf("stem(%q) = %q, want %q", w, got, stem(w))
		}
		if got, ok := lx.correct(w); got != wantFix || ok != wantOK {
			t.Errorf("correct(%q) = %q, %v, want %q, %v", w, got, ok, wantFix, wantOK)
		}
	}
}

// TestHeldBitsMarkStoredWords checks that a word the memos store has its
// bit set, so that it is looked up in them, and that its stem and correction
// come from them the next time as they came the first.
func TestHeldBitsMarkStoredWords(t *testing.T) {
	lx := embeddedEngine(t).lx
	for _, w := range []string{"stoltenbrg", "sanctionns", "qwertyuiop", "nordstrem"} {
		h := wordHash(w)
		sameTwice(t, lx, w)
		if _, ok := lx.unknownStems.Load(w); !ok || !lx.heldStems.has(h) {
			t.Errorf("the stem of %q is not held, or its bit not set", w)
		}
		if _, ok := lx.corrections.Load(w); !ok || !lx.heldFixes.has(h) {
			t.Errorf("the correction of %q is not held, or its bit not set", w)
		}
	}
	var b heldBits
	b.add(wordHash("a"))
	if !b.has(wordHash("a")) || b.has(wordHash("b")) {
		t.Error("heldBits does not tell a word added from one not")
	}
}

// TestShortCorrectionsDoNotHangOnHistory checks that a short word's
// correction does not depend on whether the looser rule for longer words met
// it first ("taly": no short correction, though "talk" is one edit away).
func TestShortCorrectionsDoNotHangOnHistory(t *testing.T) {
	fresh := func() *lexicon {
		return embeddedEngine(t).lx
	}
	for _, w := range []string{"taly", "tuks", "kep"} {
		alone, okAlone := fresh().correctShort(w)
		lx := fresh()
		lx.correct(w)
		after, okAfter := lx.correctShort(w)
		if after != alone || okAfter != okAlone {
			t.Errorf("correctShort(%q) = %q, %v alone; %q, %v after correct", w, alone, okAlone, after, okAfter)
		}
	}
}

// TestRepairCopiesOnlyOnChange checks that repair hands back a text's own
// words when none changes, a fresh list holding the words before the first
// change when one does, and words, not nil, for no words.
func TestRepairCopiesOnlyOnChange(t *testing.T) {
	lx := embeddedEngine(t).lx
	clean := splitWords("who is the secretary general of nato")
	var a analysis
	if got := lx.repair(clean, &a); &got[0] != &clean[0] || len(got) != len(clean) {
		t.Errorf("repair copied a text with nothing to repair: %v", got)
	}
	typo := splitWords("who is the secretary general of nato stoltenbrg")
	got := lx.repair(typo, &a)
	if &got[0] == &typo[0] || len(got) != len(typo) || got[len(got)-1].text != "stoltenberg" ||
		!slices.Equal(got[:len(got)-1], typo[:len(typo)-1]) {
		t.Errorf("repair(%v) = %v", typo, got)
	}
	if got := lx.repair(nil, &a); got == nil || len(got) != 0 {
		t.Errorf("repair(nil) = %#v, want no words, not nil", got)
	}
}

// TestRecentWordsConcurrently stems and corrects words from several
// goroutines once the memos are full, so that they share and replace the
// slots of recent words; run with -race.
func TestRecentWordsConcurrently(t *testing.T) {
	lx := embeddedEngine(t).lx
	lx.corrected.Store(maxCorrections)
	ws := []string{"stoltenbrg", "blinkenn", "sanctionns", "qwertyuiop", "pipelinez", "allliance", "nordstrem"}
	for i := range 40 {
		ws = append(ws, fmt.Sprint("zqx", i))
	}
	type fix struct {
		stem, fixed string
		ok          bool
	}
	want := map[string]fix{}
	for _, w := range ws {
		fixed, ok := lx.correctNow(w)
		want[w] = fix{stem(w), fixed, ok}
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 400 {
				w := ws[(g*7+i)%len(ws)]
				fixed, ok := lx.correct(w)
				if got := (fix{lx.stem(w), fixed, ok}); got != want[w] {
					t.Errorf("%q: got %+v, want %+v", w, got, want[w])
				}
			}
		})
	}
	wg.Wait()
}

// TestLetterMaskNeverHidesAName checks that whenever inOrder finds a word's
// letters in a name, the name's letterMask holds the word's.
func TestLetterMaskNeverHidesAName(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	letters := []rune("abcxyzABCXYZ-'0é\u212a")
	random := func() string {
		b := make([]rune, r.IntN(7))
		for i := range b {
			b[i] = letters[r.IntN(len(letters))]
		}
		return string(b)
	}
	held := 0
	for range 200000 {
		w, n := random(), random()
		if inOrder(w, n) {
			held++
			if letterMask(w, false)&^letterMask(n, true) != 0 {
				t.Fatalf("inOrder(%q, %q), but the mask of %q lacks bits of %q's", w, n, n, w)
			}
		}
	}
	if held < 1000 {
		t.Errorf("only %d pairs in order: the test tries too few", held)
	}
}

// TestEnglishWordsCorrectedOnlyToWordsNearThem checks that an English word
// the knowledge base does not use is corrected to a known word only when
// the two stand near in meaning: a spelling or a form of it, not another
// word a letter away.
func TestEnglishWordsCorrectedOnlyToWordsNearThem(t *testing.T) {
	e := embeddedEngine(t)
	for w, want := range map[string]string{
		"behaviour":   "behavior",    // a spelling
		"recovered":   "",            // not "removed"
		"stage":       "",            // not "state"
		"model":       "",            // not a stem of "moderate"
		"stoltenburg": "stoltenberg", // no English word: a typo
	} {
		got, ok := e.lx.correct(w)
		if want == "" && ok {
			t.Errorf("correct(%q) = %q; an English word far from it in meaning", w, got)
		}
		if want != "" && got != want {
			t.Errorf("correct(%q) = %q, %v, want %q", w, got, ok, want)
		}
	}
}
