package discord

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/articlebot/articlebot/internal/adapters/ask"
	"github.com/articlebot/articlebot/internal/answers"
)

// recorder is a discordAPI that records what the handlers send.
type recorder struct {
	mu        sync.Mutex
	messages  []*discordgo.MessageSend
	responses []*discordgo.InteractionResponse
	edits     []*discordgo.WebhookEdit
}

func (r *recorder) ChannelMessageSendComplex(_ string, m *discordgo.MessageSend, _ ...discordgo.RequestOption) (*discordgo.Message, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.messages = append(r.messages, m)
	return &discordgo.Message{}, nil
}

func (r *recorder) InteractionRespond(_ *discordgo.Interaction, resp *discordgo.InteractionResponse, _ ...discordgo.RequestOption) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.responses = append(r.responses, resp)
	return nil
}

func (r *recorder) InteractionResponseEdit(_ *discordgo.Interaction, e *discordgo.WebhookEdit, _ ...discordgo.RequestOption) (*discordgo.Message, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.edits = append(r.edits, e)
	return &discordgo.Message{}, nil
}

func (r *recorder) ApplicationCommandBulkOverwrite(string, string, []*discordgo.ApplicationCommand, ...discordgo.RequestOption) ([]*discordgo.ApplicationCommand, error) {
	return nil, nil
}

// newTestBot returns an Adapter whose clock the test moves.
// newTestBot is a bot with fakeToken and the fixture engine unless s says
// otherwise, whose rate limit's clock stands still until the test moves it.
func newTestBot(t *testing.T, s setup) (*Adapter, *time.Time, *logRecorder) {
	t.Helper()
	s.Token = fakeToken
	if s.Engine == nil {
		s.Engine = newFixture()
	}
	now := time.Date(2026, 3, 24, 12, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }
	logs := &logRecorder{}
	b, err := newBot(s, slog.New(logs))
	if err != nil {
		t.Fatal(err)
	}
	return b, &now, logs
}

var testSelf = identity{userID: fakeBotID, appID: fakeAppID}

func mentionFrom(user, id string) *discordgo.Message {
	return &discordgo.Message{
		ID: id, ChannelID: "300", GuildID: "100", Content: mention("who wrote this?"),
		Author: &discordgo.User{ID: user}, Mentions: []*discordgo.User{{ID: fakeBotID}},
	}
}

func TestMessageRateLimitWindow(t *testing.T) {
	b, now, _ := newTestBot(t, setup{Limit: ask.Limit{Questions: 2, Window: 30 * time.Second}})
	api := &recorder{}
	kinds := func() []string {
		var out []string
		for _, m := range api.messages {
			switch {
			case m.Content == textRateLimit:
				out = append(out, "notice")
			case len(m.Embeds) == 1:
				out = append(out, "answer")
			default:
				out = append(out, "?")
			}
		}
		return out
	}
	n := 0
	step := func(advance time.Duration, want ...string) {
		t.Helper()
		*now = now.Add(advance)
		api.messages = nil
		n++
		b.handleMessage(context.Background(), api, testSelf, mentionFrom("42", fmt.Sprint("m", n)))
		if got := kinds(); len(got) != len(want) || (len(got) == 1 && got[0] != want[0]) {
			t.Fatalf("after +%v: sent %v, want %v", advance, got, want)
		}
	}
	step(0, "answer")
	step(0, "answer")
	step(time.Second, "notice")
	step(time.Second /* ignored */)
	step(10 * time.Second /* still inside the window */)
	step(5*time.Second, "answer") // one question back after 30s/2
	step(0, "notice")
	step(30*time.Second, "answer")
}

func TestInteractionRateLimit(t *testing.T) {
	rec := &hookRecorder{}
	b, _, _ := newTestBot(t, setup{Limit: ask.Limit{Questions: 1, Window: time.Minute}, Observer: rec})
	api := &recorder{}
	slash := func(id string) *discordgo.Interaction {
		return &discordgo.Interaction{
			ID: id, Type: discordgo.InteractionApplicationCommand, User: &discordgo.User{ID: "42"},
			Data: discordgo.ApplicationCommandInteractionData{Name: "ask", Options: []*discordgo.ApplicationCommandInteractionDataOption{
				{Name: "question", Type: discordgo.ApplicationCommandOptionString, Value: "who wrote this?"},
			}},
		}
	}
	click := &discordgo.Interaction{
		ID: "4", Type: discordgo.InteractionMessageComponent, Member: &discordgo.Member{User: &discordgo.User{ID: "42"}},
		Data: discordgo.MessageComponentInteractionData{CustomID: "ask:when was the vote?"},
	}
	for _, i := range []*discordgo.Interaction{slash("1"), slash("2"), slash("3"), click} {
		b.handleInteraction(context.Background(), api, i)
	}
	r := api.responses
	if len(r) != 3 {
		t.Fatalf("%d responses, want 3 (answer, notice, silent ack; the third /ask gets none)", len(r))
	}
	if r[0].Type != discordgo.InteractionResponseChannelMessageWithSource || len(r[0].Data.Embeds) != 1 {
		t.Errorf("first /ask not answered: %+v", r[0])
	}
	if r[1].Data.Content != textRateLimit || r[1].Data.Flags != discordgo.MessageFlagsEphemeral {
		t.Errorf("second /ask not told politely and privately: %+v", r[1].Data)
	}
	if r[2].Type != discordgo.InteractionResponseDeferredMessageUpdate || r[2].Data != nil {
		t.Errorf("rate-limited click not acknowledged silently: %+v", r[2])
	}
	if got := rec.refusals(); len(got) != 3 || got[0] != "42" || got[1] != "42" || got[2] != "42" {
		t.Errorf("Limited called for %q, want 42 three times (notice, ignored /ask, ignored click)", got)
	}
	if o := rec.observations(); len(o) != 1 || o[0].user != "42" || o[0].question != "who wrote this?" {
		t.Errorf("observations = %+v, want only the first /ask", o)
	}
}

func TestEngineArgsAndHelp(t *testing.T) {
	eng := newFixture()
	b, _, _ := newTestBot(t, setup{Engine: eng})
	api := &recorder{}
	m := mentionFrom("42", "m1")
	m.Content = "<@" + fakeBotID + ">"
	b.handleMessage(context.Background(), api, testSelf, m)
	if q := eng.questions(); len(q) != 1 || q[0] != "help" {
		t.Errorf("a bare mention asked %q, want help", q)
	}
	if len(api.messages) != 1 || len(api.messages[0].Components) != 1 {
		t.Errorf("help reply = %+v, want example question buttons", api.messages)
	}
}

type panicky struct{}

func (panicky) Follow(answers.Context, string) (answers.Answer, answers.Context) { panic("engine bug") }

func TestPanicInEngineIsContained(t *testing.T) {
	b, _, logs := newTestBot(t, setup{Engine: panicky{}})
	api := &recorder{}
	b.handleMessage(context.Background(), api, testSelf, mentionFrom("42", "m1"))
	b.handleInteraction(context.Background(), api, &discordgo.Interaction{
		ID: "1", Type: discordgo.InteractionMessageComponent, User: &discordgo.User{ID: "43"},
		Data: discordgo.MessageComponentInteractionData{CustomID: "ask:who wrote this?"},
	})
	if n := logs.count("engine panicked"); n != 2 {
		t.Errorf("%d panics logged, want 2", n)
	}
	if len(api.messages) != 1 || api.messages[0].Content != textTrouble {
		t.Errorf("message reply = %+v, want the apology", api.messages)
	}
	if len(api.responses) != 1 || api.responses[0].Data.Content != textTrouble {
		t.Errorf("interaction reply = %+v, want the apology", api.responses)
	}
}
