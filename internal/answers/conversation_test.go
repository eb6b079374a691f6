package answers_test

import (
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/articlebot/articlebot/internal/answers"
)

// talk runs a conversation through Follow and returns every reply.
func talk(t *testing.T, eng *answers.Engine, msgs ...string) ([]answers.Answer, answers.Context) {
	t.Helper()
	var c answers.Context
	out := make([]answers.Answer, len(msgs))
	for i, m := range msgs {
		out[i], c = eng.Follow(c, m)
	}
	return out, c
}

// holds reports whether an answer's text or quotes hold a phrase, ignoring case.
func holds(a answers.Answer, phrase string) bool {
	text := a.Text
	for _, q := range a.Quotes() {
		text += " " + q.Text
	}
	return strings.Contains(strings.ToLower(text), strings.ToLower(phrase))
}

func TestFollowUps(t *testing.T) {
	eng := realEngine(t)
	cases := []struct {
		name  string
		turns []string
		want  string // a phrase the last reply holds; "" when it must not answer
	}{
		{"a pronoun names the person in play", []string{"who is NATO's secretary general?", "what did he say about Turkey?"}, "differences"},
		{"an elliptic follow-up asks the last question again", []string{"who is the EU's foreign policy chief?", "and the commission president?"}, "von der leyen"},
		{"a bare question word asks about the last subject", []string{"who took the photo of the pipe sections?", "where?"}, "sassnitz"},
		{"an ordinal keeps the list it points into", []string{"Which EU leaders got kind words from Blinken?",
			"what job does the first one have?", "and the second one?"}, "foreign policy chief"},
		{"an ordinal names a group the last answer listed, not its first member", []string{"who did Blinken meet in Brussels?",
			"which countries are in the first one?", "and the second one?"}, "Slovakia"},
		{"a complete question changes the subject", []string{"what did Stoltenberg say about Turkey?", "who wrote the article?"}, "erlanger"},
		{"an unanswerable follow-up stays honest", []string{"who is Heiko Maas?", "how old is he?"}, ""},
		{"what else the speaker said is what he said next, though the subject's words do not find it",
			[]string{"which allies did Blinken warn about democracy?", "did he name them?", "anything else he said?"}, "speak up"},
		{"a word or two answered far from the last subject is doubted", []string{"Taliban deal - when struck?", "Signed where?"}, ""},
		{"a word or two answered surely far from the last subject is answered", []string{"what's the irritant quote about?",
			"who's the reporter btw"}, "Erlanger"},
		{"an elliptic follow-up the last question does not fit asks about its subject alone", []string{"what did stoltenberg say about turkey?",
			"what about the pipeline?"}, "Nord Stream"},
		{"a follow-up about one photo stays on that photo", []string{"what does the photo of the special forces show?",
			"who took it?", "when?"}, "last year"},
		{"a number in a name is no count", []string{"what does biden think of nord stream 2",
			"how many firms have been hit with sanctions over it?"}, ""},
		{"a complete question after \"and\" reads alone first", []string{"what does Blinken want Iran to do?",
			"and what does Tehran want instead?"}, "remove"},
		{"a detail the last fact lacks is not answered with it again", []string{"What did Blinken tell Turkey about the S-400?",
			"which sanctions exactly?"}, ""},
		{"a question that could stand alone is read about the photo in play", []string{"what does the photo of the pipe sections show?",
			"who is the photographer?"}, "Mucha"},
		{"a message pointing back is read about the subject when that answers nearer", []string{"what is NATO's stance on afghanistan?",
			"whose stance is that?"}, "NATO position"},
		{"a message pointing back, answered far from the last answer, must stand as a first question", []string{"how many countries are in NATO?",
			"which of them joined most recently?"}, ""},
		{"a follow-up its pronoun completes is weighed as a first question when the follow-ups' model doubts it",
			[]string{"What did Blinken tell Maas?", "how did he describe the alliance with Germany?"}, "rock-solid"},
		{"a terse follow-up with the subject's words is weighed as a first question when the follow-ups' model doubts it",
			[]string{"nord stream 2: us position?", "sanctions on who?"}, "any company or institution"},
		{"where's that in the article asks for the source", []string{"did Blinken urge the allies to spend more on defense?",
			"where's that in the article"}, "Mr. Blinken also encouraged"},
		{"where in the article, in words of one's own, asks for the source", []string{"did Blinken urge the allies to spend more on defense?",
			"where in the article does he say that?"}, "Mr. Blinken also encouraged"},
		{"the last answer's fact, still the likeliest, gives the detail asked of its subject", []string{"turkey and greece, what's the issue?",
			"where exactly is that?"}, "Eastern Mediterranean"},
		{"what for asks the reason", []string{"how much extra time does the US want to give in Afghanistan?", "what for?"}, "power-sharing"},
		{"an opener that changes the subject", []string{"who is Heiko Maas?", "unrelated, but when was the article published?"}, "march 24"},
		{"who the words were said to: a person named after \"to\"", []string{"what did blinken call the pipeline?",
			"who did he say that to?"}, "said it to Maas"},
		{"who the words were said to, named right after \"to\", not the next person named", []string{
			"what happens if turkey buys more S-400s?", "who got that message?"}, "to Cavusoglu"},
		{"who the words were said to, when the fact names no one", []string{"what did blinken say about democracy?",
			"who was he talking to?"}, ""},
		{"a bare post asks who holds it", []string{"where was the photo of the pipe sections taken?", "photographer?"}, "Mucha"},
		{"a verb that only says something happened borrows the subject", []string{"where was the photo of the pipe sections taken?",
			"photographer?", "taken when?"}, "last year"},
		{"a chat spelling in a follow-up is read as its word", []string{"which american president last joined an EU summit before biden?",
			"yr?"}, "2009"},
		{"a pronoun points at no one the message names", []string{"did blinken praise stoltenberg?",
			"what did he tell blinken at the end of the article?"}, "among friends"},
		{"who the words were said to, of a fact that reports no words", []string{"who is Heiko Maas?", "to whom?"}, ""},
		{"who the words were said to, of a country's words that name no one", []string{"how has iran responded?",
			"who did they say that to?"}, ""},
		{"an opener in chat changes the subject", []string{"who is Heiko Maas?", "ok diff topic, when was the article published?"}, "march 24"},
		{"a reason asked of a fact that gives none is answered by a near fact that does", []string{"tell me about germany and china",
			"why does that worry the americans?"}, "reluctant"},
		{"a fact passed over for giving no reason is no rival to a near one giving one", []string{"what's the link between germany and china?",
			"so why does that bother the US?"}, "reluctant"},
		{"\"it\" keeps the places of the subject beside a place the message names", []string{"what is germany's link to china?",
			"so why is it a problem for the US?"}, "reluctant"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			replies, _ := talk(t, eng, c.turns...)
			last := replies[len(replies)-1]
			switch {
			case c.want == "" && last.Status == answers.StatusAnswered:
				t.Errorf("%q answered %q; the article does not say", c.turns[len(c.turns)-1], last.Text)
			case c.want != "" && (last.Status != answers.StatusAnswered || !holds(last, c.want)):
				t.Errorf("%q got %s %q (%s), want an answer holding %q", c.turns[len(c.turns)-1], last.Status, last.Text, last.Why.Context, c.want)
			}
		})
	}
}

// TestPossessiveMayBeTheNamedOnes checks that a possessive pronoun may
// point at the person the message names: "what did Blinken say about his
// trip" is Blinken's trip, though Stoltenberg is in play beside him.
func TestPossessiveMayBeTheNamedOnes(t *testing.T) {
	eng := realEngine(t)
	replies, _ := talk(t, eng, "did blinken praise stoltenberg?", "what did blinken say about his trip?")
	if got := replies[1].Why.Context; strings.Contains(got, "Stoltenberg's trip") {
		t.Errorf("read as %q: his is Blinken's", got)
	}
}

// TestDoubtedFollowUpShowsNoAnswer checks that a follow-up the engine is
// not sure of reads as "did you mean", offering the fact's question, and
// shows none of the fact's answer as if it were one.
func TestDoubtedFollowUpShowsNoAnswer(t *testing.T) {
	eng := realEngine(t)
	replies, _ := talk(t, eng, "how many countries are in NATO?", "which of them joined most recently?")
	got := replies[1]
	if got.Status != answers.StatusSuggest || len(got.Suggestions) == 0 || got.Quote.Text != "" || !strings.Contains(got.Text, "Did you mean") {
		t.Errorf("got %s %q, quote %q, suggestions %q; want a \"did you mean\" with no quote", got.Status, got.Text, got.Quote.Text, got.Suggestions)
	}
}

// TestKnownGapAnswersTheMessageAlone checks that a follow-up whose message
// alone meets a known gap gets the gap's reply, not a fact that the
// subject's words reach.
func TestKnownGapAnswersTheMessageAlone(t *testing.T) {
	eng := realEngine(t)
	replies, _ := talk(t, eng, "did Blinken meet any baltic people?", "whats their names")
	if got := replies[1]; got.Status != answers.StatusUnknown || !strings.Contains(got.Text, "doesn't name") {
		t.Errorf("whats their names got %s %q (%s); want the article not naming them", got.Status, got.Text, got.Why.Reason)
	}
}

// TestWhatElseSetsTheGivenAside checks that a follow-up asking for others
// ("who else did he see?") is not answered with the fact just given, by
// either model.
func TestWhatElseSetsTheGivenAside(t *testing.T) {
	eng := realEngine(t)
	replies, _ := talk(t, eng, "who did Blinken meet in Brussels?", "who else did he see?")
	if replies[0].Status != answers.StatusAnswered {
		t.Fatalf("the first question got %s %q", replies[0].Status, replies[0].Text)
	}
	if got := replies[1]; got.Status == answers.StatusAnswered && got.FactID == replies[0].FactID {
		t.Errorf("who else did he see? repeated fact %q", got.FactID)
	}
}

func TestFollowUpAlone(t *testing.T) {
	eng := realEngine(t)
	// A conversation that has not begun answers as Answer does.
	for _, q := range []string{"who wrote the article?", "and Russia?", "source?", "tell me more", ""} {
		a, c := eng.Follow(answers.Context{}, q)
		if b := eng.Answer(q); a.Status != b.Status || a.Text != b.Text || a.FactID != b.FactID {
			t.Errorf("Follow(zero, %q) = %s %q; Answer gives %s %q", q, a.Status, a.Text, b.Status, b.Text)
		}
		if c.Turns() != 1 {
			t.Errorf("Follow(zero, %q) left a context of %d turns, want 1", q, c.Turns())
		}
	}
}

func TestSourceAndSpeaker(t *testing.T) {
	eng := realEngine(t)
	art := articleText(t)
	replies, c := talk(t, eng, "what did Blinken promise about China?", "source?", "who said that?")
	first, source, speaker := replies[0], replies[1], replies[2]
	if first.Status != answers.StatusAnswered {
		t.Fatalf("the first question got %s %q", first.Status, first.Text)
	}
	if source.Status != answers.StatusAnswered || source.FactID != first.FactID || len(source.Quotes()) == 0 {
		t.Fatalf("source? gave %s fact %q with %d quotes; want the quotes of fact %q", source.Status, source.FactID, len(source.Quotes()), first.FactID)
	}
	for _, q := range source.Quotes() {
		if !strings.Contains(art, q.Text) || q.Paragraph < 1 {
			t.Errorf("source quote %q (paragraph %d) is not a passage of the article", q.Text, q.Paragraph)
		}
	}
	if speaker.Status != answers.StatusAnswered || !strings.Contains(speaker.Text, "Blinken") {
		t.Errorf("who said that? got %s %q, want Blinken", speaker.Status, speaker.Text)
	}
	if c.Fact() != first.FactID {
		t.Errorf("after source and speaker the context is about %q, want %q", c.Fact(), first.FactID)
	}
}

// TestExactWordsBesideReportedSpeech checks that asking for the exact
// words of a fact that reports them in the article's own words shows the
// speaker's words in quotation marks from the same paragraph, and that
// "anything more he said on that?" goes on with what he said next.
func TestExactWordsBesideReportedSpeech(t *testing.T) {
	eng := realEngine(t)
	art := articleText(t)
	replies, _ := talk(t, eng, "did Blinken urge the allies to spend more on defense?", "what did he say exactly?")
	if !holds(replies[0], "spend more") {
		t.Fatalf("the first question got %s %q", replies[0].Status, replies[0].Text)
	}
	words := replies[1]
	if words.Status != answers.StatusAnswered || !holds(words, "fair share") || !holds(words, "spend more") {
		t.Errorf("what did he say exactly? got %s %q with quotes %v; want the reported words and his own", words.Status, words.Text, words.Quotes())
	}
	for _, q := range words.Quotes() {
		if !strings.Contains(art, q.Text) {
			t.Errorf("quote %q is not a passage of the article", q.Text)
		}
	}
	replies, _ = talk(t, eng, "what did Blinken warn about keeping American support?", "anything more he said on that?")
	if got := replies[1]; got.Status != answers.StatusAnswered || !holds(got, "effective alliances") {
		t.Errorf("anything more he said on that? got %s fact %q %q; want the words he said next", got.Status, got.FactID, got.Text)
	}
}

func TestTellMeMoreGivesNewFacts(t *testing.T) {
	eng := realEngine(t)
	replies, _ := talk(t, eng, "what is the problem with Turkey?", "tell me more", "what else?", "more")
	seen := map[string]bool{}
	for i, a := range replies {
		if a.Status != answers.StatusAnswered || a.FactID == "" {
			t.Fatalf("turn %d got %s %q", i+1, a.Status, a.Text)
		}
		if seen[a.FactID] {
			t.Errorf("turn %d repeated fact %q", i+1, a.FactID)
		}
		seen[a.FactID] = true
	}
}

// TestTellMeMoreAboutNeverRepeats checks that "tell me more about X", a
// question rather than a bare "more", still never gives the fact just
// given.
func TestTellMeMoreAboutNeverRepeats(t *testing.T) {
	eng := realEngine(t)
	for _, more := range []string{"tell me more about the pipeline", "anything more on that pipeline?"} {
		replies, _ := talk(t, eng, "what did Blinken call Nord Stream 2?", more)
		if replies[0].Status != answers.StatusAnswered {
			t.Fatalf("first turn got %s %q", replies[0].Status, replies[0].Text)
		}
		if replies[1].FactID == replies[0].FactID {
			t.Errorf("%q repeated fact %q", more, replies[1].FactID)
		}
	}
}

// TestMoreWithWordsOfItsOwn checks that a request for more that names its
// subject ("anything else he accused China of?") gives a new fact telling
// of that subject, and that "anything else he said?" gives more words of
// the one who spoke last.
func TestMoreWithWordsOfItsOwn(t *testing.T) {
	eng := realEngine(t)
	cases := []struct{ first, more, want string }{
		{"what did Blinken call Nord Stream 2?", "tell me more about the pipeline", "pipeline"},
		{"what did Blinken say about China's behavior?", "anything else he accused China of?", "beijing"},
		{"what did Stoltenberg say about Turkey?", "what else does the article say about Turkey?", "turkey"},
	}
	for _, c := range cases {
		replies, _ := talk(t, eng, c.first, c.more)
		if replies[0].Status != answers.StatusAnswered {
			t.Fatalf("%q got %s %q", c.first, replies[0].Status, replies[0].Text)
		}
		got := replies[1]
		if got.Status != answers.StatusAnswered || got.FactID == replies[0].FactID || !strings.Contains(strings.ToLower(got.Text), c.want) {
			t.Errorf("%q after %q got %s fact %q %q; want a new fact about %s", c.more, c.first, got.Status, got.FactID, got.Text, c.want)
		}
	}
	replies, _ := talk(t, eng, "how did Stoltenberg welcome Blinken?", "anything else he said?")
	if got := replies[1]; got.Status != answers.StatusAnswered || got.FactID == replies[0].FactID || !strings.Contains(got.Text, "Stoltenberg") {
		t.Errorf("anything else he said? after Stoltenberg's welcome got %s fact %q %q; want more of Stoltenberg's words", got.Status, got.FactID, got.Text)
	}
}

func TestFollowWithoutAnAnswerYet(t *testing.T) {
	eng := realEngine(t)
	for _, q := range []string{"source?", "who said that?", "tell me more"} {
		replies, _ := talk(t, eng, "hello!", q)
		if a := replies[1]; a.Status == answers.StatusAnswered {
			t.Errorf("%q after a greeting answered %q; there is nothing to follow up", q, a.Text)
		}
	}
}

func TestContextKeepsNoQuestionText(t *testing.T) {
	eng := realEngine(t)
	_, c := talk(t, eng, "who is Heiko Maas, my xylophone-playing friend Zebedee?")
	s := c.String()
	for _, w := range []string{"xylophone", "Zebedee", "zebedee"} {
		if strings.Contains(s, w) {
			t.Errorf("the context kept %q from the question: %s", w, s)
		}
	}
	if !strings.Contains(s, "Maas") {
		t.Errorf("the context lost who was asked about: %s", s)
	}
}

func TestFollowConcurrently(t *testing.T) {
	eng := realEngine(t)
	script := []string{"who is the EU's foreign policy chief?", "and the commission president?", "source?", "who said that?", "tell me more"}
	want, _ := talk(t, eng, script...)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var c answers.Context
			for i, m := range script {
				var a answers.Answer
				a, c = eng.Follow(c, m)
				if a.Text != want[i].Text {
					t.Errorf("turn %d: concurrent conversation got %q, want %q", i+1, a.Text, want[i].Text)
				}
			}
		}()
	}
	wg.Wait()
}

// TestWhoSaidAfterNoAnswer checks that "who said that?" after a question
// that went unanswered is read with that question's words, not taken for
// a conversation with nothing in it: its suggestions are about what that
// question asked ("who said that?" alone suggests who the article
// mentions).
func TestWhoSaidAfterNoAnswer(t *testing.T) {
	eng := realEngine(t)
	replies, _ := talk(t, eng, "a guy mentioned concerns with an ally, which one?", "who said that?")
	if replies[0].Status == answers.StatusAnswered {
		t.Fatalf("the first question was answered (%q); this test needs one that is not: choose another", replies[0].Text)
	}
	a := replies[1]
	alone := eng.Answer("who said that?")
	if alone.Status == answers.StatusAnswered {
		t.Fatalf("\"who said that?\" alone is answered (%q): the test cannot tell whether the question's words were used", alone.Text)
	}
	// answered, or suggesting what the first question would, it was read
	// with that question's words
	usedWords := a.Status == answers.StatusAnswered || slices.ContainsFunc(a.Suggestions, func(s string) bool {
		return slices.Contains(replies[0].Suggestions, s) && !slices.Contains(alone.Suggestions, s)
	})
	if a.Status == answers.StatusMeta || !usedWords {
		t.Errorf("got %s %q, suggestions %q; want suggestions of the first question, %q", a.Status, a.Text, a.Suggestions, replies[0].Suggestions)
	}
}

// TestPointingMessageNotAnsweredFarAway checks that a follow-up pointing
// back, which the follow-ups' model doubts, is not answered by a first
// question's reading far from the subject: "what does it skip?" about the
// pipeline is not answered with sanctions on Turkey.
func TestPointingMessageNotAnsweredFarAway(t *testing.T) {
	eng := realEngine(t)
	replies, _ := talk(t, eng, "what is nord stream 2?", "where does it go?", "what does it skip?")
	if got := replies[2]; got.Status == answers.StatusAnswered && !strings.HasPrefix(got.FactID, "ns2") {
		t.Errorf("what does it skip? answered with %q, far from the pipeline (%s)", got.FactID, got.Why.Reason)
	}
}

// TestPronounReadings checks whom and what a follow-up's pronouns are
// read as: "she" is a woman in play, "them" no city, and a "they" after a
// clause naming things of its own is those things.
func TestPronounReadings(t *testing.T) {
	eng := realEngine(t)
	for _, c := range []struct {
		name        string
		turns       []string
		read, notIn string
	}{
		{"she is the woman in play", []string{"what did Blinken say about von der Leyen?", "what is her job?"}, "von der Leyen's job", "Blinken's job"},
		{"he is not the woman in play", []string{"what did Blinken say about von der Leyen?", "what is her job?",
			"what did he say about her?"}, "what did Blinken say about von der Leyen", ""},
		{"he after a question asking who is the one answered", []string{"which alliance official did Blinken compliment?",
			"why has he faced criticism?"}, "Stoltenberg faced criticism", ""},
		{"he after a question asking who someone is stays that one", []string{"who is Jens Stoltenberg?",
			"and what did he say about Turkey?"}, "Stoltenberg say", ""},
		{"him after a question asking for several people is the asker's subject", []string{"which EU leaders did Blinken praise?",
			"what did he call the pipeline?"}, "Blinken call", ""},
		{"he after a question answered with a list is the asker's subject", []string{"who did Blinken meet?",
			"what did he say about China?"}, "Blinken say", ""},
		{"she is a woman the last answer named, or no one", []string{"who did Blinken offer nice words for?",
			"why is she embattled?"}, "", "Blinken embattled"},
		{"them is not a city", []string{"who did Blinken plan to thank in Brussels?", "how many of them are there?"}, "", "of BRUSSELS"},
		{"they after a clause naming things is those things", []string{"what did Blinken tell Turkey?",
			"and the three embassies he thanked, where are they?"}, "where are they", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			replies, _ := talk(t, eng, c.turns...)
			got := replies[len(replies)-1].Why.Context
			if c.read != "" && !strings.Contains(got, c.read) || c.notIn != "" && strings.Contains(got, c.notIn) {
				t.Errorf("%q read as %q; want %q in it and not %q", c.turns[len(c.turns)-1], got, c.read, c.notIn)
			}
		})
	}
}
