package answers_test

import (
	"testing"

	"github.com/articlebot/articlebot/config"
	"github.com/articlebot/articlebot/internal/answers"
)

// BenchmarkLoad is starting the engine as the bot does: from the embedded
// snapshot, with the word vectors and the model. A cold "bot ask" is this,
// the process's own start and one answer.
func BenchmarkLoad(b *testing.B) {
	vec := mustVectors()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := answers.Load(config.Knowledge, answers.WithVectors(vec)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNew is building the engine from knowledge.yaml and the article,
// as bot --kb DIR does for a knowledge base without a current snapshot.
func BenchmarkNew(b *testing.B) {
	vec := mustVectors()
	data, err := config.Knowledge.ReadFile(answers.KnowledgeFile)
	if err != nil {
		b.Fatal(err)
	}
	kb, err := answers.ParseKnowledge(data)
	if err != nil {
		b.Fatal(err)
	}
	text, err := config.Knowledge.ReadFile(kb.Article.File)
	if err != nil {
		b.Fatal(err)
	}
	model, _, err := answers.ReadModel(config.Knowledge)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := answers.New(kb, string(text), answers.WithVectors(vec), answers.WithModel(model)); err != nil {
			b.Fatal(err)
		}
	}
}
