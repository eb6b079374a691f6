package answers_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/articlebot/articlebot/config"
	"github.com/articlebot/articlebot/internal/answers"
)

// TestCheckFlagsKindsTheAnswerDoesNotGive: a fact tagged place, time or
// count must name a place, give a time or a number in its answer, or it
// answers questions it cannot ("where was the meeting?" with a list of
// people).
func TestCheckFlagsKindsTheAnswerDoesNotGive(t *testing.T) {
	article := "Ferry vote\n\nThe council met in Harbour on Tuesday and counted 12 votes.\n"
	kb := `article: {file: article.txt, title: Ferry vote}
synonyms:
  - [harbour, harbor]
places: [harbour]
facts:
  - id: title
    topic: T
    questions: [what is the title]
    answer: The title is Ferry vote.
    quotes: [{text: "Ferry vote", paragraph: 1}]
  - id: who-met
    topic: T
    kinds: [who, place]
    questions: [who met]
    answer: The council met.
    quotes: [{text: "The council met", paragraph: 2}]
  - id: when-met
    topic: T
    kinds: [time]
    questions: [when did they meet]
    answer: They met after lunch.
    quotes: [{text: "on Tuesday", paragraph: 2}]
  - id: how-many
    topic: T
    kinds: [count]
    questions: [how many votes]
    answer: Many votes were counted.
    quotes: [{text: "counted 12 votes", paragraph: 2}]
  - id: where-met
    topic: T
    kinds: [place, time, count]
    questions: [where did they meet]
    answer: In Harbour on Tuesday, counting 12 votes.
    quotes: [{text: "met in Harbour", paragraph: 2}]
`
	model, _, err := answers.ReadModel(config.Knowledge)
	if err != nil {
		t.Fatal(err)
	}
	r := answers.Check(fstest.MapFS{
		"article.txt":    {Data: []byte(article)},
		"knowledge.yaml": {Data: []byte(kb)},
	}, answers.WithDefaultModel(model))
	got := strings.Join(r.Problems, "\n")
	for _, want := range []string{
		"fact who-met: tagged place, but its answer names no place",
		"fact when-met: tagged time, but its answer gives no time",
		"fact how-many: tagged count, but its answer gives no number",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("check problems lack %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "where-met") {
		t.Errorf("a fact that gives its place, time and number was flagged:\n%s", got)
	}
}
