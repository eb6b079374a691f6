package slack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/articlebot/articlebot/internal/waitgroup"
)

// shutdownWait bounds each of the two waits of a Socket Mode shutdown: for
// the SDK's connection loop to notice cancellation, then for replies still
// being posted to response_url. Together they stay inside bot serve's five
// seconds.
const shutdownWait = 2 * time.Second

// acker is the one Socket Mode client method the event handling calls;
// tests can pass a fake.
type acker interface {
	AckCtx(ctx context.Context, envelopeID string, payload any) error
}

// RunSocketMode connects to Slack over Socket Mode with Config.AppToken and
// Config.BotToken and answers slash commands and button clicks until ctx is
// done, when it returns nil. It returns an error at once if the tokens are
// missing, and when Slack rejects them (invalid_auth, token_revoked, ...).
// Transient connection errors are retried by the SDK with backoff.
//
// Socket Mode envelopes carry no HTTP signature: the WebSocket itself is
// authenticated by the app-level token.
//
// Connected reports whether the connection is up while RunSocketMode runs.
func (a *Adapter) RunSocketMode(ctx context.Context) error {
	if !a.cfg.SocketMode() { // New checked the tokens it was given
		return fmt.Errorf("%w: Socket Mode needs a bot token and an app token", ErrConfig)
	}
	sdkLog := slogPrinter{a.log}
	opts := []slack.Option{slack.OptionAppLevelToken(a.cfg.AppToken), slack.OptionLog(sdkLog)}
	if a.cfg.APIURL != "" {
		opts = append(opts, slack.OptionAPIURL(a.cfg.APIURL))
	}
	client := socketmode.New(slack.New(a.cfg.BotToken, opts...), socketmode.OptionLog(sdkLog))

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer a.connected.Store(false)
	var posts sync.WaitGroup // replies posted to response_url
	defer a.waitPosts(&posts, shutdownWait)

	runErr := make(chan error, 1)
	go func() { runErr <- client.RunContext(ctx) }()

	for {
		select {
		case evt := <-client.Events:
			a.handleSocketEvent(ctx, evt, client, &posts)
		case err := <-runErr:
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("slack socket mode: %w", err)
		case <-ctx.Done():
			a.connected.Store(false)
			select {
			case <-runErr:
			case <-time.After(shutdownWait):
				a.log.Warn("slack: socket mode client did not stop in time")
			}
			return nil // the deferred waitPosts gives replies in flight as long again
		}
	}
}

// waitPosts waits for replies still being posted to response_url, at most
// limit, so a shutdown stays within bot serve's budget.
func (a *Adapter) waitPosts(posts *sync.WaitGroup, limit time.Duration) {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	if waitgroup.Wait(ctx, posts) != nil {
		a.log.Warn("slack: gave up waiting for replies still being posted")
	}
}

// Connected reports whether the Socket Mode connection is up now: Slack has
// said hello on the current WebSocket and it has not dropped since. It is
// false before RunSocketMode connects, while it reconnects and after it
// returns. HTTP mode has no connection; ask only when Socket Mode is used.
func (a *Adapter) Connected() bool { return a.connected.Load() }

// handleSocketEvent acts on one Socket Mode event. Slash commands are acked
// with the reply itself; button clicks are acked empty (Slack ignores ack
// payloads for block_actions) and answered through response_url, as over
// HTTP. Replies posted to response_url are tracked by posts. A question the
// rate limit ignores is acked empty. Connection events keep Connected current.
//
// A panic (in the engine, say) is recovered and logged, so it cannot take the
// process down, and an envelope not yet acked is acked: a slash command with
// an apology, anything else empty.
func (a *Adapter) handleSocketEvent(ctx context.Context, evt socketmode.Event, client acker, posts *sync.WaitGroup) {
	acked := false
	ack := func(payload any) {
		acked = true
		if err := client.AckCtx(ctx, evt.Request.EnvelopeID, payload); err != nil {
			a.log.Warn("slack: ack failed", "reason", err.Error())
		}
	}
	defer func() {
		p := recover()
		if p == nil {
			return
		}
		// The event's payload stays out of the log: it names the user.
		a.log.Error("slack: panic while handling a socket mode event", "event", string(evt.Type),
			"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		if evt.Request == nil || acked {
			return
		}
		var payload any // an untyped nil acks empty
		if evt.Type == socketmode.EventTypeSlashCommand {
			payload = plainReply(textTrouble)
		}
		ack(payload)
	}()

	switch evt.Type {
	case socketmode.EventTypeSlashCommand:
		cmd, ok := evt.Data.(slack.SlashCommand)
		if !ok || evt.Request == nil {
			return
		}
		msg := a.replyToCommand(command{
			name:      cmd.Command,
			text:      cmd.Text,
			teamID:    cmd.TeamID,
			userID:    cmd.UserID,
			channelID: cmd.ChannelID,
		})
		var payload any // an untyped nil acks empty
		if msg != nil {
			payload = fitAck(msg)
		}
		ack(payload)

	case socketmode.EventTypeInteractive:
		if evt.Request == nil {
			return
		}
		ack(nil)
		if cb, ok := evt.Data.(slack.InteractionCallback); ok {
			a.answerClick(ctx, &cb, posts)
		}

	case socketmode.EventTypeEventsAPI:
		// We subscribe to no events; acknowledge so Slack does not retry.
		if evt.Request != nil {
			ack(nil)
		}

	// The SDK sends Connecting before every dial, so after a drop; Connected
	// once the WebSocket is open; and Slack sends hello when it is ready to
	// deliver requests, which is when we count the connection as up.
	case socketmode.EventTypeConnecting:
		a.connected.Store(false)
		a.log.Debug("slack: socket mode", "event", string(evt.Type))
	case socketmode.EventTypeConnected:
		a.log.Info("slack: socket mode connected")
	case socketmode.EventTypeHello:
		a.connected.Store(true)
		a.log.Debug("slack: socket mode", "event", string(evt.Type))
	case socketmode.EventTypeDisconnect:
		a.connected.Store(false)
		a.log.Info("slack: socket mode disconnect requested; reconnecting")
	case socketmode.EventTypeInvalidAuth:
		a.connected.Store(false)
		a.log.Error("slack: socket mode authentication rejected")
	case socketmode.EventTypeConnectionError:
		a.connected.Store(false)
		a.log.Warn("slack: socket mode problem", "event", string(evt.Type), "reason", eventErr(evt.Data))
	case socketmode.EventTypeIncomingError,
		socketmode.EventTypeErrorBadMessage, socketmode.EventTypeErrorWriteFailed:
		a.log.Warn("slack: socket mode problem", "event", string(evt.Type), "reason", eventErr(evt.Data))
	}
}

// eventErr extracts the error text carried by an SDK error event.
func eventErr(data any) string {
	var err error
	switch d := data.(type) {
	case *slack.ConnectionErrorEvent:
		err = d.ErrorObj
	case *slack.IncomingEventError:
		err = d.ErrorObj
	case *socketmode.ErrorBadMessage:
		err = d.Cause
	case *socketmode.ErrorWriteFailed:
		err = d.Cause
	}
	if err == nil {
		return "unknown"
	}
	if errors.Is(err, context.Canceled) {
		return "canceled"
	}
	return err.Error()
}

// slogPrinter lets slack-go's logger interface write to our slog logger,
// at debug level: the SDK only logs there in debug mode or for oddities we
// already report from events.
type slogPrinter struct{ log *slog.Logger }

func (p slogPrinter) Output(_ int, s string) error {
	p.log.Debug("slack-go: " + strings.TrimSpace(s))
	return nil
}
