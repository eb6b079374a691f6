package discord

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/articlebot/articlebot/internal/adapters/ask"
	"github.com/articlebot/articlebot/internal/answers"
)

// These tests drive the real discordgo session against fakeDiscord.

// wireMessage is a message body as the fake received it.
type wireMessage struct {
	Content    string                    `json:"content"`
	Embeds     []*discordgo.MessageEmbed `json:"embeds"`
	Components []struct {
		Components []struct {
			Label    string `json:"label"`
			CustomID string `json:"custom_id"`
		} `json:"components"`
	} `json:"components"`
	Reference *struct {
		MessageID string `json:"message_id"`
		ChannelID string `json:"channel_id"`
	} `json:"message_reference"`
	Flags int `json:"flags"`
}

func (m wireMessage) customIDs() []string {
	var ids []string
	for _, row := range m.Components {
		for _, b := range row.Components {
			ids = append(ids, b.CustomID)
		}
	}
	return ids
}

func decodeMessage(t *testing.T, c restCall) wireMessage {
	t.Helper()
	var m wireMessage
	if err := json.Unmarshal(c.Body, &m); err != nil {
		t.Fatalf("decode %s: %v", c.Body, err)
	}
	return m
}

// decodeResponse decodes an interaction callback body.
func decodeResponse(t *testing.T, c restCall) (int, wireMessage) {
	t.Helper()
	var r struct {
		Type int         `json:"type"`
		Data wireMessage `json:"data"`
	}
	if err := json.Unmarshal(c.Body, &r); err != nil {
		t.Fatalf("decode %s: %v", c.Body, err)
	}
	return r.Type, r.Data
}

func onlyEmbed(t *testing.T, m wireMessage) *discordgo.MessageEmbed {
	t.Helper()
	if len(m.Embeds) != 1 {
		t.Fatalf("got %d embeds, want 1: %+v", len(m.Embeds), m)
	}
	return m.Embeds[0]
}

func TestMentionIsAnsweredInChannel(t *testing.T) {
	t.Parallel()
	h := startBot(t, Config{})
	h.conn.dispatch(t, "MESSAGE_CREATE", messageCreate("501", "300", "100", "42", mention("who wrote this?"), false, fakeBotID))
	h.conn.dispatch(t, "MESSAGE_CREATE", messageCreate("502", "300", "100", "42", "<@!"+fakeBotID+"> when was the vote?", false, fakeBotID))

	calls := h.fake.waitCalls(t, "POST", "/channels/300/messages", 2)
	byRef := map[string]wireMessage{}
	for _, c := range calls {
		if !strings.Contains(string(c.Body), `"allowed_mentions":{"parse":[],"replied_user":false}`) {
			t.Errorf("reply does not disable mentions: %s", c.Body)
		}
		m := decodeMessage(t, c)
		if m.Reference == nil {
			t.Fatalf("reply has no message_reference: %s", c.Body)
		}
		byRef[m.Reference.MessageID] = m
	}
	e := onlyEmbed(t, byRef["501"])
	if e.Title != "who wrote this?" || e.Description != "The article was written by Mara Lindqvist." {
		t.Errorf("embed title/description = %q / %q", e.Title, e.Description)
	}
	if len(e.Fields) != 1 || e.Fields[0].Name != "From the article, paragraph 1" ||
		e.Fields[0].Value != "> By Mara Lindqvist, regional correspondent" {
		t.Errorf("quote field = %+v", e.Fields)
	}
	if e.Footer == nil || e.Footer.Text != "Harbour town votes to keep its last ferry · March 24, 2021" {
		t.Errorf("footer = %+v", e.Footer)
	}
	if d := onlyEmbed(t, byRef["502"]).Description; d != "The council voted on Tuesday evening." {
		t.Errorf("nickname mention answered with %q", d)
	}
	asked := h.engine.questions()
	slices.Sort(asked)
	if want := []string{"when was the vote?", "who wrote this?"}; !slices.Equal(asked, want) {
		t.Errorf("engine asked %q, want %q", asked, want)
	}
}

func TestDirectMessageIsAnswered(t *testing.T) {
	t.Parallel()
	h := startBot(t, Config{})
	h.conn.dispatch(t, "MESSAGE_CREATE", messageCreate("501", "77", "", "42", "when was the vote?", false))
	m := decodeMessage(t, h.fake.waitCalls(t, "POST", "/channels/77/messages", 1)[0])
	if d := onlyEmbed(t, m).Description; d != "The council voted on Tuesday evening." {
		t.Errorf("DM answered with %q", d)
	}
}

func TestUnaddressedMessagesAreIgnored(t *testing.T) {
	t.Parallel()
	h := startBot(t, Config{})
	events := []map[string]any{
		messageCreate("501", "300", "100", "42", "who wrote this?", false),                         // no mention
		messageCreate("502", "300", "100", "42", "!ask who wrote this?", false),                    // prefix mode is off
		messageCreate("503", "300", "100", fakeBotID, mention("who wrote this?"), true, fakeBotID), // itself
		messageCreate("504", "300", "100", "43", mention("who wrote this?"), true, fakeBotID),      // another bot
		messageCreate("505", "77", "", "44", "who wrote this?", true),                              // a bot's DM
	}
	for _, e := range events {
		h.conn.dispatch(t, "MESSAGE_CREATE", e)
	}
	reasons := map[string]string{
		"501": "not addressed to the bot", "502": "not addressed to the bot",
		"503": "own message", "504": "from a bot", "505": "from a bot",
	}
	waitFor(t, "every message to be ignored", func() bool {
		for id, reason := range reasons {
			if h.logs.count("message ignored", "message_id", id, "reason", reason) != 1 {
				return false
			}
		}
		return true
	})
	if calls := h.fake.callsTo("POST", "/messages"); len(calls) != 0 {
		t.Errorf("bot sent %d messages, want none", len(calls))
	}
	if q := h.engine.questions(); len(q) != 0 {
		t.Errorf("engine was asked %q", q)
	}
}

func TestIntentsAndPrefixMode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		prefix      string
		wantIntents int
	}{
		{"mentions only", "", int(discordgo.IntentGuildMessages | discordgo.IntentDirectMessages)},
		{"prefix mode", "!ask", int(discordgo.IntentGuildMessages | discordgo.IntentDirectMessages | discordgo.IntentMessageContent)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := startBot(t, Config{Prefix: tt.prefix})
			op, identify := h.conn.first()
			if op != 2 {
				t.Fatalf("first op = %d, want Identify", op)
			}
			if got := identify["intents"]; got != float64(tt.wantIntents) {
				t.Errorf("intents = %v, want %d", got, tt.wantIntents)
			}
			if _, sharded := identify["shard"]; sharded {
				t.Errorf("identify sends shard %v for a single shard", identify["shard"])
			}
			h.conn.dispatch(t, "MESSAGE_CREATE", messageCreate("501", "300", "100", "42", "!ASK   who wrote this?", false))
			h.conn.dispatch(t, "MESSAGE_CREATE", messageCreate("502", "300", "100", "42", "!asking who wrote this?", false))
			if tt.prefix == "" {
				waitFor(t, "both ignored", func() bool { return h.logs.count("message ignored") == 2 })
				return
			}
			m := decodeMessage(t, h.fake.waitCalls(t, "POST", "/channels/300/messages", 1)[0])
			if m.Reference.MessageID != "501" {
				t.Errorf("answered %s, want 501", m.Reference.MessageID)
			}
			waitFor(t, "!asking ignored", func() bool {
				return h.logs.count("message ignored", "message_id", "502") == 1
			})
			if q := h.engine.questions(); !slices.Equal(q, []string{"who wrote this?"}) {
				t.Errorf("engine asked %q", q)
			}
		})
	}
}

func TestShardingIsSentToTheGateway(t *testing.T) {
	t.Parallel()
	h := startBot(t, Config{ShardID: 1, ShardCount: 3})
	_, identify := h.conn.first()
	if got := fmt.Sprint(identify["shard"]); got != "[1 3]" {
		t.Errorf("identify shard = %s, want [1 3]", got)
	}
}

func TestSlashAsk(t *testing.T) {
	t.Parallel()
	for _, ephemeral := range []bool{false, true} {
		t.Run(fmt.Sprint("ephemeral=", ephemeral), func(t *testing.T) {
			t.Parallel()
			h := startBot(t, Config{Ephemeral: ephemeral})
			h.conn.dispatch(t, "INTERACTION_CREATE", slashAsk("600", "42", "  who wrote   this? "))
			c := h.fake.waitCalls(t, "POST", "/interactions/600/token-600/callback", 1)[0]
			typ, m := decodeResponse(t, c)
			if typ != int(discordgo.InteractionResponseChannelMessageWithSource) {
				t.Errorf("response type = %d, want 4", typ)
			}
			wantFlags := 0
			if ephemeral {
				wantFlags = int(discordgo.MessageFlagsEphemeral)
			}
			if m.Flags != wantFlags {
				t.Errorf("flags = %d, want %d", m.Flags, wantFlags)
			}
			if d := onlyEmbed(t, m).Description; d != "The article was written by Mara Lindqvist." {
				t.Errorf("answered %q", d)
			}
			if !strings.Contains(string(c.Body), `"parse":[]`) {
				t.Errorf("response does not disable mentions: %s", c.Body)
			}
			if q := h.engine.questions(); !slices.Equal(q, []string{"who wrote this?"}) {
				t.Errorf("engine asked %q", q)
			}
		})
	}
}

func TestSlowEngineDefersAndEdits(t *testing.T) {
	t.Parallel()
	h := startBot(t, Config{}, func(h *harness) { h.bot.deferAfter = 20 * time.Millisecond })
	release := h.engine.hold(t, "held question")
	h.conn.dispatch(t, "INTERACTION_CREATE", slashAsk("600", "42", "held question"))
	c := h.fake.waitCalls(t, "POST", "/interactions/600/token-600/callback", 1)[0]
	if typ, _ := decodeResponse(t, c); typ != int(discordgo.InteractionResponseDeferredChannelMessageWithSource) {
		t.Errorf("first response type = %d, want 5 (deferred)", typ)
	}
	release()
	edit := h.fake.waitCalls(t, "PATCH", "/webhooks/"+fakeAppID+"/token-600/messages/@original", 1)[0]
	if d := onlyEmbed(t, decodeMessage(t, edit)).Description; d != "The article was written by Mara Lindqvist." {
		t.Errorf("edited to %q", d)
	}
}

func TestSuggestionButtonsAnswerWhenClicked(t *testing.T) {
	t.Parallel()
	h := startBot(t, Config{})
	h.conn.dispatch(t, "MESSAGE_CREATE", messageCreate("501", "300", "100", "42", mention("what about the boat?"), false, fakeBotID))
	m := decodeMessage(t, h.fake.waitCalls(t, "POST", "/channels/300/messages", 1)[0])
	ids := m.customIDs()
	if len(ids) != 3 {
		t.Fatalf("got %d buttons %q, want 3", len(ids), ids)
	}
	if ids[0] != "ask:when was the vote?" || ids[1] != "ask:who wrote this?" {
		t.Errorf("custom_ids = %q", ids)
	}
	if onlyEmbed(t, m).Description != "I'm not sure which part you mean. Did you mean:" {
		t.Errorf("suggest text = %q", m.Embeds[0].Description)
	}

	h.conn.dispatch(t, "INTERACTION_CREATE", buttonClick("601", "43", ids[0]))
	h.conn.dispatch(t, "INTERACTION_CREATE", buttonClick("602", "43", ids[2]))
	typ, r := decodeResponse(t, h.fake.waitCalls(t, "POST", "/interactions/601/token-601/callback", 1)[0])
	if typ != 4 || r.Flags != int(discordgo.MessageFlagsEphemeral) {
		t.Errorf("click answered with type %d flags %d, want a new ephemeral message", typ, r.Flags)
	}
	if d := onlyEmbed(t, r).Description; d != "The council voted on Tuesday evening." {
		t.Errorf("click answered %q", d)
	}
	h.fake.waitCalls(t, "POST", "/interactions/602/token-602/callback", 1)
	asked := h.engine.questions()
	if len(asked) != 3 || !strings.HasPrefix("How much does the ferry cost the town each year, including the crew, the fuel, the insurance and the repairs?", asked[2]) &&
		!strings.HasPrefix("How much does the ferry cost the town each year, including the crew, the fuel, the insurance and the repairs?", asked[1]) {
		t.Errorf("engine asked %q; the long suggestion should be asked as its prefix", asked)
	}
}

func TestUnknownSaysSoPlainly(t *testing.T) {
	t.Parallel()
	h := startBot(t, Config{})
	h.conn.dispatch(t, "MESSAGE_CREATE", messageCreate("501", "300", "100", "42", mention("What is the capital of France?"), false, fakeBotID))
	m := decodeMessage(t, h.fake.waitCalls(t, "POST", "/channels/300/messages", 1)[0])
	e := onlyEmbed(t, m)
	if e.Description != "The article doesn't say." || len(e.Fields) != 0 || len(m.customIDs()) != 0 {
		t.Errorf("unknown rendered as %+v with buttons %q", e, m.customIDs())
	}
}

func TestCommandRegisteredAtStartup(t *testing.T) {
	t.Parallel()
	tests := []struct {
		guild, path string
	}{
		{"", "/api/v9/applications/" + fakeAppID + "/commands"},
		{"555", "/api/v9/applications/" + fakeAppID + "/guilds/555/commands"},
	}
	for _, tt := range tests {
		t.Run("guild="+tt.guild, func(t *testing.T) {
			t.Parallel()
			h := startBot(t, Config{GuildID: tt.guild})
			calls := h.fake.callsTo("PUT", "/commands")
			if len(calls) != 1 || calls[0].Path != tt.path {
				t.Fatalf("registration calls = %+v, want one PUT %s", calls, tt.path)
			}
			var cmds []struct {
				Name    string `json:"name"`
				Type    int    `json:"type"`
				Options []struct {
					Name     string `json:"name"`
					Type     int    `json:"type"`
					Required bool   `json:"required"`
				} `json:"options"`
			}
			if err := json.Unmarshal(calls[0].Body, &cmds); err != nil {
				t.Fatal(err)
			}
			if len(cmds) != 1 || cmds[0].Name != "ask" || cmds[0].Type != 1 || len(cmds[0].Options) != 1 ||
				cmds[0].Options[0].Name != "question" || cmds[0].Options[0].Type != 3 || !cmds[0].Options[0].Required {
				t.Errorf("registered %s", calls[0].Body)
			}
			waitFor(t, "Ready", h.ready)
			if u := h.bot.inviteURL(); !strings.Contains(u, "client_id="+fakeAppID) ||
				!strings.Contains(u, "permissions=274877991936") {
				t.Errorf("inviteURL = %s", u)
			}
		})
	}
}

func TestMentionsNeverPing(t *testing.T) {
	t.Parallel()
	h := startBot(t, Config{})
	hostile := "@everyone @here <@123> <@&456> who wrote this?"
	h.conn.dispatch(t, "MESSAGE_CREATE", messageCreate("501", "300", "100", "42", mention(hostile), false, fakeBotID, "123"))
	h.conn.dispatch(t, "MESSAGE_CREATE", messageCreate("502", "300", "100", "42", mention("echo"), false, fakeBotID))
	h.conn.dispatch(t, "INTERACTION_CREATE", slashAsk("600", "42", hostile))
	calls := append(h.fake.waitCalls(t, "POST", "/channels/300/messages", 2),
		h.fake.waitCalls(t, "POST", "/interactions/600/", 1)...)
	for _, c := range calls {
		body := string(c.Body)
		if !strings.Contains(body, `"allowed_mentions":{"parse":[]`) {
			t.Errorf("%s does not parse an empty mention list: %s", c.Path, body)
		}
		for _, raw := range []string{"@everyone", "@here", "<@123>", "<@&456>"} {
			if strings.Contains(body, raw) {
				t.Errorf("%s contains live mention syntax %q: %s", c.Path, raw, body)
			}
		}
	}
	asked := h.engine.questions()
	if n := len(slices.DeleteFunc(slices.Clone(asked), func(q string) bool { return q != hostile })); n != 2 {
		t.Errorf("engine asked %q; want the hostile question twice, with only the bot's own mention removed", asked)
	}
}

func TestReconnectsAfterDrop(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		cut  func(*gatewayConn)
	}{
		{"network drop", (*gatewayConn).drop},
		{"close 4000", func(c *gatewayConn) { c.closeWith(4000, "Unknown error") }},
		{"close 1001", func(c *gatewayConn) { c.closeWith(1001, "going away") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := startBot(t, Config{})
			tt.cut(h.conn)
			c2 := h.fake.waitConn(t, 2)
			op, resume := c2.first()
			if op != 6 || resume["session_id"] != "session-1" {
				t.Errorf("reconnected with op %d %v, want a Resume of session-1", op, resume)
			}
			waitFor(t, "Ready after reconnect", h.ready)
			if n := h.bot.Reconnects(); n != 1 {
				t.Errorf("Reconnects = %d, want 1", n)
			}
			c2.dispatch(t, "MESSAGE_CREATE", messageCreate("501", "300", "100", "42", mention("who wrote this?"), false, fakeBotID))
			h.fake.waitCalls(t, "POST", "/channels/300/messages", 1)
			if n := len(h.fake.callsTo("PUT", "/commands")); n != 1 {
				t.Errorf("/ask registered %d times, want once", n)
			}
		})
	}
}

func TestFatalCloseStopsTheBot(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		code     int
		midway   bool // close after Ready; otherwise right after Identify
		wantText string
	}{
		{"4004 mid-session", 4004, true, "the bot token is wrong"},
		{"4004 at identify", 4004, false, "the bot token is wrong"},
		{"4014 at identify", 4014, false, "Message Content intent"},
		{"4013 mid-session", 4013, true, "invalid intents"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var h *harness
			if tt.midway {
				h = startBot(t, Config{})
				h.fake.setCloseOnHello(tt.code) // any reconnect would be refused too
				h.conn.closeWith(tt.code, "fatal")
			} else {
				h = startBotNoWait(t, Config{}, func(h *harness) { h.fake.setCloseOnHello(tt.code) })
			}
			err := h.runError(t)
			if !errors.Is(err, ErrFatalClose) {
				t.Fatalf("Run = %v, want ErrFatalClose", err)
			}
			if refused := errors.Is(err, ErrTokenRefused); refused != (tt.code == 4004) {
				t.Errorf("Run = %v: is ErrTokenRefused %v, want it for 4004 only", err, refused)
			}
			if msg := err.Error(); !strings.Contains(msg, fmt.Sprint(tt.code)) || !strings.Contains(msg, tt.wantText) {
				t.Errorf("error %q does not name %d and %q", msg, tt.code, tt.wantText)
			}
			// cmd/bot puts "discord: " before it.
			if msg := err.Error(); strings.HasPrefix(msg, "discord:") {
				t.Errorf("error %q names the platform itself", msg)
			}
			// Run reconnects itself, and has returned: one connection means
			// it did not try again.
			if n := len(h.fake.connections()); n != 1 {
				t.Errorf("%d gateway connections, want 1 (no reconnect)", n)
			}
			ok, why := h.bot.Ready()
			if ok || !strings.Contains(why, tt.wantText) || h.bot.Reconnects() != 0 {
				t.Errorf("Ready=%v %q, Reconnects=%d after a fatal close", ok, why, h.bot.Reconnects())
			}
		})
	}
}

func TestRESTRateLimitIsRetried(t *testing.T) {
	t.Parallel()
	h := startBot(t, Config{})
	h.fake.failNext("POST", "/channels/300/messages", 429,
		`{"message": "You are being rate limited.", "retry_after": 0.05, "global": false}`)
	h.conn.dispatch(t, "MESSAGE_CREATE", messageCreate("501", "300", "100", "42", mention("who wrote this?"), false, fakeBotID))
	h.fake.waitCalls(t, "POST", "/channels/300/messages", 1)
	var statuses []int
	for _, c := range h.fake.restCalls() {
		if c.Method == "POST" && strings.Contains(c.Path, "/messages") {
			statuses = append(statuses, c.Status)
		}
	}
	if !slices.Equal(statuses, []int{429, 200}) {
		t.Errorf("send statuses = %v, want [429 200]", statuses)
	}
}

func TestRESTServerErrorIsLogged(t *testing.T) {
	t.Parallel()
	h := startBot(t, Config{})
	h.fake.failNext("POST", "/channels/300/messages", 500, `{"message": "Internal Server Error", "code": 0}`)
	h.conn.dispatch(t, "MESSAGE_CREATE", messageCreate("501", "300", "100", "42", mention("who wrote this?"), false, fakeBotID))
	waitFor(t, "the failure to be logged", func() bool {
		return h.logs.count("sending the reply failed", "message_id", "501") == 1
	})
	h.conn.dispatch(t, "MESSAGE_CREATE", messageCreate("502", "300", "100", "42", mention("when was the vote?"), false, fakeBotID))
	m := decodeMessage(t, h.fake.waitCalls(t, "POST", "/channels/300/messages", 1)[0])
	if m.Reference.MessageID != "502" || !h.ready() {
		t.Errorf("after a 500 the bot answered %s, ready=%v", m.Reference.MessageID, h.ready())
	}
}

func TestLongAnswersStayWithinLimits(t *testing.T) {
	t.Parallel()
	h := startBot(t, Config{})
	long := strings.Repeat("why ", 700) // a 2800-character question
	h.conn.dispatch(t, "MESSAGE_CREATE", messageCreate("501", "300", "100", "42", mention("tell me everything"), false, fakeBotID))
	h.conn.dispatch(t, "MESSAGE_CREATE", messageCreate("502", "300", "100", "42", mention(long), false, fakeBotID))
	h.conn.dispatch(t, "INTERACTION_CREATE", slashAsk("600", "42", "tell me everything"))
	// fakeDiscord rejects anything over a limit with 400, so success means
	// the limits held; check the cuts are visible too.
	calls := h.fake.waitCalls(t, "POST", "/channels/300/messages", 2)
	_, r := decodeResponse(t, h.fake.waitCalls(t, "POST", "/interactions/600/", 1)[0])
	for _, m := range append([]wireMessage{r}, decodeMessage(t, calls[0]), decodeMessage(t, calls[1])) {
		e := onlyEmbed(t, m)
		if n := embedLen(e); n > maxEmbedTotal {
			t.Errorf("embed is %d long", n)
		}
		if strings.HasPrefix(e.Title, "why") && !strings.HasSuffix(e.Title, "…") {
			t.Errorf("long question title not cut: %d", textLen(e.Title))
		}
		if strings.HasPrefix(e.Description, "The council debated") &&
			(!strings.HasSuffix(e.Description, "…") || !strings.HasSuffix(e.Fields[0].Value, "…")) {
			t.Errorf("long answer or quote not marked as cut")
		}
	}
}

func TestRateLimitHoldsUnderBurst(t *testing.T) {
	t.Parallel()
	rec := &hookRecorder{}
	h := startBotWith(t, setup{Limit: ask.Limit{Questions: 3, Window: time.Minute}, Observer: rec})
	for i := range 6 {
		h.conn.dispatch(t, "MESSAGE_CREATE", messageCreate(fmt.Sprint(510+i), "300", "100", "42", mention("who wrote this?"), false, fakeBotID))
	}
	h.conn.dispatch(t, "MESSAGE_CREATE", messageCreate("520", "300", "100", "43", mention("when was the vote?"), false, fakeBotID))

	calls := h.fake.waitCalls(t, "POST", "/channels/300/messages", 5) // 3 answers, 1 notice, user 43
	waitFor(t, "two silent drops", func() bool {
		return h.logs.count("message ignored", "reason", "rate limited") == 2
	})
	if leaks := h.logs.mentioning("42", "user42"); len(leaks) > 0 {
		t.Errorf("logs name the user: %q", leaks)
	}
	var answers, notices int
	answeredOther := false
	for _, c := range h.fake.callsTo("POST", "/channels/300/messages") {
		m := decodeMessage(t, c)
		switch {
		case m.Reference.MessageID == "520":
			answeredOther = len(m.Embeds) == 1
		case m.Content == textRateLimit && len(m.Embeds) == 0:
			notices++
		case len(m.Embeds) == 1:
			answers++
		}
	}
	if answers != 3 || notices != 1 || !answeredOther || len(calls) != 5 {
		t.Errorf("answers=%d notices=%d other user answered=%v, want 3, 1, true", answers, notices, answeredOther)
	}
	// Limited hears of the notice and of both silent drops; Observe only of
	// the four answers.
	if r := rec.refusals(); !slices.Equal(r, []string{"42", "42", "42"}) {
		t.Errorf("Limited called for %q, want 42 three times", r)
	}
	if n := len(rec.observations()); n != 4 {
		t.Errorf("Observe called %d times, want 4", n)
	}
}

// TestObserveSeesEveryAnswer asks through every way in, one at a time, and
// checks that the Observer saw each question as the engine got it, with
// the answer and the engine's time, before the reply reached Discord.
func TestObserveSeesEveryAnswer(t *testing.T) {
	t.Parallel()
	// A slow Observer: had the bot asked in the background or after
	// replying, the reply would arrive before the observation.
	rec := &hookRecorder{delay: 20 * time.Millisecond}
	h := startBotWith(t, setup{Config: Config{Prefix: "!ask"}, Observer: rec})
	fixture := newFixture()

	steps := []struct {
		name           string
		event          string
		data           map[string]any
		replyPath      string
		user, question string
		answer         answers.Answer
		minTook        time.Duration
	}{
		{"mention", "MESSAGE_CREATE", messageCreate("501", "300", "100", "42", mention("who wrote this?"), false, fakeBotID),
			"/channels/300/messages", "42", "who wrote this?", fixture.answers["who wrote this?"], 0},
		{"/ask", "INTERACTION_CREATE", slashAsk("600", "43", "slow question"),
			"/interactions/600/", "43", "slow question", fixture.answers["who wrote this?"], fixture.slow["slow question"]},
		{"bare mention asks for help", "MESSAGE_CREATE", messageCreate("502", "301", "100", "44", mention(""), false, fakeBotID),
			"/channels/301/messages", "44", "help", fixture.answers["help"], 0},
		{"DM", "MESSAGE_CREATE", messageCreate("503", "77", "", "45", "when was the vote?", false),
			"/channels/77/messages", "45", "when was the vote?", fixture.answers["when was the vote?"], 0},
		{"prefix", "MESSAGE_CREATE", messageCreate("504", "302", "100", "47", "!ask what about the boat?", false),
			"/channels/302/messages", "47", "what about the boat?", fixture.answers["what about the boat?"], 0},
		{"button", "INTERACTION_CREATE", buttonClick("601", "46", "ask:when was the vote?"),
			"/interactions/601/", "46", "when was the vote?", fixture.answers["when was the vote?"], 0},
	}
	for i, st := range steps {
		h.conn.dispatch(t, st.event, st.data)
		h.fake.waitCalls(t, "POST", st.replyPath, 1)
		got := rec.observations()
		if len(got) != i+1 {
			t.Fatalf("%s: Observe called %d times by the time of the reply, want %d", st.name, len(got), i+1)
		}
		o := got[i]
		if o.user != st.user || o.question != st.question || !reflect.DeepEqual(o.answer, st.answer) {
			t.Errorf("%s: observed %q %q %+v, want %q %q %+v", st.name, o.user, o.question, o.answer, st.user, st.question, st.answer)
		}
		if o.took < st.minTook || o.took < 0 {
			t.Errorf("%s: took %v, want at least %v", st.name, o.took, st.minTook)
		}
	}
	if r := rec.refusals(); len(r) != 0 {
		t.Errorf("Limited called for %q", r)
	}
}

// TestLogsNameNoUser asks through every way in, including past the rate
// limit, as a user with a distinctive id and name: no log line holds either.
// The Asker, logging to the same logger, names the user by a keyed hash.
func TestLogsNameNoUser(t *testing.T) {
	t.Parallel()
	const user = "123456789012345678"
	h := startBotWith(t, setup{Config: Config{Prefix: "!ask"}, Limit: ask.Limit{Questions: 4, Window: time.Minute}})
	// One at a time: the gateway hands each event to its own goroutine, and
	// the order decides which ones the rate limit refuses.
	steps := []struct {
		event string
		data  map[string]any
		done  func() bool
	}{
		{"MESSAGE_CREATE", messageCreate("501", "300", "100", user, mention("who wrote this?"), false, fakeBotID),
			func() bool { return len(h.fake.callsTo("POST", "/channels/300/messages")) == 1 }},
		{"MESSAGE_CREATE", messageCreate("502", "77", "", user, "when was the vote?", false),
			func() bool { return len(h.fake.callsTo("POST", "/channels/77/messages")) == 1 }},
		{"INTERACTION_CREATE", slashAsk("600", user, "who wrote this?"),
			func() bool { return len(h.fake.callsTo("POST", "/interactions/600/")) == 1 }},
		{"INTERACTION_CREATE", buttonClick("601", user, "ask:when was the vote?"),
			func() bool { return len(h.fake.callsTo("POST", "/interactions/601/")) == 1 }},
		{"MESSAGE_CREATE", messageCreate("503", "300", "100", user, "!ask who wrote this?", false), // refused
			func() bool { return len(h.fake.callsTo("POST", "/channels/300/messages")) == 2 }},
		{"MESSAGE_CREATE", messageCreate("504", "300", "100", user, mention("who wrote this?"), false, fakeBotID), // ignored
			func() bool {
				return h.logs.count("message ignored", "message_id", "504", "reason", "rate limited") == 1
			}},
		{"MESSAGE_CREATE", messageCreate("505", "300", "100", user, "not for the bot", false),
			func() bool { return h.logs.count("message ignored", "message_id", "505", "channel_id", "300") == 1 }},
		{"INTERACTION_CREATE", buttonClick("602", user, "nonsense"),
			func() bool { return h.logs.count("unknown button", "interaction_id", "602") == 1 }},
	}
	for i, st := range steps {
		h.conn.dispatch(t, st.event, st.data)
		waitFor(t, fmt.Sprint("step ", i+1), st.done)
	}
	if leaks := h.logs.mentioning(user, "user"+user); len(leaks) > 0 {
		t.Errorf("logs name the user:\n  %s", strings.Join(leaks, "\n  "))
	}
}

// TestShutdownLetsRepliesInFlightFinish cancels Run while the engine is
// still answering a mention and an /ask: both replies go out, then Run
// returns nil.
func TestShutdownLetsRepliesInFlightFinish(t *testing.T) {
	t.Parallel()
	h := startBot(t, Config{})
	release := h.engine.hold(t, "held question")
	h.conn.dispatch(t, "MESSAGE_CREATE", messageCreate("501", "300", "100", "42", mention("held question"), false, fakeBotID))
	h.conn.dispatch(t, "INTERACTION_CREATE", slashAsk("600", "43", "held question"))
	waitFor(t, "the engine to be asked twice", func() bool { return len(h.engine.questions()) == 2 })
	if n := len(h.fake.restCalls()); n != 1 { // /ask registration only
		t.Fatalf("%d REST calls before the cancel, want 1", n)
	}
	h.cancel()
	waitFor(t, "Run to begin stopping", func() bool { _, why := h.bot.Ready(); return why == "shutting down" })
	release()
	if err := h.runError(t); err != nil {
		t.Fatalf("Run = %v, want nil", err)
	}
	// Run has returned: both replies must already have reached Discord.
	msgs := h.fake.callsTo("POST", "/channels/300/messages")
	if len(msgs) != 1 {
		t.Fatalf("mention answered %d times before Run returned, want once", len(msgs))
	}
	if d := onlyEmbed(t, decodeMessage(t, msgs[0])).Description; d != "The article was written by Mara Lindqvist." {
		t.Errorf("mention answered %q", d)
	}
	resps := h.fake.callsTo("POST", "/interactions/600/token-600/callback")
	if len(resps) != 1 {
		t.Fatalf("/ask answered %d times before Run returned, want once", len(resps))
	}
	if _, m := decodeResponse(t, resps[0]); onlyEmbed(t, m).Description != "The article was written by Mara Lindqvist." {
		t.Errorf("/ask answered %+v", m)
	}
	if n := h.logs.count("gave up waiting for replies in flight"); n != 0 {
		t.Errorf("Run gave up on replies %d times", n)
	}
}

// TestShutdownWaitIsBounded cancels Run while the engine is stuck: Run
// gives up on the reply after its handlerWait and returns nil, and the
// reply never goes out.
func TestShutdownWaitIsBounded(t *testing.T) {
	t.Parallel()
	h := startBot(t, Config{}, func(h *harness) { h.bot.handlerWait = 50 * time.Millisecond })
	h.engine.hold(t, "stuck question") // released when the test ends
	h.conn.dispatch(t, "MESSAGE_CREATE", messageCreate("501", "300", "100", "42", mention("stuck question"), false, fakeBotID))
	waitFor(t, "the engine to be asked", func() bool { return len(h.engine.questions()) == 1 })
	h.cancel()
	if err := h.runError(t); err != nil {
		t.Fatalf("Run = %v, want nil", err)
	}
	if n := h.logs.count("gave up waiting for replies in flight"); n != 1 {
		t.Errorf("logged giving up %d times, want once", n)
	}
	if n := len(h.fake.callsTo("POST", "/messages")); n != 0 {
		t.Errorf("%d replies sent while the engine was stuck", n)
	}
}

// replyTo is a message replying to the bot's message msgID, pinging the bot
// as Discord's replies do by default.
func replyTo(id, msgID, authorID, content string) map[string]any {
	m := messageCreate(id, "300", "100", authorID, content, false, fakeBotID)
	m["type"] = 19
	m["message_reference"] = map[string]any{"message_id": msgID, "channel_id": "300", "guild_id": "100"}
	m["referenced_message"] = map[string]any{"id": msgID, "channel_id": "300", "content": "",
		"timestamp": "2026-11-27T00:00:00.000000+00:00", "author": map[string]any{"id": fakeBotID, "bot": true}}
	return m
}

// TestRepliesContinueConversations runs the real engine behind the real
// discordgo session: a reply to the bot's answer is read in that answer's
// conversation, whoever replies; the same words not replying stand alone.
func TestRepliesContinueConversations(t *testing.T) {
	t.Parallel()
	eng := realEngine(t)
	h := startBotWith(t, setup{Engine: eng})
	h.conn.dispatch(t, "MESSAGE_CREATE", messageCreate("501", "300", "100", "42", mention("who is the EU's foreign policy chief?"), false, fakeBotID))
	first := decodeMessage(t, h.fake.waitCalls(t, "POST", "/channels/300/messages", 1)[0])
	if d := onlyEmbed(t, first).Description; !strings.Contains(d, "Borrell") {
		t.Fatalf("first question answered %q", d)
	}
	firstID := "800000000000000001" // the fake numbers the messages it stores
	// The bot links its message to the conversation once Discord has
	// answered the send; a person's reply cannot come sooner.
	waitFor(t, "the answer to be linked", func() bool { return h.logs.count("message answered", "message_id", "501") == 1 })
	h.conn.dispatch(t, "MESSAGE_CREATE", replyTo("502", firstID, "43", "and the commission president?"))
	second := decodeMessage(t, h.fake.waitCalls(t, "POST", "/channels/300/messages", 2)[1])
	if d := onlyEmbed(t, second).Description; !strings.Contains(d, "von der Leyen is the president") {
		t.Errorf("a reply to the bot's answer was not read in its conversation: %q", d)
	}
	h.conn.dispatch(t, "MESSAGE_CREATE", messageCreate("503", "300", "100", "44", mention("and the commission president?"), false, fakeBotID))
	third := decodeMessage(t, h.fake.waitCalls(t, "POST", "/channels/300/messages", 3)[2])
	if d := onlyEmbed(t, third).Description; d == onlyEmbed(t, second).Description {
		t.Errorf("a message replying to nothing was read in another user's conversation: %q", d)
	}
}

// TestStartRetriesUntilTheAPIIsReachable starts the bot while the API
// cannot be reached: Run keeps trying, pausing twice as long each time, and
// Ready and the log say why, naming the URL really tried. Once the API is
// up, the bot connects and answers.
func TestStartRetriesUntilTheAPIIsReachable(t *testing.T) {
	t.Parallel()
	h := startBotNoWait(t, Config{}, func(h *harness) {
		h.fake.setDown(true)
		h.bot.minBackoff = 10 * time.Millisecond
	})
	gateway := h.fake.apiURL() + "api/v9/gateway"
	var fails []map[string]string
	waitFor(t, "three failed attempts", func() bool {
		fails = h.logs.find("connecting to the gateway failed")
		return len(fails) >= 3
	})
	for i, want := range []string{"10ms", "20ms", "40ms"} {
		if got := fails[i]["retry_in"]; got != want {
			t.Errorf("attempt %d: retry_in %s, want %s", i+1, got, want)
		}
		if err := fails[i]["err"]; !strings.Contains(err, gateway) || strings.Contains(err, "discord.com") {
			t.Errorf("attempt %d: error %q does not name %s alone", i+1, err, gateway)
		}
	}
	if ok, why := h.bot.Ready(); ok || !strings.Contains(why, "cannot reach the gateway") || !strings.Contains(why, gateway) {
		t.Errorf("Ready = %v, %q; want why, naming %s", ok, why, gateway)
	}

	h.fake.setDown(false)
	h.conn = h.fake.waitConn(t, 1)
	h.fake.waitCalls(t, "PUT", "/commands", 1)
	waitFor(t, "Ready", h.ready)
	h.conn.dispatch(t, "MESSAGE_CREATE", messageCreate("501", "300", "100", "42", mention("who wrote this?"), false, fakeBotID))
	h.fake.waitCalls(t, "POST", "/channels/300/messages", 1)
	if n := h.bot.Reconnects(); n != 0 {
		t.Errorf("Reconnects = %d, want 0: connecting at start-up is no reconnect", n)
	}
}

// TestRefusedTokenStopsTheBot: when Discord refuses the token at start-up,
// trying again cannot help, so Run stops with an error that says what to fix.
func TestRefusedTokenStopsTheBot(t *testing.T) {
	t.Parallel()
	h := startBotNoWait(t, Config{}, func(h *harness) { h.fake.setToken("a-token-that-was-reset") })
	err := h.runError(t)
	if err == nil {
		t.Fatal("Run = nil, want an error")
	}
	if !errors.Is(err, ErrTokenRefused) {
		t.Errorf("Run = %v, want ErrTokenRefused", err)
	}
	msg := err.Error()
	for _, want := range []string{"token was refused", "401", h.fake.apiURL() + "api/v9/gateway"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not name %q", msg, want)
		}
	}
	if strings.HasPrefix(msg, "discord:") || strings.Contains(msg, fakeToken) {
		t.Errorf("error %q names the platform itself or holds the token", msg)
	}
	if n := h.logs.count("connecting to the gateway failed"); n != 0 || len(h.fake.connections()) != 0 {
		t.Errorf("%d retries and %d gateway connections, want none", n, len(h.fake.connections()))
	}
}

// TestDuplicateEventsAreAnsweredOnce delivers a mention, an /ask and a
// click twice each, as a resumed session or a compatible server may: each is
// answered once.
func TestDuplicateEventsAreAnsweredOnce(t *testing.T) {
	t.Parallel()
	h := startBot(t, Config{})
	for range 2 {
		h.conn.dispatch(t, "MESSAGE_CREATE", messageCreate("501", "300", "100", "42", mention("who wrote this?"), false, fakeBotID))
		h.conn.dispatch(t, "INTERACTION_CREATE", slashAsk("600", "43", "who wrote this?"))
		h.conn.dispatch(t, "INTERACTION_CREATE", buttonClick("601", "44", "ask:when was the vote?"))
	}
	waitFor(t, "each second delivery to be ignored", func() bool {
		return h.logs.count("message ignored", "message_id", "501", "reason", "delivered before") == 1 &&
			h.logs.count("interaction ignored", "interaction_id", "600", "reason", "delivered before") == 1 &&
			h.logs.count("interaction ignored", "interaction_id", "601", "reason", "delivered before") == 1
	})
	h.fake.waitCalls(t, "POST", "/channels/300/messages", 1)
	h.fake.waitCalls(t, "POST", "/interactions/600/", 1)
	h.fake.waitCalls(t, "POST", "/interactions/601/", 1)
	for _, path := range []string{"/channels/300/messages", "/interactions/600/", "/interactions/601/"} {
		if n := len(h.fake.callsTo("POST", path)); n != 1 {
			t.Errorf("%d replies to %s, want 1", n, path)
		}
	}
	if q := h.engine.questions(); len(q) != 3 {
		t.Errorf("engine asked %q, want three questions", q)
	}
}

// TestInviteURLWithoutAnIDInTheToken runs the bot with a token that does
// not start with the bot's id, as a compatible server's may not: the log
// says why no invite URL is known yet, then gives it once connected.
func TestInviteURLWithoutAnIDInTheToken(t *testing.T) {
	t.Parallel()
	const token = "spacebar-style-token"
	h := startBotNoWait(t, Config{Token: token}, func(h *harness) { h.fake.setToken(token) })
	h.fake.waitCalls(t, "PUT", "/commands", 1)
	if n := h.logs.count("the invite URL will be logged once connected: " +
		"the token does not start with the bot's id, as Discord's tokens do"); n != 1 {
		t.Errorf("explained the missing invite URL %d times, want once", n)
	}
	invites := h.logs.find(logInvite)
	if len(invites) != 1 || !strings.HasPrefix(invites[0]["url"], h.fake.apiURL()+"oauth2/authorize?") ||
		!strings.Contains(invites[0]["url"], "client_id="+fakeAppID) {
		t.Errorf("invite URLs logged: %v, want one for application %s", invites, fakeAppID)
	}
}

// TestCommandRegistrationErrors: the hint about the applications.commands
// scope comes only with a 403, and the error names the URL really used.
func TestCommandRegistrationErrors(t *testing.T) {
	t.Parallel()
	const (
		plain = "registering /ask failed"
		hint  = plain + "; was the bot invited with the applications.commands scope?"
	)
	tests := []struct {
		status   int
		body     string
		wantHint bool
	}{
		{403, `{"message": "Missing Access", "code": 50001}`, true},
		{400, `{"message": "Invalid Form Body", "code": 50035}`, false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.status), func(t *testing.T) {
			t.Parallel()
			h := startBotNoWait(t, Config{}, func(h *harness) { h.fake.failNext("PUT", "/commands", tt.status, tt.body) })
			var logged []map[string]string
			waitFor(t, "the failure to be logged", func() bool {
				logged = append(h.logs.find(plain), h.logs.find(hint)...)
				return len(logged) > 0
			})
			if got := h.logs.count(hint) == 1; got != tt.wantHint || len(logged) != 1 {
				t.Errorf("logged %v; want the scope hint: %v", logged, tt.wantHint)
			}
			want := h.fake.apiURL() + "api/v9/applications/" + fakeAppID + "/commands"
			if err := logged[0]["err"]; !strings.Contains(err, want) || strings.Contains(err, "discord.com") {
				t.Errorf("error %q does not name %s", err, want)
			}
		})
	}
}

// TestErrorsNameTheURLUsed: a failed reply's error names the URL it went
// to, with no interaction token in it.
func TestErrorsNameTheURLUsed(t *testing.T) {
	t.Parallel()
	h := startBot(t, Config{})
	h.fake.failNext("POST", "/channels/300/messages", 500, `{"message": "Internal Server Error", "code": 0}`)
	h.fake.failNext("POST", "/interactions/600/", 500, `{"message": "Internal Server Error", "code": 0}`)
	h.conn.dispatch(t, "MESSAGE_CREATE", messageCreate("501", "300", "100", "42", mention("who wrote this?"), false, fakeBotID))
	h.conn.dispatch(t, "INTERACTION_CREATE", slashAsk("600", "43", "who wrote this?"))
	var sent, responded []map[string]string
	waitFor(t, "both failures to be logged", func() bool {
		sent = h.logs.find("sending the reply failed", "message_id", "501")
		responded = h.logs.find("responding to the interaction failed", "interaction_id", "600")
		return len(sent) == 1 && len(responded) == 1
	})
	if err, want := sent[0]["err"], "POST "+h.fake.apiURL()+"api/v9/channels/300/messages: HTTP 500"; !strings.HasPrefix(err, want) {
		t.Errorf("error %q, want it to begin %q", err, want)
	}
	err, want := responded[0]["err"], "POST "+h.fake.apiURL()+"api/v9/interactions/600/<token>/callback: HTTP 500"
	if !strings.HasPrefix(err, want) || strings.Contains(err, "token-600") {
		t.Errorf("error %q, want it to begin %q and hold no token", err, want)
	}
}

// TestStopWhileUnreachable stops the bot while it is waiting to try the
// gateway again: Run returns nil at once.
func TestStopWhileUnreachable(t *testing.T) {
	t.Parallel()
	h := startBotNoWait(t, Config{}, func(h *harness) { h.fake.setDown(true) })
	waitFor(t, "a failed attempt", func() bool { return h.logs.count("connecting to the gateway failed") == 1 })
	h.cancel()
	if err := h.runError(t); err != nil {
		t.Errorf("Run = %v, want nil", err)
	}
}
