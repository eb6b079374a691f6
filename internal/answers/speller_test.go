package answers

import (
	"math/rand/v2"
	"testing"

	"github.com/articlebot/articlebot/config"
	"github.com/articlebot/articlebot/internal/wordvec"
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
	vec, err := wordvec.Open(config.Vectors)
	if err != nil {
		b.Fatal(err)
	}
	e, err := Load(config.Knowledge, WithVectors(vec))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		newSpeller(e.lx.surface)
		newSpeller(e.lx.stems)
	}
}
