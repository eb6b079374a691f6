package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/slack-go/slack"

	"github.com/articlebot/articlebot/internal/adapters/ask"
	"github.com/articlebot/articlebot/internal/answers"
	"github.com/articlebot/articlebot/internal/ratelimit"
	"github.com/articlebot/articlebot/internal/waitgroup"
)

// The paths Slack posts to. Handler routes on the full path, so cmd/bot can
// mount it as mux.Handle("/slack/", a.Handler()).
const (
	commandsPath    = "/slack/commands"
	interactivePath = "/slack/interactive"
	formContentType = "application/x-www-form-urlencoded"
)

// Replies that are not answers: the one reply a user gets per window when
// asking too fast, and the apology when answering failed.
const (
	textRateLimit = "You're asking faster than I can answer; please wait a few seconds."
	textTrouble   = "Sorry, something went wrong while answering. Please try again later."
)

// Handler serves Slack's HTTP calls: slash commands at POST /slack/commands
// and button clicks at POST /slack/interactive. Every request must carry a
// valid signature made with Config.SigningSecret.
func (a *Adapter) Handler() http.Handler {
	return http.HandlerFunc(a.route)
}

// route dispatches on the full path. A switch rather than a second
// ServeMux: cmd/bot's mux has already matched "/slack/".
func (a *Adapter) route(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case commandsPath:
		a.serveCommand(w, r)
	case interactivePath:
		a.serveInteractive(w, r)
	default:
		http.NotFound(w, r)
	}
}

// serveCommand answers a slash command inline: the engine answers in
// microseconds, well inside Slack's 3-second limit, so the reply is the HTTP
// response itself and response_url is not needed. A question the rate limit
// ignores gets an empty 200, which Slack shows as nothing.
func (a *Adapter) serveCommand(w http.ResponseWriter, r *http.Request) {
	form, ok := a.readSigned(w, r)
	if !ok {
		return
	}
	if form.Get("ssl_check") == "1" {
		// Slack probing the certificate; nothing to answer.
		w.WriteHeader(http.StatusOK)
		return
	}
	msg := a.replyToCommand(command{
		name:      form.Get("command"),
		text:      form.Get("text"),
		teamID:    form.Get("team_id"),
		userID:    form.Get("user_id"),
		channelID: form.Get("channel_id"),
	})
	if msg == nil {
		w.WriteHeader(http.StatusOK)
		return
	}
	writeJSON(w, msg)
}

// serveInteractive handles a click on one of our suggestion buttons. Slack
// ignores the HTTP response body for block_actions, so we acknowledge with an
// empty 200 at once and replace the original message through response_url.
// response_url comes from a request whose signature we just verified.
func (a *Adapter) serveInteractive(w http.ResponseWriter, r *http.Request) {
	form, ok := a.readSigned(w, r)
	if !ok {
		return
	}
	var cb slack.InteractionCallback
	if err := json.Unmarshal([]byte(form.Get("payload")), &cb); err != nil {
		a.log.Warn("slack: unreadable interaction payload", "reason", err.Error())
		http.Error(w, "bad payload", http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusOK)
	a.answerClick(r.Context(), &cb, &a.posts)
}

// answerClick answers a click in cb on one of our suggestion buttons
// through its response_url, whichever transport brought it. The post
// outlives ctx (an HTTP request's ends when the handler returns), bounded
// by the webhook client's timeout; posts tracks it, so a shutdown can let
// it finish.
func (a *Adapter) answerClick(ctx context.Context, cb *slack.InteractionCallback, posts *sync.WaitGroup) {
	c, ok := clickOf(cb)
	if !ok {
		return
	}
	msg := a.replyToClick(c)
	if msg == nil {
		return
	}
	posts.Go(func() { a.postResponse(context.WithoutCancel(ctx), c.responseURL, msg) })
}

// Wait waits until every reply to a button click that Handler is still
// posting to response_url has been posted (or has failed), or until ctx is
// done, when it returns ctx.Err(). Call it after the HTTP server has stopped
// handing requests to Handler, e.g. after http.Server.Shutdown: a click
// arriving during Wait may not be waited for.
func (a *Adapter) Wait(ctx context.Context) error {
	return waitgroup.Wait(ctx, &a.posts)
}

// readSigned accepts only a signed, form-encoded POST of at most
// maxBodyBytes and returns its form. Otherwise it writes the error status
// (405, 415, 413, 401 or 400) and returns false. The signature is checked on
// the raw bytes before anything parses them.
func (a *Adapter) readSigned(w http.ResponseWriter, r *http.Request) (url.Values, bool) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return nil, false
	}
	if !isForm(r.Header.Get("Content-Type")) {
		http.Error(w, "unsupported content type", http.StatusUnsupportedMediaType)
		return nil, false
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	if err != nil {
		if _, tooBig := errors.AsType[*http.MaxBytesError](err); tooBig {
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return nil, false
		}
		http.Error(w, "unreadable body", http.StatusBadRequest)
		return nil, false
	}
	if err := verify(a.cfg.SigningSecret, r.Header, body, a.cfg.Now()); err != nil {
		a.signatureFailures.Add(1)
		a.logRejection(r.URL.Path, err)
		http.Error(w, "invalid request signature", http.StatusUnauthorized)
		return nil, false
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		http.Error(w, "malformed form", http.StatusBadRequest)
		return nil, false
	}
	return form, true
}

// logRejection logs a rejected signature, at most once per
// rejectionLogEvery, with how many were rejected since the line before and
// the last one's path and reason: never the body, the headers' values or
// the secret.
func (a *Adapter) logRejection(path string, reason error) {
	a.unloggedRejects.Add(1)
	if !a.rejectionLog.AllowN(a.cfg.Now(), 1) {
		return
	}
	a.log.Warn("slack: rejected request signatures", "count", a.unloggedRejects.Swap(0),
		"path", path, "reason", reason.Error())
}

// isForm reports whether a Content-Type header names a urlencoded form,
// with or without parameters such as charset.
func isForm(contentType string) bool {
	mediaType, _, _ := strings.Cut(contentType, ";")
	return strings.EqualFold(strings.TrimSpace(mediaType), formContentType)
}

// command is a slash command reduced to what the adapter uses; both the HTTP
// form and the Socket Mode payload become one.
type command struct {
	name      string // "/ask"; empty when unknown
	text      string // everything after the command, as Slack sent it
	teamID    string
	userID    string
	channelID string
}

// replyToCommand answers one slash command, whichever transport brought it.
// It returns nil when the rate limit says to stay silent.
func (a *Adapter) replyToCommand(c command) *message {
	if c.name != "" && !strings.EqualFold(c.name, a.cfg.Command) {
		a.log.Warn("slack: unexpected command", "command", c.name)
		return plainReply("This app only answers " + a.cfg.Command + ".")
	}
	text := strings.TrimSpace(unescape(c.text))
	share := a.cfg.InChannel
	if first, rest, _ := strings.Cut(text, " "); a.cfg.ShareKeyword != "" && strings.EqualFold(first, a.cfg.ShareKeyword) {
		share, text = true, strings.TrimSpace(rest)
	}
	switch a.admit(c.teamID, c.userID) {
	case ratelimit.Refuse:
		return plainReply(textRateLimit)
	case ratelimit.Ignore:
		return nil
	}
	if text == "" || strings.EqualFold(text, "help") {
		return a.renderHelp(a.ask(c.teamID, c.channelID, c.userID, "help"))
	}
	ans := a.ask(c.teamID, c.channelID, c.userID, text)
	a.log.Debug("slack: answered", "status", ans.Status, "fact", ans.FactID, "shared", share,
		"channel", c.channelID)
	msg := a.render(text, ans)
	msg.ResponseType = slack.ResponseTypeEphemeral
	if share {
		msg.ResponseType = slack.ResponseTypeInChannel
	}
	return msg
}

// admit applies the per-user rate limit to one question from userID in
// teamID. The log lines name neither: the Asker logs a keyed hash of the
// user.
func (a *Adapter) admit(teamID, userID string) ratelimit.Decision {
	d := a.asker.Admit(workspaceUser(teamID, userID))
	switch d {
	case ratelimit.Refuse:
		a.log.Debug("slack: rate limited, telling the user once")
	case ratelimit.Ignore:
		a.log.Debug("slack: rate limited, ignoring")
	}
	return d
}

// workspaceUser names a user of one workspace: the rate limit's key.
func workspaceUser(teamID, userID string) string { return teamID + "/" + userID }

// ask puts question to the engine on behalf of userID of teamID, in the
// light of that user's conversation in channelID: slash commands have no
// threads.
func (a *Adapter) ask(teamID, channelID, userID, question string) answers.Answer {
	return a.asker.Ask(ask.Question{
		User:         workspaceUser(teamID, userID),
		Conversation: teamID + "/" + channelID + "/" + userID,
		Text:         question,
	})
}

// click is a click on one of our suggestion buttons, from either transport.
type click struct {
	question    string
	teamID      string
	channelID   string
	userID      string
	responseURL string
}

// clickOf returns the click on one of our suggestion buttons in a
// block_actions callback that has a response_url to answer through.
func clickOf(cb *slack.InteractionCallback) (click, bool) {
	question, ok := clickedQuestion(cb)
	if !ok || cb.ResponseURL == "" {
		return click{}, false
	}
	team := cb.Team.ID
	if team == "" {
		team = cb.User.TeamID
	}
	channel := cb.Channel.ID
	if channel == "" {
		channel = cb.Container.ChannelID
	}
	return click{question: question, teamID: team, channelID: channel, userID: cb.User.ID, responseURL: cb.ResponseURL}, true
}

// clickedQuestion returns the question behind the first of our suggestion
// buttons in a block_actions callback.
func clickedQuestion(cb *slack.InteractionCallback) (string, bool) {
	if cb.Type != slack.InteractionTypeBlockActions {
		return "", false
	}
	for _, act := range cb.ActionCallback.BlockActions {
		if act != nil && strings.HasPrefix(act.ActionID, actionPrefix) && strings.TrimSpace(act.Value) != "" {
			return strings.TrimSpace(act.Value), true
		}
	}
	return "", false
}

// replyToClick answers a clicked suggestion, replacing the message that
// offered it (keeping that message's ephemeral or in-channel visibility).
// Clicks count against the rate limit: the refusal is a new ephemeral
// message that leaves the buttons in place, and nil means post nothing.
func (a *Adapter) replyToClick(c click) *message {
	switch a.admit(c.teamID, c.userID) {
	case ratelimit.Refuse:
		return plainReply(textRateLimit)
	case ratelimit.Ignore:
		return nil
	}
	// a click continues the conversation that offered the suggestion
	ans := a.ask(c.teamID, c.channelID, c.userID, c.question)
	a.log.Debug("slack: answered suggestion", "status", ans.Status, "fact", ans.FactID)
	msg := a.render(c.question, ans)
	msg.ReplaceOriginal = true
	return msg
}

// postResponse posts msg to a response_url. Errors are logged without the
// URL, which is a bearer capability for the conversation.
func (a *Adapter) postResponse(ctx context.Context, responseURL string, msg *message) {
	ctx, cancel := context.WithTimeout(ctx, webhookTimeout)
	defer cancel()
	if err := slack.PostWebhookCustomHTTPContext(ctx, responseURL, a.webhook, webhookMessage(msg)); err != nil {
		if uerr, ok := errors.AsType[*url.Error](err); ok {
			err = uerr.Err
		}
		a.log.Warn("slack: posting to response_url failed", "reason", err.Error())
	}
}

// writeJSON writes msg as the JSON reply to a slash command.
func writeJSON(w http.ResponseWriter, msg *message) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // our text is Slack-escaped already; keep it readable
	if err := enc.Encode(msg); err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(buf.Bytes())
}
