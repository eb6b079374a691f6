package answers

import (
	"bufio"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/hbollon/go-edlib"
)

// TestSplitWordsFastPathAgrees checks the ASCII fast path of splitWords
// against the general one on every text of the knowledge base and on every
// question of the question sets, plus awkward cases.
func TestSplitWordsFastPathAgrees(t *testing.T) {
	texts := []string{"U.S.", "the U.S.-led talks", "e.g. this", "U.S.A. and U.K.", "S-400s", "Turkey's",
		"won't", "it's", "'s", "x's", "a.b", "A.B.C", "Mr. Blinken", "J. Blinken", "6:02 a.m.", "us or them",
		"tell us", "--", "", "   ", "ab'", "'hello'", "2015-deal", "U.S.'s", "no.1", "end.U.S."}
	src, _ := realSources(t)
	for _, f := range append(src.Knowledge.Facts, src.Knowledge.Gaps...) {
		texts = append(texts, f.Answer)
		texts = append(texts, f.Questions...)
		for _, q := range f.Quotes {
			texts = append(texts, q.Text)
		}
	}
	texts = append(texts, setQuestions(t, "../../testdata/dev.jsonl", "../../testdata/bank/train.jsonl", "../../testdata/bank/valid.jsonl")...)
	texts = append(texts, "Turkey’s", "“quoted” — dash", "won’t", "U.S.’s", "a…b", "x’s.A.")
	for _, s := range texts {
		if !isPlain(s) {
			continue
		}
		if got, want := splitWords(s), splitWordsUnicode(s); !slices.Equal(got, want) {
			t.Errorf("splitWords(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestLettersWordIsSplitWords checks that lettersWord reads a text of ASCII
// letters alone as splitWords does, one word, number words and "us" among
// them, and declines every other text.
func TestLettersWordIsSplitWords(t *testing.T) {
	texts := []string{"Blinken", "NATO", "Two", "twelve", "US", "us", "Us", "Or", "a", "EU", "Turkey's", "S-400",
		"U.S.", "Stoltenberg’s", "Maas", "", "don't", "2015", "Ab1", "Évian", "von der Leyen"}
	for _, q := range setQuestions(t, "../../testdata/dev.jsonl", "../../testdata/bank/train.jsonl") {
		texts = append(texts, strings.Fields(q)...)
	}
	for _, f := range texts {
		ws := splitWords(f)
		got, ok := lettersWord(f)
		letters := f != "" && strings.Trim(f, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") == ""
		switch {
		case ok != letters:
			t.Errorf("lettersWord(%q) reads it: %v, want %v", f, ok, letters)
		case ok && (len(ws) != 1 || ws[0].text != got):
			t.Errorf("lettersWord(%q) = %q, splitWords %v", f, got, ws)
		}
	}
}

func FuzzSplitWords(f *testing.F) {
	for _, s := range []string{"U.S.-led", "Turkey's S-400s", "a.b.c.", "it's 6:02 a.m.", "us or them"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !isPlain(s) {
			return
		}
		if got, want := splitWords(s), splitWordsUnicode(s); !slices.Equal(got, want) {
			t.Errorf("splitWords(%q) = %v, want %v", s, got, want)
		}
	})
}

func BenchmarkSplitWords(b *testing.B) {
	s := "What did Secretary of State Antony J. Blinken tell Turkey's foreign minister about the U.S. sanctions?"
	b.Run("fast", func(b *testing.B) {
		for b.Loop() {
			splitWords(s)
		}
	})
	b.Run("unicode", func(b *testing.B) {
		for b.Loop() {
			splitWordsUnicode(s)
		}
	})
}

func TestOSADistanceAgreesWithEdlib(t *testing.T) {
	words := []string{"stoltenberg", "stoltenburg", "stlotenberg", "blinken", "blinkin", "nordstream", "pipeline",
		"pipelien", "afghanistan", "afghanstan", "a", "ab", "ba", "abc", "cab", "turkey", "turkye", "brussels",
		"wrot", "wrote", "chna", "china", "tha", "the"}
	for _, a := range words {
		for _, b := range words {
			want := edlib.OSADamerauLevenshteinDistance(a, b)
			for limit := 1; limit <= 3; limit++ {
				got := osaDistance(a, b, limit)
				if want <= limit && got != want || want > limit && got <= limit {
					t.Errorf("osaDistance(%q, %q, %d) = %d, edlib %d", a, b, limit, got, want)
				}
			}
		}
	}
}

// TestOneEditAgreesWithEdlib checks correctShort's test of one edit against
// edlib, on short words and on words of letters beyond ASCII, whose length in
// bytes is not their length in letters.
func TestOneEditAgreesWithEdlib(t *testing.T) {
	words := []string{"wrot", "wrote", "chna", "china", "tha", "the", "then", "ab", "ba", "abc", "cab",
		"caf", "cafe", "café", "cafés", "éa", "a", "naïve", "naive", "naïf"}
	for _, a := range words {
		for _, b := range words {
			if got, want := oneEdit(a, b), edlib.OSADamerauLevenshteinDistance(a, b) == 1; got != want {
				t.Errorf("oneEdit(%q, %q) = %v, edlib's distance is one: %v", a, b, got, want)
			}
		}
	}
}

// TestMetaTextAgrees checks metaText, built in one pass, against the chain
// of strings functions it replaces, on awkward texts and on every question
// of the question sets.
func TestMetaTextAgrees(t *testing.T) {
	chain := func(seg string) string {
		return strings.ToLower(strings.Join(strings.Fields(strings.Map(func(r rune) rune {
			if r == ',' || r == '.' || r == ':' || r == '(' || r == ')' {
				return ' '
			}
			return r
		}, seg)), " "))
	}
	texts := append(questionTexts(t), "", " ", "Hi!", "  Hello,  there. ", "(thanks)", "a:b", "Thanks\u00a0a lot", "bye\u0085now",
		"tab\there", "new\nline", "\xffbad\xfe utf8\xc3", "ÉCOLE, Straße", "x,,,y..z", ".,:()", "Ǆ dz İ",
		"what's up?", "How are you doing today, bot?")
	for _, s := range texts {
		if got, want := metaText(s), chain(s); got != want {
			t.Errorf("metaText(%q) = %q, want %q", s, got, want)
		}
	}
}

// questionTexts are the questions of the question sets, and of their
// dialogues.
func questionTexts(t *testing.T) []string {
	t.Helper()
	var texts []string
	for _, name := range []string{"../../testdata/dev.jsonl", "../../testdata/bank/train.jsonl", "../../testdata/dialogues/dev.jsonl"} {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(strings.NewReader(string(data)))
		for sc.Scan() {
			var rec struct {
				Q     string
				Turns []struct{ Q string }
			}
			if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
				t.Fatal(err)
			}
			texts = append(texts, rec.Q)
			for _, turn := range rec.Turns {
				texts = append(texts, turn.Q)
			}
		}
	}
	return texts
}

// TestStripFillersAgrees checks stripFillers, which lowers an ASCII text
// once, against the loop that lowers it at every step, on awkward texts and
// on every question of the question sets.
func TestStripFillersAgrees(t *testing.T) {
	slow := func(s string) string {
		for changed := true; changed; {
			changed = false
			t := strings.TrimLeft(s, " ,.:;-!–—")
			low := strings.ToLower(t)
			for _, f := range leadByFirst[firstByte(low)] {
				if strings.HasPrefix(low, f) && (len(low) == len(f) || !isWordRune(rune(low[len(f)]))) {
					t = t[len(f):]
					changed = true
					break
				}
			}
			t = strings.TrimRight(t, " ,.:;-!–—")
			low = strings.ToLower(t)
			for _, f := range tailByLast[lastByte(low)] {
				if strings.HasSuffix(low, f) && (len(low) > len(f) && !isWordRune(rune(low[len(low)-len(f)-1])) ||
					len(low) == len(f) && strings.Contains(f, " ")) {
					t = t[:len(t)-len(f)]
					changed = true
					break
				}
			}
			s = t
		}
		return strings.TrimSpace(s)
	}
	texts := append(questionTexts(t), "", " ", "Hey bot, OK so WHO wrote this? Thanks!", "hi hello hey", "— ok, thanks —",
		"Hİ there who", "hey Ünïcode thanks", "thanks İ", "So, um, well... who? lol", "okay bot. ok so: when? thx ty",
		"\xffhey\xfe", "Please", "PLEASE who PLEASE", "Can't Remember", "who? I DON'T REMEMBER")
	for _, s := range texts {
		if got, want := stripFillers(s), slow(s); got != want {
			t.Errorf("stripFillers(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestOpensWithAlso checks opensWithAlso against lowering the whole text.
func TestOpensWithAlso(t *testing.T) {
	for _, p := range []string{"", "also", "Also", "ALSO, when", "also when", "alsop", "als", "AlSo", "also,", "also.",
		"Álso when", "also ünïcode", "İlso", "also\u00a0when", "@lso", "alsO when"} {
		rest, ok := strings.CutPrefix(strings.ToLower(p), "also")
		want := ok && (rest == "" || rest[0] == ' ' || rest[0] == ',')
		if got := opensWithAlso(p); got != want {
			t.Errorf("opensWithAlso(%q) = %v, want %v", p, got, want)
		}
	}
}

// TestOperatorAfterNumberBeforeArithmetic checks that every text the
// arithmetic regexp matches has an operator after a number, the test that
// spares the regexp, on sums of every operator and on the question sets.
func TestOperatorAfterNumberBeforeArithmetic(t *testing.T) {
	texts := questionTexts(t)
	for _, op := range operators {
		for _, sp := range []string{"", " ", "\t", "  "} {
			texts = append(texts, "whats 3"+sp+op+sp+"3", "17"+sp+op+sp+"4?", "is 2"+sp+op+sp+"2 four", "a 12"+sp+op)
		}
	}
	texts = append(texts, "s400 x 2", "2015 deal", "in 2019-2020", "x 3", "3 x", "1,000 + 2", "٣ + ٣")
	matched := 0
	for _, s := range texts {
		low := strings.ToLower(s)
		if arithmetic.MatchString(low) {
			matched++
			if !operatorAfterNumber(low) {
				t.Errorf("arithmetic matches %q, but operatorAfterNumber says no operator follows a number", s)
			}
		}
	}
	if matched < 40 {
		t.Errorf("only %d texts are sums: the test tries too few", matched)
	}
}

// TestChatSpellingIsLowerLookup checks chatSpelling against lowering the
// whole word, on every chat spelling in every case, and on words that are
// none or lower to ASCII from beyond it.
func TestChatSpellingIsLowerLookup(t *testing.T) {
	words := []string{"", "İ", "wİ", "K", "\u212a", "whatsup", "Wats?", "ẞ", "hÉllo", "tho", "THO", "w/", "W/", "B4"}
	for k := range chatSpellings {
		if len(k) > maxChatSpelling {
			t.Errorf("chat spelling %q is longer than maxChatSpelling", k)
		}
		words = append(words, k, strings.ToUpper(k), strings.ToUpper(k[:1])+k[1:], k+"x")
	}
	for _, w := range words {
		want, wantOK := chatSpellings[strings.ToLower(w)]
		if got, ok := chatSpelling(w); got != want || ok != wantOK {
			t.Errorf("chatSpelling(%q) = %q, %v; want %q, %v", w, got, ok, want, wantOK)
		}
	}
}

// TestContainsLowerASCII checks containsLowerASCII against lowering the
// whole text, on the question sets and on texts in other cases and scripts.
func TestContainsLowerASCII(t *testing.T) {
	texts := append(questionTexts(t), "", " and", "Who AND when", "x AnD y", "x ALSO y", " İ and ", "a\u212aND b", " ánd ",
		"who and", "and when", "also, who", "x  and  y", "\xff and \xfe")
	for _, s := range texts {
		for _, sub := range []string{" and ", " also ", " a", " "} {
			if got, want := containsLowerASCII(s, sub), strings.Contains(strings.ToLower(s), sub); got != want {
				t.Errorf("containsLowerASCII(%q, %q) = %v, want %v", s, sub, got, want)
			}
		}
	}
}

// TestAtLeastWords checks that atLeastWords never counts more words than
// splitWords finds, on the question sets and on awkward texts.
func TestAtLeastWords(t *testing.T) {
	texts := append(questionTexts(t), "", " ", "'s", "x's y", "U.S. law", "S-400 s 400", "a.b.c d", "— who —", "it’s", "don't",
		"\xff", "Ünïcode words here now", "a  b", " a b c d ", "1 2 3 4", "_ _ _ _", "a-b c-d", "o'clock 9am", "... ?!")
	for _, s := range texts {
		if n, words := atLeastWords(s), len(splitWords(s)); n > words {
			t.Errorf("atLeastWords(%q) = %d, but splitWords finds %d", s, n, words)
		}
	}
}
