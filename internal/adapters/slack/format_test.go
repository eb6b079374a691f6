package slack

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/articlebot/articlebot/internal/adapters/ask"
	"github.com/articlebot/articlebot/internal/answers"
)

func TestTruncate(t *testing.T) {
	tests := []struct {
		in    string
		limit int
		want  string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"eleven char", 10, "eleven ch…"},
		{"ääääää", 4, "äää…"},
		{"日本語のテキスト", 5, "日本語の…"},
		{"🙂🙂🙂", 2, "🙂…"},
		{"abc", 0, ""},
	}
	for _, tt := range tests {
		got := truncate(tt.in, tt.limit)
		if got != tt.want {
			t.Errorf("truncate(%q, %d) = %q, want %q", tt.in, tt.limit, got, tt.want)
		}
		if !utf8.ValidString(got) || utf8.RuneCountInString(got) > max(tt.limit, 0) {
			t.Errorf("truncate(%q, %d) = %q: invalid or too long", tt.in, tt.limit, got)
		}
	}
}

func TestTruncateEscapedNeverSplitsAnEntity(t *testing.T) {
	escaped := esc(strings.Repeat("a<b&c>", 20)) // a&lt;b&amp;c&gt; ...
	for limit := 1; limit <= utf8.RuneCountInString(escaped)+1; limit++ {
		got := truncateEscaped(escaped, limit)
		if utf8.RuneCountInString(got) > limit {
			t.Fatalf("limit %d: %d runes", limit, utf8.RuneCountInString(got))
		}
		if p := unsafeText(got); p != "" {
			t.Fatalf("limit %d: %s in %q", limit, p, got)
		}
	}
}

func TestEscapeAndUnescape(t *testing.T) {
	if got, want := esc("a & b <!here> <@U1> >"), "a &amp; b &lt;!here&gt; &lt;@U1&gt; &gt;"; got != want {
		t.Errorf("esc = %q, want %q", got, want)
	}
	// Slack may deliver text already escaped; decoding first avoids "&amp;lt;".
	for _, in := range []string{"R&D <x>", "R&amp;D &lt;x&gt;"} {
		if got := esc(unescape(in)); got != "R&amp;D &lt;x&gt;" {
			t.Errorf("esc(unescape(%q)) = %q", in, got)
		}
	}
}

func TestLongTextIsTruncatedToBlockLimits(t *testing.T) {
	a := newTestAdapter(t)
	long := strings.Repeat("Ä<", 4000) // escapes to 20000 runes
	msgs := []*message{
		a.render(strings.Repeat("q", 1000), answers.Answer{
			Status:      answers.StatusSuggest,
			Text:        long,
			Suggestions: []string{strings.Repeat("s", 3000)},
		}),
		a.render("q", answers.Answer{Status: answers.StatusAnswered, Text: long, Quote: answers.Quote{Text: long, Paragraph: 7}}),
		a.render("q", answers.Answer{Status: answers.StatusUnknown, Text: long}),
		a.renderHelp(answers.Answer{Status: answers.StatusMeta, Text: long, Suggestions: []string{long}}),
	}
	for _, msg := range msgs {
		// slack-go's own Block Kit types parse our blocks, and its
		// validation accepts every text object.
		for _, tobj := range slackTextObjects(t, msg) {
			if err := tobj.Validate(); err != nil {
				t.Errorf("%v: %.60q", err, tobj.Text)
			}
		}
		for _, b := range buttonsOf(msg) {
			if n := utf8.RuneCountInString(b.Text.Text); n > maxButtonLabelRunes {
				t.Errorf("button label has %d runes", n)
			}
			if n := utf8.RuneCountInString(b.Value); n > maxButtonValueRunes {
				t.Errorf("button value has %d runes", n)
			}
		}
		if n := utf8.RuneCountInString(msg.Text); n > maxTextRunes {
			t.Errorf("fallback text has %d runes", n)
		}
	}

	quote := msgs[1].Blocks[2].Text.Text
	if !strings.HasSuffix(quote, "…\n(paragraph 7)") || utf8.RuneCountInString(quote) > maxTextRunes {
		t.Errorf("truncated quote lost its paragraph or its limit: ...%q (%d runes)", quote[len(quote)-40:], utf8.RuneCountInString(quote))
	}
}

// slackTextObjects decodes msg's JSON with slack-go's Block Kit types (as a
// check that Slack's shapes are what we emit) and returns every text object.
func slackTextObjects(t *testing.T, msg *message) []*slack.TextBlockObject {
	t.Helper()
	raw, err := json.Marshal(msg)
	if err != nil {
		t.Fatal(err)
	}
	var parsed struct {
		Blocks slack.Blocks `json:"blocks"`
	}
	if err := json.Unmarshal(raw, &parsed); err != nil {
		t.Fatalf("slack-go cannot parse our blocks: %v\n%s", err, raw)
	}
	if len(parsed.Blocks.BlockSet) != len(msg.Blocks) {
		t.Fatalf("slack-go parsed %d blocks, we sent %d", len(parsed.Blocks.BlockSet), len(msg.Blocks))
	}
	var out []*slack.TextBlockObject
	for _, b := range parsed.Blocks.BlockSet {
		switch b := b.(type) {
		case *slack.SectionBlock:
			out = append(out, b.Text)
		case *slack.ContextBlock:
			for _, e := range b.ContextElements.Elements {
				out = append(out, e.(*slack.TextBlockObject))
			}
		case *slack.ActionBlock:
			for _, e := range b.Elements.ElementSet {
				out = append(out, e.(*slack.ButtonBlockElement).Text)
			}
		default:
			t.Fatalf("unexpected block %T", b)
		}
	}
	return out
}

func buttonsOf(msg *message) []button {
	var out []button
	for _, b := range msg.Blocks {
		if bs, ok := b.Elements.([]button); ok {
			out = append(out, bs...)
		}
	}
	return out
}

// TestWebhookMessageMatchesOurJSON checks the response_url conversion: the
// JSON slack-go posts carries the same blocks as our own encoding.
func TestWebhookMessageMatchesOurJSON(t *testing.T) {
	a := newTestAdapter(t)
	msg := a.render("when was the summit?", newFakeEngine().Answer("when was the summit?"))
	msg.ReplaceOriginal = true
	ours, _ := json.Marshal(msg)
	theirs, _ := json.Marshal(webhookMessage(msg))
	var o, th map[string]any
	_ = json.Unmarshal(ours, &o)
	_ = json.Unmarshal(theirs, &th)
	delete(th, "delete_original") // slack-go always sends false
	if !reflect.DeepEqual(o, th) {
		t.Errorf("ours:\n%s\nslack-go:\n%s", ours, theirs)
	}
}

func TestMultiLineQuoteIsQuotedLineByLine(t *testing.T) {
	got := quoteText(answers.Quote{Text: "First line.\nSecond line.", Paragraph: 2})
	if want := "> First line.\n> Second line.\n(paragraph 2)"; got != want {
		t.Errorf("quoteText = %q, want %q", got, want)
	}
}

func TestSourceLineSkipsMissingParts(t *testing.T) {
	a := newTestAdapter(t)
	a.article = answers.ArticleInfo{Title: "Only a title"}
	if got := a.sourceLine(); got != "From “Only a title”" {
		t.Errorf("sourceLine = %q", got)
	}
	a.article = answers.ArticleInfo{}
	if got := a.sourceLine(); got != "" {
		t.Errorf("sourceLine = %q", got)
	}
}

func TestFitAck(t *testing.T) {
	small := plainReply("hello")
	if fitAck(small) != small {
		t.Error("a small reply was changed")
	}
	a := newTestAdapter(t)
	// 3000 runes of 4-byte text in each of three blocks is far over 20 KB.
	huge := strings.Repeat("🙂", 5000)
	big := a.render(huge, answers.Answer{Status: answers.StatusAnswered, Text: huge, Quote: answers.Quote{Text: huge, Paragraph: 1}})
	big.ResponseType = slack.ResponseTypeInChannel
	if raw, _ := json.Marshal(big); len(raw) < 20*1024 {
		t.Fatalf("test reply is only %d bytes", len(raw))
	}
	fit := fitAck(big)
	raw, _ := json.Marshal(fit)
	if len(raw) >= ackBudget || fit.Blocks != nil || fit.Text == "" || fit.ResponseType != slack.ResponseTypeInChannel {
		t.Errorf("fitAck: %d bytes, blocks %v, text %d runes, type %q", len(raw), fit.Blocks != nil, utf8.RuneCountInString(fit.Text), fit.ResponseType)
	}
}

// hostile is text a user (or, in principle, the article) might contain that
// must never ping anyone or render as markup.
var hostile = []string{
	"<!channel> who is stoltenberg?",
	"<!here|here> <!everyone> when was the summit?",
	"@everyone @here @channel who is stoltenberg?",
	"<@U123> <@U123|bob> <#C123> <!subteam^S123> what will the weather be?",
	"Q&A: <script>alert(1)</script> & more",
	"<http://evil.example|click me> <mailto:x@example.com>",
	"&lt;!channel&gt; already escaped by Slack",
	"*bold* _it_ ~s~ `code` > quote",
}

// TestMentionSafetyOverHTTP asks hostile questions through the real handler;
// the fake engine echoes unknown questions in its text, so the question
// reaches both the echo line and the answer. The echo line is plain_text, so
// markup the user typed (*bold*, `code`) shows as typed; apart from the
// engine's own answer, no mrkdwn object holds what the user typed.
func TestMentionSafetyOverHTTP(t *testing.T) {
	h := newHarnessWith(t, setup{Limit: ask.Limit{Questions: 2 * len(hostile), Window: 30 * time.Second}}) // one user asks them all
	for _, q := range hostile {
		for _, text := range []string{q, "share " + q} {
			raw := h.ask(t, text)
			if p := unsafeProblems(raw); len(p) > 0 {
				t.Errorf("%q:\n  %s", text, strings.Join(p, "\n  "))
			}
			typed := esc(strings.TrimSpace(unescape(q))) // as the echo shows it
			if echo := "Q: " + typed; !slices.Contains(textObjects(raw, "plain_text"), echo) {
				t.Errorf("%q: no plain_text echo %q in %v", text, echo, raw)
			}
			engineSaid := esc(h.engine.lookup(unescape(q)).Text)
			for _, md := range textObjects(raw, "mrkdwn") {
				if strings.Contains(strings.ReplaceAll(md, engineSaid, ""), typed) {
					t.Errorf("%q: the user's text is in a mrkdwn object: %q", text, md)
				}
			}
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false) // keep < > & visible to the search below
			_ = enc.Encode(raw)
			encoded := buf.String()
			for _, live := range []string{"<!channel>", "<!here", "<!everyone>", "<@U123", "<script>", "<http"} {
				if strings.Contains(encoded, live) {
					t.Errorf("%q: reply contains live %q", text, live)
				}
			}
		}
	}
}

// TestMentionSafetyEveryStatus renders every status with hostile text in
// every engine field and in the article metadata.
func TestMentionSafetyEveryStatus(t *testing.T) {
	a := newTestAdapter(t)
	for _, h := range hostile {
		a.article = answers.ArticleInfo{Title: h, Author: h, Date: h}
		ans := answers.Answer{
			Question:    h,
			Text:        h,
			Quote:       answers.Quote{Text: h + "\n" + h, Paragraph: 4},
			Suggestions: []string{h, h, h, h},
		}
		var msgs []*message
		for _, st := range []answers.Status{answers.StatusAnswered, answers.StatusSuggest, answers.StatusUnknown, answers.StatusMeta} {
			ans.Status = st
			msgs = append(msgs, a.render(h, ans), a.render("", ans))
		}
		msgs = append(msgs, a.renderHelp(ans))
		for _, msg := range msgs {
			raw, _ := json.Marshal(msg)
			var v any
			_ = json.Unmarshal(raw, &v)
			if p := unsafeProblems(v); len(p) > 0 {
				t.Errorf("%q:\n  %s", h, strings.Join(p, "\n  "))
			}
		}
	}
}

// TestUnsafeProblemsCanFail guards the scanner itself.
func TestUnsafeProblemsCanFail(t *testing.T) {
	bad := []string{
		`{"text":"hi <!channel>"}`,
		`{"text":"a & b"}`,
		`{"blocks":[{"type":"section","text":{"type":"mrkdwn","text":"ok"}}]}`,
		`{"text":"ok","link_names":true}`,
		`{"blocks":[{"type":"context","elements":[{"type":"mrkdwn","text":"<@U1>","verbatim":true}]}]}`,
	}
	for _, s := range bad {
		var v any
		if err := json.Unmarshal([]byte(s), &v); err != nil {
			t.Fatal(err)
		}
		if len(unsafeProblems(v)) == 0 {
			t.Errorf("scanner passed %s", s)
		}
	}
}

func newTestAdapter(t *testing.T) *Adapter {
	t.Helper()
	a, err := newAdapter(setup{Config: Config{SigningSecret: testSecret}}, newFakeEngine(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestRenderQuotesEveryPart(t *testing.T) {
	a := newTestAdapter(t)
	ans := answers.Answer{Status: answers.StatusUnknown, Text: "One.\n\nThe article doesn't say.",
		Quote: answers.Quote{Text: "first quote", Paragraph: 3},
		Parts: []answers.Answer{
			{Status: answers.StatusAnswered, Text: "One.", Quote: answers.Quote{Text: "first quote", Paragraph: 3}},
			{Status: answers.StatusUnknown, Text: "The article doesn't say."},
		}}
	raw, _ := json.Marshal(a.render("two things", ans))
	s := string(raw)
	for _, want := range []string{"One.", "first quote", "paragraph 3", "The article doesn't say."} {
		if !strings.Contains(s, want) {
			t.Errorf("message lacks %q:\n%s", want, s)
		}
	}
	if strings.Count(s, "doesn't say") != 2 { // once in the notification text, once in the blocks
		t.Errorf("\"doesn't say\" repeated:\n%s", s)
	}
}

func TestRenderShowsBothQuotesOfAFact(t *testing.T) {
	a := newTestAdapter(t)
	ans := answers.Answer{Status: answers.StatusAnswered, Text: "Two passages say so.",
		Quote: answers.Quote{Text: "first passage", Paragraph: 3},
		Also:  []answers.Quote{{Text: "second passage", Paragraph: 5}}}
	raw, _ := json.Marshal(a.render("q", ans))
	for _, want := range []string{"first passage", "paragraph 3", "second passage", "paragraph 5"} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("message lacks %q:\n%s", want, raw)
		}
	}
}
