package discord

import (
	"fmt"
	"strings"
	"unicode/utf16"

	"github.com/bwmarrin/discordgo"

	"github.com/articlebot/articlebot/internal/answers"
)

// Discord's message limits (developers/resources/message.mdx, "Embed Limits").
// Lengths are counted in UTF-16 code units, which is never less than Discord's
// own count whichever unit it uses, so staying under them is always safe.
const (
	maxContent     = 2000
	maxEmbeds      = 10
	maxEmbedTotal  = 6000
	maxEmbedTitle  = 256
	maxEmbedDesc   = 4096
	maxEmbedFields = 25
	maxFieldName   = 256
	maxFieldValue  = 1024
	maxFooter      = 2048
	maxButtonLabel = 80
	maxCustomID    = 100
)

// maxSuggestions is how many "did you mean" buttons a reply offers.
const maxSuggestions = 3

// askPrefix starts the custom_id of a suggestion button; the rest is the
// question to ask when it is clicked.
const askPrefix = "ask:"

// Embed colours by status.
const (
	colorAnswered = 0x2b7a3d
	colorSuggest  = 0xc58a00
	colorUnknown  = 0x747f8d
	colorMeta     = 0x3b6fd8
)

// Texts shown when the engine leaves a field empty, and the notices.
const (
	textUnknown   = "The article doesn't say."
	textSuggest   = "I'm not sure what you mean. Did you mean one of these?"
	textRateLimit = "You're asking faster than I can answer. Please wait a little, then ask again."
	textTrouble   = "Sorry, something went wrong while answering. Please try again later."
)

// reply is a rendered answer, ready for a message or an interaction response.
type reply struct {
	content    string
	embeds     []*discordgo.MessageEmbed
	components []discordgo.MessageComponent
}

// render turns the engine's answer to question into a Discord reply that
// stays within Discord's limits and contains no mention syntax.
func render(question string, a answers.Answer, article answers.ArticleInfo) reply {
	e := &discordgo.MessageEmbed{
		Title:  question,
		Footer: footer(article),
	}
	var suggestions []string
	switch a.Status {
	case answers.StatusAnswered:
		e.Color = colorAnswered
		e.Description = a.Text
	case answers.StatusSuggest:
		e.Color = colorSuggest
		e.Description = or(a.Text, textSuggest)
		suggestions = a.Suggestions
	case answers.StatusMeta:
		e.Color = colorMeta
		e.Description = a.Text
		suggestions = a.Suggestions
	default: // StatusUnknown, or a status this adapter does not know yet.
		e.Color = colorUnknown
		e.Description = or(a.Text, textUnknown)
	}
	for _, q := range a.Quotes() { // one per part of a question in several parts
		name := "From the article"
		if q.Paragraph > 0 {
			name = fmt.Sprintf("From the article, paragraph %d", q.Paragraph)
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: name, Value: blockQuote(q.Text)})
	}
	if e.Description == "" {
		e.Description = textUnknown
	}
	fitEmbed(e)
	return reply{embeds: []*discordgo.MessageEmbed{e}, components: suggestionButtons(suggestions)}
}

// notice is a short plain-text reply, such as the rate-limit message.
func notice(text string) reply {
	return reply{content: truncate(defuse(text), maxContent)}
}

func footer(article answers.ArticleInfo) *discordgo.MessageEmbedFooter {
	var parts []string
	for _, p := range []string{article.Title, article.Date} {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		return nil
	}
	return &discordgo.MessageEmbedFooter{Text: strings.Join(parts, " · ")}
}

// blockQuote renders a verbatim passage as a Markdown block quote.
func blockQuote(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i, l := range lines {
		lines[i] = "> " + l
	}
	return strings.Join(lines, "\n")
}

// suggestionButtons turns up to three suggested questions into one row of
// buttons whose custom_id carries the question (see questionFromCustomID).
func suggestionButtons(suggestions []string) []discordgo.MessageComponent {
	var buttons []discordgo.MessageComponent
	seen := make(map[string]bool)
	for _, s := range suggestions {
		s = strings.Join(strings.Fields(s), " ")
		if s == "" {
			continue
		}
		id := askPrefix + cut(s, maxCustomID-len(askPrefix))
		if seen[id] { // custom_ids must be unique within a message
			continue
		}
		seen[id] = true
		buttons = append(buttons, discordgo.Button{
			Label:    truncate(defuse(s), maxButtonLabel),
			Style:    discordgo.SecondaryButton,
			CustomID: id,
		})
		if len(buttons) == maxSuggestions {
			break
		}
	}
	if len(buttons) == 0 {
		return nil
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: buttons}}
}

// questionFromCustomID returns the question a suggestion button asks.
func questionFromCustomID(id string) (string, bool) {
	q, ok := strings.CutPrefix(id, askPrefix)
	return q, ok && strings.TrimSpace(q) != ""
}

// fitEmbed makes e safe to send: no mention syntax, every field within its
// limit, and the whole embed within the total limit. The description gives
// way first, then the quote, since the quote is the evidence.
func fitEmbed(e *discordgo.MessageEmbed) {
	e.Title = truncate(defuse(e.Title), maxEmbedTitle)
	e.Description = truncate(defuse(e.Description), maxEmbedDesc)
	if len(e.Fields) > maxEmbedFields {
		e.Fields = e.Fields[:maxEmbedFields]
	}
	for _, f := range e.Fields {
		f.Name = truncate(defuse(f.Name), maxFieldName)
		f.Value = truncate(defuse(f.Value), maxFieldValue)
	}
	if e.Footer != nil {
		e.Footer.Text = truncate(defuse(e.Footer.Text), maxFooter)
	}
	over := embedLen(e) - maxEmbedTotal
	if over <= 0 {
		return
	}
	// shrink cuts text by what is still over, keeping at least a character.
	shrink := func(text *string) {
		if n := textLen(*text); over > 0 && n > 1 {
			cut := min(over, n-1)
			*text = truncate(*text, n-cut)
			over -= cut
		}
	}
	shrink(&e.Description)
	for _, f := range e.Fields {
		shrink(&f.Value)
	}
	if over > 0 && e.Footer != nil {
		e.Footer.Text = truncate(e.Footer.Text, max(1, textLen(e.Footer.Text)-over))
	}
}

// embedLen is the length Discord counts towards the 6000 total of an embed.
func embedLen(e *discordgo.MessageEmbed) int {
	n := textLen(e.Title) + textLen(e.Description)
	for _, f := range e.Fields {
		n += textLen(f.Name) + textLen(f.Value)
	}
	if e.Footer != nil {
		n += textLen(e.Footer.Text)
	}
	if e.Author != nil {
		n += textLen(e.Author.Name)
	}
	return n
}

// textLen counts s in UTF-16 code units.
func textLen(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// truncate shortens s to at most limit UTF-16 units, cutting on a rune
// boundary and marking the cut with an ellipsis.
func truncate(s string, limit int) string {
	if textLen(s) <= limit {
		return s
	}
	if limit < 1 {
		return ""
	}
	return strings.TrimRight(cut(s, limit-1), " \n") + "…"
}

// cut returns the longest prefix of s of at most limit UTF-16 units.
func cut(s string, limit int) string {
	n := 0
	for i, r := range s {
		n += utf16.RuneLen(r)
		if n > limit {
			return s[:i]
		}
	}
	return s
}

// defuse breaks mention syntax with a zero-width space, so text shows
// "@everyone" or "<@123>" literally instead of as a mention. allowed_mentions
// already stops pings; this keeps the text free of live mention syntax too.
func defuse(s string) string {
	s = strings.ReplaceAll(s, "@everyone", "@\u200beveryone")
	s = strings.ReplaceAll(s, "@here", "@\u200bhere")
	return strings.ReplaceAll(s, "<@", "<@\u200b")
}

func or(s, fallback string) string {
	if strings.TrimSpace(s) == "" {
		return fallback
	}
	return s
}
