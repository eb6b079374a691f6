package discord

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/articlebot/articlebot/internal/answers"
)

func TestRenderStaysWithinLimits(t *testing.T) {
	emoji := strings.Repeat("🚢", 5000) // 2 UTF-16 units each
	tests := map[string]struct {
		question string
		answer   answers.Answer
		article  answers.ArticleInfo
	}{
		"fixture answers": {question: "who wrote this?", answer: newFixture().answers["who wrote this?"], article: fixtureArticle},
		"long answer and quote": {
			question: "tell me everything", answer: newFixture().answers["tell me everything"], article: fixtureArticle,
		},
		"everything at once too long": {
			question: strings.Repeat("q", 5000),
			answer: answers.Answer{
				Status: answers.StatusSuggest, Text: strings.Repeat("a", 9000),
				Quote:       answers.Quote{Text: strings.Repeat("b", 9000), Paragraph: 99},
				Suggestions: []string{strings.Repeat("s", 300), strings.Repeat("s", 300), strings.Repeat("t", 300), "x", "y"},
			},
			article: answers.ArticleInfo{Title: strings.Repeat("T", 3000), Date: strings.Repeat("D", 3000)},
		},
		"multi-byte text": {
			question: emoji,
			answer:   answers.Answer{Status: answers.StatusAnswered, Text: emoji, Quote: answers.Quote{Text: emoji, Paragraph: 3}},
			article:  answers.ArticleInfo{Title: emoji, Date: "March 24, 2021"},
		},
		"empty answer": {answer: answers.Answer{}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			r := render(tt.question, tt.answer, tt.article)
			body, err := json.Marshal(&discordgo.MessageSend{
				Content: r.content, Embeds: r.embeds, Components: r.components, AllowedMentions: noMentions(),
			})
			if err != nil {
				t.Fatal(err)
			}
			if err := checkMessage(body, false); err != nil {
				t.Fatalf("Discord would reject it: %v", err)
			}
			for _, e := range r.embeds {
				texts := []string{e.Title, e.Description}
				if e.Footer != nil {
					texts = append(texts, e.Footer.Text)
				}
				for _, s := range texts {
					if !utf8.ValidString(s) {
						t.Errorf("cut inside a rune: %q", s)
					}
				}
			}
		})
	}
}

func TestRenderByStatus(t *testing.T) {
	f := newFixture()
	tests := []struct {
		question    string
		wantDesc    string
		wantQuote   string
		wantButtons int
	}{
		{"who wrote this?", "The article was written by Mara Lindqvist.", "> By Mara Lindqvist, regional correspondent", 0},
		{"what about the boat?", "I'm not sure which part you mean. Did you mean:", "", 3},
		{"what is the capital of france?", "The article doesn't say.", "", 0},
		{"help", "Ask me about the article, for example:", "", 2},
	}
	for _, tt := range tests {
		r := render(tt.question, f.Answer(tt.question), fixtureArticle)
		e := r.embeds[0]
		if e.Description != tt.wantDesc {
			t.Errorf("%q: description %q, want %q", tt.question, e.Description, tt.wantDesc)
		}
		quote := ""
		if len(e.Fields) > 0 {
			quote = e.Fields[0].Value
		}
		if quote != tt.wantQuote {
			t.Errorf("%q: quote %q, want %q", tt.question, quote, tt.wantQuote)
		}
		if got := len(buttonIDs(r.components)); got != tt.wantButtons {
			t.Errorf("%q: %d buttons, want %d", tt.question, got, tt.wantButtons)
		}
	}
	// The engine's empty texts get plain defaults.
	if d := render("q", answers.Answer{Status: answers.StatusUnknown}, fixtureArticle).embeds[0].Description; d != textUnknown {
		t.Errorf("empty unknown says %q", d)
	}
}

func buttonIDs(rows []discordgo.MessageComponent) []string {
	var ids []string
	for _, row := range rows {
		for _, c := range row.(discordgo.ActionsRow).Components {
			ids = append(ids, c.(discordgo.Button).CustomID)
		}
	}
	return ids
}

func TestSuggestionButtons(t *testing.T) {
	long := strings.Repeat("é", 200)
	rows := suggestionButtons([]string{"  who   wrote this? ", "who wrote this?", "", long, long + "x", "fourth", "fifth"})
	ids := buttonIDs(rows)
	want := []string{"ask:who wrote this?", "ask:" + strings.Repeat("é", 96), "ask:fourth"}
	if strings.Join(ids, "|") != strings.Join(want, "|") {
		t.Fatalf("custom_ids = %q, want %q (normalised, deduplicated, cut, at most 3)", ids, want)
	}
	for _, c := range rows[0].(discordgo.ActionsRow).Components {
		b := c.(discordgo.Button)
		if textLen(b.Label) > maxButtonLabel || textLen(b.CustomID) > maxCustomID || !utf8.ValidString(b.CustomID) {
			t.Errorf("button over limits: %q %q", b.Label, b.CustomID)
		}
	}
	if q, ok := questionFromCustomID(ids[0]); !ok || q != "who wrote this?" {
		t.Errorf("questionFromCustomID(%q) = %q, %v", ids[0], q, ok)
	}
	for _, bad := range []string{"", "ask:", "ask:  ", "other:who"} {
		if _, ok := questionFromCustomID(bad); ok {
			t.Errorf("questionFromCustomID(%q) accepted", bad)
		}
	}
	if suggestionButtons(nil) != nil {
		t.Errorf("no suggestions should give no components")
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		in    string
		limit int
		want  string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"hello world", 8, "hello w…"},
		{"hello world", 7, "hello…"},
		{"🚢🚢🚢", 6, "🚢🚢🚢"},
		{"🚢🚢🚢", 5, "🚢🚢…"},
		{"🚢🚢🚢", 4, "🚢…"},
		{"abc", 0, ""},
	}
	for _, tt := range tests {
		got := truncate(tt.in, tt.limit)
		if got != tt.want || textLen(got) > tt.limit {
			t.Errorf("truncate(%q, %d) = %q, want %q", tt.in, tt.limit, got, tt.want)
		}
	}
}

func TestDefuse(t *testing.T) {
	in := "hi @everyone and @here, <@123>, <@!124> and <@&456>; <#789> stays"
	out := defuse(in)
	for _, raw := range []string{"@everyone", "@here", "<@123>", "<@!124>", "<@&456>"} {
		if strings.Contains(out, raw) {
			t.Errorf("defuse left %q in %q", raw, out)
		}
	}
	if strings.ReplaceAll(out, "\u200b", "") != in {
		t.Errorf("defuse changed more than mention syntax: %q", out)
	}
}

func FuzzRender(f *testing.F) {
	f.Add("who wrote this?", "The article was written by Mara.", "By Mara", "Title", "🚢")
	f.Fuzz(func(t *testing.T, q, text, quote, title, suggestion string) {
		r := render(q, answers.Answer{
			Status: answers.StatusSuggest, Text: text, Quote: answers.Quote{Text: quote, Paragraph: 1},
			Suggestions: []string{suggestion, suggestion + "2"},
		}, answers.ArticleInfo{Title: title, Date: "today"})
		for _, e := range r.embeds {
			if embedLen(e) > maxEmbedTotal || textLen(e.Description) > maxEmbedDesc || textLen(e.Title) > maxEmbedTitle {
				t.Fatalf("embed over limits")
			}
			for _, fl := range e.Fields {
				if textLen(fl.Value) > maxFieldValue || textLen(fl.Name) > maxFieldName {
					t.Fatalf("field over limits")
				}
			}
		}
		for _, id := range buttonIDs(r.components) {
			if textLen(id) > maxCustomID {
				t.Fatalf("custom_id %q over limit", id)
			}
		}
	})
}

func TestRenderQuotesEveryPart(t *testing.T) {
	a := answers.Answer{Status: answers.StatusAnswered, Text: "One.\n\nTwo.",
		Quote: answers.Quote{Text: "first quote", Paragraph: 3},
		Parts: []answers.Answer{
			{Status: answers.StatusAnswered, Text: "One.", Quote: answers.Quote{Text: "first quote", Paragraph: 3}},
			{Status: answers.StatusAnswered, Text: "Two.", Quote: answers.Quote{Text: "second quote", Paragraph: 4}},
		}}
	e := render("q", a, fixtureArticle).embeds[0]
	if len(e.Fields) != 2 || e.Fields[0].Value != "> first quote" || e.Fields[1].Value != "> second quote" ||
		e.Fields[1].Name != "From the article, paragraph 4" {
		t.Errorf("fields %+v, want one per part", e.Fields)
	}
	if e.Description != "One.\n\nTwo." {
		t.Errorf("description %q", e.Description)
	}
}
