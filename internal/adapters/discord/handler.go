package discord

import (
	"context"
	"log/slog"
	"net/http"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/bwmarrin/discordgo"
	"github.com/hashicorp/golang-lru/v2/expirable"

	"github.com/articlebot/articlebot/internal/adapters/ask"
	"github.com/articlebot/articlebot/internal/ratelimit"
)

// discordAPI is the part of *discordgo.Session the handlers call; tests of
// handler decisions pass a recorder instead.
type discordAPI interface {
	ChannelMessageSendComplex(channelID string, data *discordgo.MessageSend, options ...discordgo.RequestOption) (*discordgo.Message, error)
	InteractionRespond(i *discordgo.Interaction, resp *discordgo.InteractionResponse, options ...discordgo.RequestOption) error
	InteractionResponseEdit(i *discordgo.Interaction, edit *discordgo.WebhookEdit, options ...discordgo.RequestOption) (*discordgo.Message, error)
	ApplicationCommandBulkOverwrite(appID, guildID string, cmds []*discordgo.ApplicationCommand, options ...discordgo.RequestOption) ([]*discordgo.ApplicationCommand, error)
}

var _ discordAPI = (*discordgo.Session)(nil)

const (
	commandName    = "ask"
	questionOption = "question"
	// helpQuestion is asked when someone mentions the bot without a question.
	helpQuestion = "help"
	// replyTimeout bounds each REST call of a reply, retries included.
	replyTimeout = 15 * time.Second
	// defaultDeferAfter is how long an interaction waits for the engine before it
	// acknowledges with "thinking…" to keep within Discord's 3 seconds.
	defaultDeferAfter = 2 * time.Second
)

// askCommand is the /ask application command.
func askCommand() *discordgo.ApplicationCommand {
	return &discordgo.ApplicationCommand{
		Type:        discordgo.ChatApplicationCommand,
		Name:        commandName,
		Description: "Ask a question about the article",
		Options: []*discordgo.ApplicationCommandOption{{
			Type:        discordgo.ApplicationCommandOptionString,
			Name:        questionOption,
			Description: "What you want to know",
			Required:    true,
			MaxLength:   300,
		}},
	}
}

// registerCommands makes /ask the bot's only command, globally or in the
// configured guild. Bulk overwrite is idempotent, so restarts are harmless.
func (a *Adapter) registerCommands(ctx context.Context, api discordAPI, appID string) {
	ctx, cancel := context.WithTimeout(ctx, replyTimeout)
	defer cancel()
	scope := "global"
	if a.cfg.GuildID != "" {
		scope = "guild " + a.cfg.GuildID
	}
	_, err := api.ApplicationCommandBulkOverwrite(appID, a.cfg.GuildID,
		[]*discordgo.ApplicationCommand{askCommand()}, discordgo.WithContext(ctx))
	if err != nil {
		err = a.apiError(err)
		msg := "registering /ask failed"
		if httpStatus(err) == http.StatusForbidden { // Missing Access: no such scope in that guild
			msg += "; was the bot invited with the applications.commands scope?"
		}
		a.log.Error(msg, "scope", scope, "err", err)
		return
	}
	a.log.Info("registered /ask", "scope", scope)
}

// noMentions lets a message ping nobody: an explicit empty parse list
// (the zero value would marshal to null) and no ping for the replied user.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// handleMessage answers a message that mentions the bot, is a DM to it or,
// in prefix mode, starts with the prefix; it ignores everything else. ctx
// bounds the reply; Run passes one that outlives its own, so a reply being
// sent when Run's ctx ends still goes out.
func (a *Adapter) handleMessage(ctx context.Context, api discordAPI, self identity, m *discordgo.Message) {
	defer a.recoverPanic("message")
	if m == nil || m.Author == nil {
		return
	}
	// No user id or name in the log: the Asker logs a keyed hash of the user.
	log := a.log.With("message_id", m.ID, "channel_id", m.ChannelID)
	ignore := func(reason string) { log.Debug("message ignored", "reason", reason) }
	switch {
	case m.Author.ID == self.userID:
		ignore("own message")
		return
	case m.Author.Bot || m.WebhookID != "":
		ignore("from a bot")
		return
	case m.Type != discordgo.MessageTypeDefault && m.Type != discordgo.MessageTypeReply:
		ignore("system message")
		return
	}
	question, ok := a.questionFrom(self.userID, m)
	if !ok {
		ignore("not addressed to the bot")
		return
	}
	if !a.seen.first("message", m.ID) {
		ignore("delivered before")
		return
	}
	key := a.messageConversation(m)

	var r reply
	switch a.asker.Admit(m.Author.ID) {
	case ratelimit.Ignore:
		ignore("rate limited")
		return
	case ratelimit.Refuse:
		log.Debug("rate limited, telling the user once")
		r = notice(textRateLimit)
	default:
		r = a.answer(key, m.Author.ID, question)
	}

	ctx, cancel := context.WithTimeout(ctx, replyTimeout)
	defer cancel()
	noFail := false
	sent, err := api.ChannelMessageSendComplex(m.ChannelID, &discordgo.MessageSend{
		Content:         r.content,
		Embeds:          r.embeds,
		Components:      r.components,
		AllowedMentions: noMentions(),
		Reference: &discordgo.MessageReference{
			MessageID:       m.ID,
			ChannelID:       m.ChannelID,
			GuildID:         m.GuildID,
			FailIfNotExists: &noFail, // still answer if the question was deleted
		},
	}, discordgo.WithContext(ctx))
	if err != nil {
		log.Error("sending the reply failed", "err", a.apiError(err))
		return
	}
	if sent != nil && sent.ID != "" {
		a.asker.Link(sent.ID, key) // a reply to it continues this conversation
	}
	log.Debug("message answered")
}

// messageConversation is the conversation a message belongs to: that of
// the bot's message it replies to, else its author's in its channel, or in
// their DMs.
func (a *Adapter) messageConversation(m *discordgo.Message) string {
	if ref := m.MessageReference; ref != nil && ref.MessageID != "" {
		if key, ok := a.asker.Linked(ref.MessageID); ok {
			return key
		}
	}
	return conversationKey(m.GuildID, m.ChannelID, m.Author.ID)
}

// conversationKey names one user's conversation in one channel, or in
// their direct messages (no guild), which are theirs wherever they are.
func conversationKey(guildID, channelID, userID string) string {
	if guildID == "" {
		return "dm/" + userID
	}
	return "channel/" + channelID + "/" + userID
}

// questionFrom extracts the question from a message addressed to the bot.
// It strips the bot's own mention; other mention syntax stays for the engine
// to clean.
func (a *Adapter) questionFrom(botID string, m *discordgo.Message) (string, bool) {
	text := m.Content
	mentioned := false
	if botID != "" {
		for _, tag := range []string{"<@" + botID + ">", "<@!" + botID + ">"} {
			if strings.Contains(text, tag) {
				mentioned = true
				text = strings.ReplaceAll(text, tag, " ")
			}
		}
		mentioned = mentioned || slices.ContainsFunc(m.Mentions, func(u *discordgo.User) bool {
			return u != nil && u.ID == botID
		})
		// a reply to one of the bot's messages is addressed to the bot
		mentioned = mentioned || m.ReferencedMessage != nil && m.ReferencedMessage.Author != nil &&
			m.ReferencedMessage.Author.ID == botID
	}
	rest, prefixed := a.cutPrefix(text)
	switch {
	case prefixed:
		text = rest
	case !mentioned && m.GuildID != "": // neither addressed nor a DM
		return "", false
	}
	return strings.Join(strings.Fields(text), " "), true
}

// cutPrefix removes the configured prefix (any case) from the start of s;
// it must be followed by white space or the end.
func (a *Adapter) cutPrefix(s string) (string, bool) {
	p := a.cfg.Prefix
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	if p == "" || len(s) < len(p) || !strings.EqualFold(s[:len(p)], p) {
		return "", false
	}
	rest := s[len(p):]
	if rest != "" && !unicode.IsSpace([]rune(rest)[0]) {
		return "", false
	}
	return rest, true
}

// handleInteraction answers /ask and clicks on suggestion buttons. ctx
// bounds the reply, as for handleMessage.
func (a *Adapter) handleInteraction(ctx context.Context, api discordAPI, i *discordgo.Interaction) {
	defer a.recoverPanic("interaction")
	if i == nil {
		return
	}
	user := i.User
	if i.Member != nil && i.Member.User != nil {
		user = i.Member.User
	}
	if user == nil {
		return
	}
	log := a.log.With("interaction_id", i.ID, "channel_id", i.ChannelID) // no user id, as for messages
	if !a.seen.first("interaction", i.ID) {
		log.Debug("interaction ignored", "reason", "delivered before")
		return
	}
	switch i.Type {
	case discordgo.InteractionApplicationCommand:
		data := i.ApplicationCommandData()
		if data.Name != commandName {
			log.Warn("unknown command", "command", data.Name)
			return
		}
		question := ""
		for _, o := range data.Options {
			if o.Name == questionOption && o.Type == discordgo.ApplicationCommandOptionString {
				question, _ = o.Value.(string)
			}
		}
		a.respond(ctx, api, log, i, user.ID, strings.Join(strings.Fields(question), " "), a.cfg.Ephemeral)
	case discordgo.InteractionMessageComponent:
		// A click gets its own ephemeral reply: anyone in the channel may
		// click, so the answer goes to the clicker, and the buttons stay
		// usable for others instead of being replaced.
		question, ok := questionFromCustomID(i.MessageComponentData().CustomID)
		if !ok {
			log.Warn("unknown button", "custom_id", i.MessageComponentData().CustomID)
			return
		}
		a.respond(ctx, api, log, i, user.ID, question, true)
	default:
		log.Debug("interaction ignored", "type", i.Type.String())
	}
}

// respond answers an interaction within Discord's 3-second deadline: at
// once if the engine is quick, else by deferring and editing the reply.
func (a *Adapter) respond(ctx context.Context, api discordAPI, log *slog.Logger, i *discordgo.Interaction, userID, question string, ephemeral bool) {
	ctx, cancel := context.WithTimeout(ctx, replyTimeout)
	defer cancel()
	var flags discordgo.MessageFlags
	if ephemeral {
		flags = discordgo.MessageFlagsEphemeral
	}

	switch a.asker.Admit(userID) {
	case ratelimit.Ignore:
		log.Debug("interaction ignored", "reason", "rate limited")
		if i.Type == discordgo.InteractionMessageComponent {
			// Acknowledge without a visible reply, so the click does not
			// show "interaction failed". /ask cannot be acknowledged silently.
			if err := api.InteractionRespond(i, &discordgo.InteractionResponse{
				Type: discordgo.InteractionResponseDeferredMessageUpdate,
			}, discordgo.WithContext(ctx)); err != nil {
				log.Error("acknowledging the click failed", "err", a.apiError(err))
			}
		}
		return
	case ratelimit.Refuse:
		log.Debug("rate limited, telling the user once")
		a.sendInteraction(ctx, api, log, i, notice(textRateLimit), discordgo.MessageFlagsEphemeral)
		return
	}

	answered := make(chan reply, 1)
	key := conversationKey(i.GuildID, i.ChannelID, userID) // a click continues the clicker's
	go func() { answered <- a.answer(key, userID, question) }()
	timer := time.NewTimer(a.deferAfter)
	defer timer.Stop()
	select {
	case r := <-answered:
		a.sendInteraction(ctx, api, log, i, r, flags)
		return
	case <-timer.C:
	}

	log.Info("engine is slow, deferring the response")
	if err := api.InteractionRespond(i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Flags: flags, AllowedMentions: noMentions()},
	}, discordgo.WithContext(ctx)); err != nil {
		log.Error("deferring the response failed", "err", a.apiError(err))
		return
	}
	var r reply
	select {
	case r = <-answered:
	case <-ctx.Done():
		log.Error("no answer in time", "err", ctx.Err())
		return
	}
	content := r.content
	if _, err := api.InteractionResponseEdit(i, &discordgo.WebhookEdit{
		Content:         &content,
		Embeds:          &r.embeds,
		Components:      &r.components,
		AllowedMentions: noMentions(),
	}, discordgo.WithContext(ctx)); err != nil {
		log.Error("sending the deferred reply failed", "err", a.apiError(err))
		return
	}
	log.Debug("interaction answered late")
}

func (a *Adapter) sendInteraction(ctx context.Context, api discordAPI, log *slog.Logger, i *discordgo.Interaction, r reply, flags discordgo.MessageFlags) {
	err := api.InteractionRespond(i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{
			Content:         r.content,
			Embeds:          r.embeds,
			Components:      r.components,
			AllowedMentions: noMentions(),
			Flags:           flags,
		},
	}, discordgo.WithContext(ctx))
	if err != nil {
		log.Error("responding to the interaction failed", "err", a.apiError(err))
		return
	}
	log.Debug("interaction answered")
}

// answer asks the engine on behalf of userID, in the conversation under
// key, and renders its answer; an empty question asks for help. The Asker
// records the answer before it is rendered and sent. This is the one place
// where a failure becomes user text: if the engine panics, the user gets an
// apology and the log gets the details.
func (a *Adapter) answer(key, userID, question string) (r reply) {
	defer func() {
		if p := recover(); p != nil {
			a.log.Error("engine panicked", "panic", p, "stack", string(debug.Stack()))
			r = notice(textTrouble)
		}
	}()
	asked := question
	if asked == "" {
		asked = helpQuestion
	}
	ans := a.asker.Ask(ask.Question{User: userID, Conversation: key, Text: asked})
	return render(question, ans, a.article)
}

func (a *Adapter) recoverPanic(what string) {
	if r := recover(); r != nil {
		a.log.Error("panic while handling "+what, "panic", r, "stack", string(debug.Stack()))
	}
}

// Bounds of the set of recent event ids: Discord redelivers an event within
// seconds (after a resume, or a compatible server's retry), so a few
// minutes is plenty.
const (
	seenFor = 5 * time.Minute
	maxSeen = 10_000
)

// seenIDs remembers the ids of the recent messages and interactions the bot
// acted on, so one delivered twice is answered once. It is bounded, oldest
// out first, and safe for concurrent use.
type seenIDs struct {
	mu  sync.Mutex // makes the look-up and the insertion one step
	lru *expirable.LRU[string, struct{}]
}

func newSeenIDs() *seenIDs {
	return &seenIDs{lru: expirable.NewLRU[string, struct{}](maxSeen, nil, seenFor)}
}

// first records the id of an event of a kind ("message", "interaction")
// and reports whether it was not seen in the last seenFor. An empty id is
// never a repeat.
func (s *seenIDs) first(kind, id string) bool {
	if id == "" {
		return true
	}
	key := kind + "/" + id
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.lru.Contains(key) {
		return false
	}
	s.lru.Add(key, struct{}{})
	return true
}
