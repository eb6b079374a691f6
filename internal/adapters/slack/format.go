package slack

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackutilsx"

	"github.com/articlebot/articlebot/internal/answers"
)

// Our suggestion buttons carry this action_id prefix (plus their index) and
// the suggested question as their value, so a click is recognised as ours.
const (
	actionPrefix   = "articlebot_suggest_"
	suggestBlockID = "articlebot_suggestions"
)

// Block Kit limits, in characters (runes, as slack-go's Validate counts).
const (
	maxTextRunes        = 3000 // any text object; also our fallback text
	maxButtonLabelRunes = 75
	maxButtonValueRunes = 2000
	maxSuggestions      = 3
	maxEchoRunes        = 300 // the question echoed above an answer
)

// ackBudget is the largest reply we put in a Socket Mode ack: Slack drops
// acks of 20 KB or more, and the envelope adds a few dozen bytes.
const ackBudget = 20*1024 - 512

// message is the reply payload: the body of a slash command response, the
// payload of a Socket Mode ack and, through webhookMessage, a response_url
// post. It is our own struct rather than slack.WebhookMessage because it
// encodes in one reflection pass (slack-go's block types nest MarshalJSON
// calls, which cost about a tenth of a whole loopback request) and because
// it leaves out empty fields.
type message struct {
	Text            string  `json:"text"`
	ResponseType    string  `json:"response_type,omitempty"`
	ReplaceOriginal bool    `json:"replace_original,omitempty"`
	Blocks          []block `json:"blocks,omitempty"`
}

// block is the part of Block Kit we emit: section, context and actions.
// It satisfies slack.Block, so a message converts to slack.WebhookMessage.
type block struct {
	Type    string      `json:"type"`
	BlockID string      `json:"block_id,omitempty"`
	Text    *textObject `json:"text,omitempty"` // section
	// Elements is []textObject for a context block, []button for actions.
	Elements any `json:"elements,omitempty"`
}

func (b block) BlockType() slack.MessageBlockType { return slack.MessageBlockType(b.Type) }
func (b block) ID() string                        { return b.BlockID }

// textObject is a Block Kit text object.
type textObject struct {
	Type     string `json:"type"` // "mrkdwn" or "plain_text"
	Text     string `json:"text"`
	Emoji    *bool  `json:"emoji,omitempty"`    // plain_text only
	Verbatim bool   `json:"verbatim,omitempty"` // mrkdwn only
}

// button is a Block Kit button element.
type button struct {
	Type     string     `json:"type"` // "button"
	ActionID string     `json:"action_id"`
	Value    string     `json:"value"`
	Text     textObject `json:"text"`
}

// webhookMessage converts msg for slack.PostWebhookCustomHTTPContext.
func webhookMessage(msg *message) *slack.WebhookMessage {
	wm := &slack.WebhookMessage{
		Text:            msg.Text,
		ResponseType:    msg.ResponseType,
		ReplaceOriginal: msg.ReplaceOriginal,
	}
	if len(msg.Blocks) > 0 {
		set := make([]slack.Block, len(msg.Blocks))
		for i, b := range msg.Blocks {
			set[i] = b
		}
		wm.Blocks = &slack.Blocks{BlockSet: set}
	}
	return wm
}

// render turns the engine's answer to asked into a Block Kit message. The
// caller sets ResponseType or ReplaceOriginal.
//
// Safety: every string that reaches a text object passes through esc, every
// mrkdwn object is verbatim (no automatic linking or mention parsing), and
// nothing sets link_names or parse, so user or article text can neither ping
// anyone nor inject Slack markup such as <!channel> or <http://x|y>. The
// question the user typed is echoed as plain_text, not mrkdwn, so *bold*,
// _italics_, `code` or :emoji: in it show as typed.
func (a *Adapter) render(asked string, ans answers.Answer) *message {
	if asked == "" {
		asked = ans.Question
	}
	blocks := make([]block, 0, 6)
	if asked != "" {
		blocks = append(blocks, plainContextBlock("Q: "+esc(truncate(asked, maxEchoRunes))))
	}

	// A question in several parts shows each part with its quote.
	parts := ans.Parts
	if len(parts) < 2 {
		parts = []answers.Answer{ans}
	}
	texts := make([]string, len(parts))
	for i, p := range parts {
		texts[i] = esc(cmp.Or(strings.TrimSpace(p.Text), emptyText(p.Status)))
		blocks = append(blocks, sectionBlock(texts[i]))
		for _, q := range p.Quotes() { // a fact may give two
			blocks = append(blocks, sectionBlock(quoteText(q)))
		}
	}
	fallback := strings.Join(texts, "\n")
	if buttons, ok := suggestionButtons(ans.Suggestions); ok {
		blocks = append(blocks, buttons)
		fallback += "\n" + esc(suggestionsLine(parts, ans.Suggestions))
	}
	if src := a.sourceLine(); src != "" {
		blocks = append(blocks, contextBlock(src))
	}
	return &message{Text: truncateEscaped(fallback, maxTextRunes), Blocks: blocks}
}

// emptyText stands in for an answer text the engine left empty.
func emptyText(st answers.Status) string {
	switch st {
	case answers.StatusSuggest:
		return "I'm not sure what you mean. Did you mean one of these?"
	case answers.StatusMeta:
		return "Ask me a question about the article."
	}
	return "The article doesn't say."
}

// suggestionsLine lists the suggested questions for the notification text,
// which shows no buttons. A suggest reply's text already asks "did you
// mean", so its questions follow without a label of their own.
func suggestionsLine(parts []answers.Answer, suggestions []string) string {
	questions := strings.Join(firstN(suggestions, maxSuggestions), " / ")
	switch {
	case slices.ContainsFunc(parts, func(p answers.Answer) bool { return p.Status == answers.StatusSuggest }):
		return questions
	case parts[0].Status == answers.StatusMeta:
		return "For example: " + questions
	}
	return "Did you mean: " + questions
}

// renderHelp renders the engine's reply to "help": what the bot knows, the
// example questions as a list and as buttons, and how to share an answer.
// Help is always ephemeral.
func (a *Adapter) renderHelp(ans answers.Answer) *message {
	intro := esc(strings.TrimSpace(ans.Text))
	if intro == "" {
		intro = "I answer questions about one news article."
	}
	blocks := []block{sectionBlock(intro)}
	if len(ans.Suggestions) > 0 {
		var b strings.Builder
		b.WriteString("Try asking:")
		for _, q := range ans.Suggestions {
			fmt.Fprintf(&b, "\n• %s %s", esc(a.cfg.Command), esc(q))
		}
		blocks = append(blocks, sectionBlock(b.String()))
		if buttons, ok := suggestionButtons(ans.Suggestions); ok {
			blocks = append(blocks, buttons)
		}
	}
	blocks = append(blocks, contextBlock(esc(fmt.Sprintf(
		"Answers are private. To post one to the channel: %s %s QUESTION",
		a.cfg.Command, a.cfg.ShareKeyword))))
	if src := a.sourceLine(); src != "" {
		blocks = append(blocks, contextBlock(src))
	}
	return &message{
		Text:         truncateEscaped(intro, maxTextRunes),
		ResponseType: slack.ResponseTypeEphemeral,
		Blocks:       blocks,
	}
}

// plainReply is an ephemeral message without blocks, for refusals.
func plainReply(text string) *message {
	return &message{
		Text:         truncateEscaped(esc(text), maxTextRunes),
		ResponseType: slack.ResponseTypeEphemeral,
	}
}

// sourceLine is the escaped "From “Title”, Author, Date" context text,
// skipping empty parts; "" when the article has no metadata.
func (a *Adapter) sourceLine() string {
	var parts []string
	if a.article.Title != "" {
		parts = append(parts, "“"+a.article.Title+"”")
	}
	for _, s := range []string{a.article.Author, a.article.Date} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return esc("From " + strings.Join(parts, ", "))
}

// quoteText renders a quote as a Slack blockquote followed by its paragraph.
func quoteText(q answers.Quote) string {
	suffix := ""
	if q.Paragraph > 0 {
		suffix = fmt.Sprintf("\n(paragraph %d)", q.Paragraph)
	}
	lines := strings.Split(strings.TrimSpace(esc(q.Text)), "\n")
	for i, l := range lines {
		lines[i] = "> " + l
	}
	body := truncateEscaped(strings.Join(lines, "\n"), maxTextRunes-utf8.RuneCountInString(suffix))
	return body + suffix
}

// suggestionButtons is an actions block with one button per non-blank
// suggestion, at most maxSuggestions; ok is false when there are none.
func suggestionButtons(suggestions []string) (b block, ok bool) {
	var buttons []button
	for i, q := range firstN(suggestions, maxSuggestions) {
		q = strings.TrimSpace(q)
		if q == "" {
			continue
		}
		noEmoji := false
		buttons = append(buttons, button{
			Type:     "button",
			ActionID: fmt.Sprintf("%s%d", actionPrefix, i),
			// The value is data returned to us on click, never rendered.
			Value: truncate(q, maxButtonValueRunes),
			// Button labels must be plain_text; escaped all the same.
			Text: textObject{Type: slack.PlainTextType, Text: truncateEscaped(esc(q), maxButtonLabelRunes), Emoji: &noEmoji},
		})
	}
	if len(buttons) == 0 {
		return block{}, false
	}
	return block{Type: "actions", BlockID: suggestBlockID, Elements: buttons}, true
}

// sectionBlock is a section with escaped mrkdwn text.
func sectionBlock(escaped string) block {
	t := mrkdwn(escaped)
	return block{Type: "section", Text: &t}
}

// contextBlock is a context line with escaped mrkdwn text.
func contextBlock(escaped string) block {
	return block{Type: "context", Elements: []textObject{mrkdwn(escaped)}}
}

// plainContextBlock is a context line with escaped plain text, for text a
// user typed: Slack renders no markup and no emoji codes in it.
func plainContextBlock(escaped string) block {
	return block{Type: "context", Elements: []textObject{plainText(escaped)}}
}

// plainText is a plain_text object holding already escaped text, with emoji
// codes left as typed, truncated to Slack's limit.
func plainText(escaped string) textObject {
	noEmoji := false
	return textObject{Type: slack.PlainTextType, Text: truncateEscaped(escaped, maxTextRunes), Emoji: &noEmoji}
}

// mrkdwn is a verbatim mrkdwn text object holding already escaped text,
// truncated to Slack's limit.
func mrkdwn(escaped string) textObject {
	return textObject{Type: slack.MarkdownType, Text: truncateEscaped(escaped, maxTextRunes), Verbatim: true}
}

// esc escapes the three characters Slack treats as control characters
// (& < >). Applied to all user and article text, it turns <!channel>,
// <@U123> or <http://x|y> into literal text.
func esc(s string) string {
	return slackutilsx.EscapeMessage(s)
}

// unescape undoes Slack's escaping of & < > in incoming text, so the
// engine sees the question as typed and esc never double-escapes it.
func unescape(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	return strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">").Replace(s)
}

// truncate shortens s to at most limit runes, marking the cut with "…".
// It cuts on rune boundaries only.
func truncate(s string, limit int) string {
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	if limit <= 0 {
		return ""
	}
	n := 0
	for i := range s {
		if n == limit-1 {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// truncateEscaped is truncate for esc'd text: it also never leaves half an
// entity such as "&am" at the cut. Escaped text has no bare '&', so an '&'
// without a following ';' starts a cut entity.
func truncateEscaped(s string, limit int) string {
	t := truncate(s, limit)
	if t == s {
		return s
	}
	body := strings.TrimSuffix(t, "…")
	if i := strings.LastIndexByte(body, '&'); i >= 0 && !strings.Contains(body[i:], ";") {
		body = body[:i]
	}
	return body + "…"
}

// fitAck returns msg if it fits a Socket Mode ack, otherwise a text-only
// version of it (Slack silently drops acks of 20 KB or more).
func fitAck(msg *message) *message {
	raw, err := json.Marshal(msg)
	if err == nil && len(raw) < ackBudget {
		return msg
	}
	small := *msg
	small.Blocks = nil
	for limit := maxTextRunes; limit > 0; limit /= 2 {
		small.Text = truncateEscaped(msg.Text, limit)
		if raw, err := json.Marshal(&small); err == nil && len(raw) < ackBudget {
			break
		}
	}
	return &small
}

// firstN returns at most the first n elements of s.
func firstN(s []string, n int) []string {
	return s[:min(len(s), n)]
}
