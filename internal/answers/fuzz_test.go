package answers_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/articlebot/articlebot/internal/answers"
)

// FuzzAnswer: any input yields a valid status, a confidence in [0, 1] and a
// verbatim quote or none, and never panics.
func FuzzAnswer(f *testing.F) {
	eng := realEngine(f)
	paras := paragraphs(f)
	for _, s := range []string{
		"who wrote this?", "", "\x00\xff\xfe", "<!channel> @everyone <@U123|bob> <#C1|general>",
		"stoltenburg s-400 nordstream", strings.Repeat("a", 5000), "what did  say", "?!?!", "🙂🙂 why",
		"what did <@&456> say about turkey", "U.S. u.s.a US us", "how much how many when where who why",
	} {
		f.Add(s)
	}
	valid := map[answers.Status]bool{answers.StatusAnswered: true, answers.StatusSuggest: true, answers.StatusUnknown: true, answers.StatusMeta: true}
	f.Fuzz(func(t *testing.T, q string) {
		a := eng.Answer(q)
		if !valid[a.Status] {
			t.Fatalf("Answer(%q) status %q", q, a.Status)
		}
		if a.Confidence < 0 || a.Confidence > 1 {
			t.Fatalf("Answer(%q) confidence %v", q, a.Confidence)
		}
		if a.Quote.Text != "" {
			p := a.Quote.Paragraph
			if p < 1 || p > len(paras) || !strings.Contains(paras[p-1], a.Quote.Text) {
				t.Fatalf("Answer(%q) quote %q not in paragraph %d", q, a.Quote.Text, p)
			}
		}
		if !utf8.ValidString(a.Text) || !utf8.ValidString(a.Question) {
			t.Fatalf("Answer(%q) returned invalid UTF-8", q)
		}
		if len(a.Suggestions) > 3 {
			t.Fatalf("Answer(%q) has %d suggestions", q, len(a.Suggestions))
		}
	})
}

// FuzzFollow: any two messages, the second read in the conversation the
// first began, yield valid replies with verbatim quotes, and never panic.
func FuzzFollow(f *testing.F) {
	eng := realEngine(f)
	art := articleText(f)
	for _, p := range [][2]string{
		{"who is the EU's foreign policy chief?", "and the commission president?"},
		{"who is Heiko Maas?", "how old is he?"},
		{"what did Blinken say about China?", "source?"},
		{"\x00\xff", "who said that?"},
		{"", "tell me more"},
		{"the second one", "the first one"},
		{"and and and", "what about what about"},
		{"he she it they there", "why? when? how many?"},
	} {
		f.Add(p[0], p[1])
	}
	f.Fuzz(func(t *testing.T, first, second string) {
		_, c := eng.Follow(answers.Context{}, first)
		a, c := eng.Follow(c, second)
		if c.Turns() != 2 {
			t.Fatalf("after two messages the context has %d turns", c.Turns())
		}
		for _, q := range a.Quotes() {
			if !strings.Contains(art, q.Text) {
				t.Fatalf("Follow(%q, %q) quote %q is not in the article", first, second, q.Text)
			}
		}
		if a.Confidence < 0 || a.Confidence > 1 || !utf8.ValidString(a.Text) {
			t.Fatalf("Follow(%q, %q) = %+v", first, second, a)
		}
	})
}

func TestCleanRemovesMarkupAndMentions(t *testing.T) {
	cases := map[string]string{
		"<@U123ABC> who wrote it":             "who wrote it",
		"<!channel> <!here> <!everyone> hi":   "hi",
		"@everyone @here who is blinken":      "who is blinken",
		"see <#C123|general> now":             "see general now",
		"<https://example.com|the link> what": "the link what",
		"<@&456> <@!789> <:pepe:123> ok":      "ok",
		"*bold* _it_ `code` ~x~":              "bold it code x",
		"bad \xff utf8 \x00 and \x1b[31m":     "bad utf8 and [31m",
		"Çavuşoğlu 🙂 :smile:":                 "Çavuşoğlu",
	}
	for in, want := range cases {
		if got := answers.Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
}
