package answers_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/articlebot/articlebot/config"
	"github.com/articlebot/articlebot/internal/answers"
)

func devQuestions(b *testing.B) []string {
	return answers.SetQuestions(b, "../../testdata/dev.jsonl")
}

// BenchmarkAnswer answers the dev questions on the real knowledge base; one
// op is one question.
func BenchmarkAnswer(b *testing.B) {
	eng := realEngine(b)
	qs := devQuestions(b)
	for _, q := range qs { // warm the lazily built spelling index
		eng.Answer(q)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		eng.Answer(qs[i%len(qs)])
	}
}

// BenchmarkAnswerTypos answers dev questions whose words of five letters or
// more are misspelt afresh every time (a letter swapped, dropped or
// doubled), so no memo of corrections helps: the cost of never-seen typos.
func BenchmarkAnswerTypos(b *testing.B) {
	eng := realEngine(b)
	qs := devQuestions(b)
	r := rand.New(rand.NewPCG(7, 8))
	garble := func(q string) string {
		ws := strings.Fields(q)
		for i, w := range ws {
			if len(w) < 5 {
				continue
			}
			k := 1 + r.IntN(len(w)-2)
			switch r.IntN(3) {
			case 0:
				w = w[:k] + string(rune('a'+r.IntN(26))) + w[k+1:]
			case 1:
				w = w[:k] + w[k+1:]
			default:
				w = w[:k] + w[k:k+1] + w[k:]
			}
			ws[i] = w + string(rune('a'+r.IntN(26))) + string(rune('a'+r.IntN(26)))
		}
		return strings.Join(ws, " ")
	}
	eng.Answer("warm up the spelling index")
	// Every question is garbled afresh beforehand (50,000 of them, more than
	// a one-second run asks), so the timed loop measures answering alone.
	garbled := make([]string, 50000)
	for i := range garbled {
		garbled[i] = garble(qs[i%len(qs)])
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		eng.Answer(garbled[i%len(garbled)])
	}
}

// BenchmarkAnswerWorstTypos answers questions of the longest length read,
// 1,000 characters, made of nothing but long typos never seen before: the
// article's words of eight letters or more, a letter dropped and three to
// eight letters added. One op is one question; it must stay under a
// millisecond. Each run has an engine of its own, whose memo of corrections
// starts empty, and more questions than it asks.
func BenchmarkAnswerWorstTypos(b *testing.B) {
	eng, err := answers.Load(config.Knowledge, answers.WithVectors(mustVectors()))
	if err != nil {
		b.Fatal(err)
	}
	var long []string
	for w := range strings.FieldsFuncSeq(strings.ToLower(articleText(b)), func(r rune) bool { return r < 'a' || r > 'z' }) {
		if len(w) >= 8 {
			long = append(long, w)
		}
	}
	r := rand.New(rand.NewPCG(9, 10))
	typo := func() string {
		w := long[r.IntN(len(long))]
		k := 1 + r.IntN(len(w)-2)
		w = w[:k] + w[k+1:]
		for range 3 + r.IntN(6) {
			w += string(rune('a' + r.IntN(26)))
		}
		return w
	}
	eng.Answer("warm up the spelling index")
	questions := make([]string, 5000)
	for i := range questions {
		var q strings.Builder
		for q.Len() < answers.MaxQuestionLen-30 {
			q.WriteString(typo() + " ")
		}
		questions[i] = strings.TrimSpace(q.String())
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		eng.Answer(questions[i%len(questions)])
	}
}

// BenchmarkAnswerWorstShortWords is a question of 1,000 characters of short
// made-up words, each new: the other worst case, where every word is too
// short to correct and goes to the meaning and name checks.
func BenchmarkAnswerWorstShortWords(b *testing.B) {
	eng, err := answers.Load(config.Knowledge, answers.WithVectors(mustVectors()))
	if err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(11, 12))
	questions := make([]string, 5000)
	for i := range questions {
		var q strings.Builder
		for q.Len() < answers.MaxQuestionLen-10 {
			for range 3 + r.IntN(2) {
				q.WriteByte(byte('a' + r.IntN(26)))
			}
			q.WriteByte(' ')
		}
		questions[i] = strings.TrimSpace(q.String())
	}
	eng.Answer("warm up the spelling index")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		eng.Answer(questions[i%len(questions)])
	}
}

// largeKnowledge generates an article of n paragraphs and one fact quoting
// each, over a vocabulary of made-up words, to measure the index at scale.
func largeKnowledge(n int) (*answers.Knowledge, string, []string) {
	r := rand.New(rand.NewPCG(1, 2))
	vocab := make([]string, 20000)
	for i := range vocab {
		var w strings.Builder
		for range 5 + r.IntN(5) {
			w.WriteByte(byte('a' + r.IntN(26)))
		}
		vocab[i] = w.String()
	}
	pick := func() string { return vocab[r.IntN(len(vocab))] }
	kb := &answers.Knowledge{}
	kb.Article.File, kb.Article.Title = "large.txt", "Large"
	var art strings.Builder
	art.WriteString("Large\n\n")
	var questions []string
	for i := range n {
		words := make([]string, 12)
		for j := range words {
			words[j] = pick()
		}
		para := fmt.Sprintf("Item %d says %s.", i, strings.Join(words, " "))
		art.WriteString(para + "\n\n")
		f := answers.Fact{ID: fmt.Sprintf("f%d", i), Topic: fmt.Sprintf("T%d", i%50), Answer: "It says " + words[0] + "."}
		for k := range 5 {
			f.Questions = append(f.Questions, fmt.Sprintf("what about %s %s %d %d", words[k], words[k+5], i, k))
		}
		f.Quotes = []answers.Quote{{Text: para, Paragraph: i + 2}}
		kb.Facts = append(kb.Facts, f)
		q := fmt.Sprintf("what about %s and %s", words[1], words[6])
		if i%3 == 0 {
			q = "waht abuot " + words[2][:len(words[2])-1] + " " + words[7] // typos
		}
		questions = append(questions, q)
	}
	return kb, art.String(), questions
}

// BenchmarkAnswerLargeKB answers on a generated knowledge base of 10,000
// facts: the index must keep a question well under a millisecond.
func BenchmarkAnswerLargeKB(b *testing.B) {
	kb, text, qs := largeKnowledge(10000)
	eng, err := answers.New(kb, text, answers.WithModel(embeddedModel()))
	if err != nil {
		b.Fatal(err)
	}
	for _, q := range qs[:100] {
		eng.Answer(q)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		eng.Answer(qs[i%len(qs)])
	}
}

func TestLargeKnowledgeAnswersItsFacts(t *testing.T) {
	kb, text, qs := largeKnowledge(2000)
	eng, err := answers.New(kb, text, answers.WithModel(embeddedModel()))
	if err != nil {
		t.Fatal(err)
	}
	ok := 0
	for i, q := range qs {
		if a := eng.Answer(q); a.FactID == fmt.Sprintf("f%d", i) {
			ok++
		}
	}
	if ok < len(qs)*9/10 {
		t.Errorf("generated knowledge base: %d of %d questions found their fact", ok, len(qs))
	}
}

// embeddedModel is the model fitted for the embedded knowledge base; its
// weights weigh general signals, so generated knowledge bases use it too.
func embeddedModel() *answers.Model {
	m, _, err := answers.ReadModel(config.Knowledge)
	if err != nil {
		panic(err)
	}
	return m
}
