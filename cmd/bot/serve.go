package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/articlebot/articlebot/internal/adapters/discord"
	"github.com/articlebot/articlebot/internal/adapters/slack"
	"github.com/articlebot/articlebot/internal/answers"
	"github.com/articlebot/articlebot/internal/unanswered"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// shutdownTimeout bounds the graceful stop; discordgo's Close alone takes a second.
const shutdownTimeout = 5 * time.Second

// reloadQuiet is how long the knowledge directory must stay still before a
// change is reloaded.
const reloadQuiet = 300 * time.Millisecond

// errNothingConfigured is returned by serve when no platform is configured.
var errNothingConfigured = errors.New("no platform configured: set SLACK_SIGNING_SECRET (Slack over HTTP), " +
	"SLACK_BOT_TOKEN and SLACK_APP_TOKEN (Slack Socket Mode), or DISCORD_BOT_TOKEN (Discord); " +
	"run \"bot\" without arguments for the local REPL")

func newLogger(cfg Config, w io.Writer) *slog.Logger {
	var lvl slog.Level
	lvl.UnmarshalText([]byte(cfg.Log.Level)) // validated already
	opts := &slog.HandlerOptions{Level: lvl}
	if cfg.Log.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// cmdConfig prints the effective configuration with secrets masked.
func cmdConfig(args []string, kbDir string, stdout io.Writer) error {
	cfg, err := loadConfig("config", args, os.LookupEnv, kbDir)
	if err != nil {
		return err
	}
	cfg.print(stdout)
	return nil
}

// server is `bot serve` once configured: what readiness reports on.
type server struct {
	cfg   Config
	svc   *service
	slack *slack.Adapter
	disc  *discord.Bot
}

// ready reports whether the knowledge base is loaded and every configured
// platform connected, and if not, what is missing.
func (s *server) ready() (bool, string) {
	var missing []string
	if s.svc.Engine() == nil {
		missing = append(missing, "knowledge base not loaded")
	}
	if s.cfg.slackSocket() && !s.slack.Connected() {
		missing = append(missing, "slack socket mode not connected")
	}
	if s.disc != nil {
		if ok, why := s.disc.Ready(); !ok {
			missing = append(missing, "discord: "+why)
		}
	}
	return len(missing) == 0, strings.Join(missing, "; ")
}

// cmdServe runs the configured platforms until ctx is done, then stops
// them in reverse order within shutdownTimeout.
func cmdServe(ctx context.Context, kbDir string, args []string, stderr io.Writer) error {
	// Take SIGHUP from the start: before its handler runs, a reload asked
	// for during start-up waits instead of killing the process.
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	cfg, err := loadConfig("serve", args, os.LookupEnv, kbDir)
	if err != nil {
		return err
	}
	if !cfg.slackHTTP() && !cfg.slackSocket() && !cfg.discordOn() {
		return errNothingConfigured
	}
	kb, err := knowledge(cfg.KB)
	if err != nil {
		return err
	}
	log := newLogger(cfg, stderr)
	m := newMetrics()
	svc, err := newService(kb, cfg.KB, log, m)
	if err != nil {
		return err
	}
	info := svc.Engine().Article()
	log.Info("knowledge base loaded", "title", info.Title, "facts", len(svc.Engine().Facts()), "version", svc.Version())

	if cfg.Unanswered.Path != "" {
		ul, err := unanswered.Open(cfg.Unanswered.Path, cfg.Unanswered.MaxBytes, cfg.Unanswered.Keep)
		if err != nil {
			return fmt.Errorf("unanswered.path: %w", err)
		}
		defer ul.Close()
		svc.record = func(platform, q string, a answers.Answer) {
			if err := ul.Write(unanswered.EntryFor(platform, q, a, time.Now())); err != nil {
				log.Warn("writing the unanswered log", "err", err)
			}
		}
	}

	srv := &server{cfg: cfg, svc: svc}
	eng := liveEngine{svc}
	observe := func(platform string) func(string, string, answers.Answer, time.Duration) {
		return func(user, q string, a answers.Answer, took time.Duration) { svc.observe(platform, user, q, a, took) }
	}
	limited := func(platform string) func(string) {
		return func(user string) { svc.limited(platform, user) }
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make(chan error, 4)
	running := 0
	start := func(name string, run func(context.Context) error) {
		running++
		go func() {
			err := run(ctx)
			if err != nil {
				err = fmt.Errorf("%s: %w", name, err)
			}
			errs <- err
		}()
	}

	// The public address serves Slack and /healthz; the admin address, if
	// set, serves readiness and metrics, which need not face the internet.
	healthz := func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "ok\n") }
	public := http.NewServeMux()
	public.HandleFunc("GET /healthz", healthz)
	admin := public
	if cfg.HTTP.AdminAddr != "" {
		admin = http.NewServeMux()
		admin.HandleFunc("GET /healthz", healthz)
	}
	admin.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		if ok, why := srv.ready(); !ok {
			http.Error(w, "not ready: "+why, http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintf(w, "ready: knowledge base %s\n", svc.Version())
	})
	admin.Handle("GET /metrics", promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{}))
	if cfg.slackHTTP() || cfg.slackSocket() {
		srv.slack, err = slack.New(slack.Config{
			Command: cfg.Slack.Command, ShareKeyword: cfg.Slack.ShareKeyword, InChannel: cfg.Slack.InChannel,
			SigningSecret: cfg.Slack.SigningSecret, BotToken: cfg.Slack.BotToken, AppToken: cfg.Slack.AppToken,
			RateLimit: cfg.Slack.RateLimit, RateWindow: cfg.Slack.RateWindow,
			ConversationIdle: cfg.Conversation.Idle, MaxConversations: cfg.Conversation.Max,
			Observe: observe("slack"), Limited: limited("slack"),
		}, eng, info, log.With("platform", "slack"))
		if err != nil {
			return err
		}
		sl := srv.slack
		m.platform("slack")
		m.counterFunc("articlebot_slack_signature_failures_total", "Slack requests rejected for a bad or stale signature.",
			func() float64 { return float64(sl.SignatureFailures()) })
		if cfg.slackHTTP() {
			public.Handle("/slack/", sl.Handler())
		}
		if cfg.slackSocket() {
			start("slack socket mode", sl.RunSocketMode)
		}
	}
	if cfg.discordOn() {
		srv.disc, err = discord.New(discord.Config{
			Token: cfg.Discord.Token, APIURL: cfg.Discord.APIURL, GuildID: cfg.Discord.GuildID,
			Ephemeral: cfg.Discord.Ephemeral, Prefix: cfg.Discord.Prefix,
			ShardID: cfg.Discord.ShardID, ShardCount: cfg.Discord.ShardCount,
			RateLimit: cfg.Discord.RateLimit, RateWindow: cfg.Discord.RateWindow,
			ConversationIdle: cfg.Conversation.Idle, MaxConversations: cfg.Conversation.Max,
			Observe: observe("discord"), Limited: limited("discord"),
		}, eng, info, log.With("platform", "discord"))
		if err != nil {
			return err
		}
		dc := srv.disc
		m.platform("discord")
		m.counterFunc("articlebot_discord_reconnects_total", "Discord gateway reconnections.",
			func() float64 { return float64(dc.Reconnects()) })
		start("discord", dc.Run)
	}

	// Reload the knowledge base on SIGHUP, and when its files change.
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				log.Info("SIGHUP: reloading the knowledge base")
				svc.Reload()
			}
		}
	}()
	if cfg.KB != "" && cfg.Reload.Watch {
		go func() {
			if err := svc.watch(ctx, reloadQuiet); err != nil {
				log.Warn("knowledge directory not watched; reload with SIGHUP", "err", err)
			}
		}()
	}

	ln, err := net.Listen("tcp", cfg.HTTP.Addr)
	if err != nil {
		return fmt.Errorf("listening on http.addr %s: %w", cfg.HTTP.Addr, err)
	}
	var adminLn net.Listener
	if cfg.HTTP.AdminAddr != "" {
		if adminLn, err = net.Listen("tcp", cfg.HTTP.AdminAddr); err != nil {
			ln.Close()
			return fmt.Errorf("listening on http.admin_addr %s: %w", cfg.HTTP.AdminAddr, err)
		}
	}
	servers := []*httpServer{serveHTTP("http", public, ln, log)}
	log.Info("serving", "addr", ln.Addr().String(), "slack_http", cfg.slackHTTP(), "slack_socket_mode", cfg.slackSocket(), "discord", cfg.discordOn())
	if adminLn != nil {
		servers = append(servers, serveHTTP("admin", admin, adminLn, log))
		log.Info("serving /metrics and /readyz apart", "admin_addr", adminLn.Addr().String())
	}

	// Wait for a signal, or for a platform or an HTTP server to stop on its own.
	down := make(chan struct{}, len(servers))
	for _, s := range servers {
		go func() {
			<-s.stopped
			down <- struct{}{}
		}()
	}
	var first error
	select {
	case <-ctx.Done():
	case first = <-errs:
		running--
	case <-down: // drain reports why
	}
	log.Info("shutting down")
	stopCtx, stop := context.WithTimeout(context.Background(), shutdownTimeout)
	defer stop()
	// Stop accepting and answer the requests in flight, then close the
	// platform sessions. drainGrace leaves the rest of shutdownTimeout to them.
	drained := make(chan error, len(servers))
	for _, s := range servers {
		go func() { drained <- s.drain(drainGrace) }()
	}
	for range servers {
		first = errors.Join(first, <-drained)
	}
	if srv.slack != nil {
		// replies to button clicks still being posted to Slack
		if err := srv.slack.Wait(stopCtx); err != nil {
			log.Warn("gave up waiting for Slack replies still being posted", "err", err)
		}
	}
	cancel()
	for ; running > 0; running-- {
		select {
		case err := <-errs:
			first = errors.Join(first, err)
		case <-stopCtx.Done():
			return errors.Join(first, fmt.Errorf("shutdown took longer than %v", shutdownTimeout))
		}
	}
	if first != nil {
		log.Error("stopped", "err", first)
		return first
	}
	log.Info("stopped")
	return nil
}
