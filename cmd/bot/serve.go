package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/articlebot/articlebot/internal/adapters/discord"
	"github.com/articlebot/articlebot/internal/adapters/slack"
)

// shutdownTimeout bounds the graceful stop; discordgo's Close alone takes a second.
const shutdownTimeout = 5 * time.Second

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
func cmdConfig(args []string, stdout io.Writer) error {
	cfg, err := loadConfig(args, os.Getenv)
	if err != nil {
		return err
	}
	cfg.print(stdout)
	return nil
}

// cmdServe runs the configured platforms until ctx is done, then stops
// them in reverse order within shutdownTimeout.
func cmdServe(ctx context.Context, kb fs.FS, args []string, stderr io.Writer) error {
	cfg, err := loadConfig(args, os.Getenv)
	if err != nil {
		return err
	}
	if !cfg.slackHTTP() && !cfg.slackSocket() && !cfg.discordOn() {
		return errNothingConfigured
	}
	if cfg.KB != "" {
		kb = knowledge(cfg.KB)
	}
	log := newLogger(cfg, stderr)
	eng, err := loadEngine(kb)
	if err != nil {
		return err
	}
	info := eng.Article()
	log.Info("knowledge base loaded", "title", info.Title, "facts", len(eng.Facts()))

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make(chan error, 3)
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

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "ok\n") })
	var sl *slack.Adapter
	if cfg.slackHTTP() || cfg.slackSocket() {
		sl, err = slack.New(slack.Config{
			Command: cfg.Slack.Command, ShareKeyword: cfg.Slack.ShareKeyword, InChannel: cfg.Slack.InChannel,
			SigningSecret: cfg.Slack.SigningSecret, BotToken: cfg.Slack.BotToken, AppToken: cfg.Slack.AppToken,
		}, eng, info, log.With("platform", "slack"))
		if err != nil {
			return err
		}
		if cfg.slackHTTP() {
			mux.Handle("/slack/", sl.Handler())
		}
		if cfg.slackSocket() {
			start("slack socket mode", sl.RunSocketMode)
		}
	}
	if cfg.discordOn() {
		dc, err := discord.New(discord.Config{
			Token: cfg.Discord.Token, APIURL: cfg.Discord.APIURL, GuildID: cfg.Discord.GuildID,
			Ephemeral: cfg.Discord.Ephemeral, Prefix: cfg.Discord.Prefix,
			ShardID: cfg.Discord.ShardID, ShardCount: cfg.Discord.ShardCount,
			RateLimit: cfg.Discord.RateLimit, RateWindow: cfg.Discord.RateWindow,
		}, eng, info, log.With("platform", "discord"))
		if err != nil {
			return err
		}
		log.Info("invite the Discord bot with this URL", "url", dc.InviteURL())
		start("discord", dc.Run)
	}

	srv := &http.Server{
		Addr: cfg.HTTP.Addr, Handler: mux,
		ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second,
		WriteTimeout: 10 * time.Second, IdleTimeout: 60 * time.Second, MaxHeaderBytes: 16 << 10,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", cfg.HTTP.Addr)
	if err != nil {
		return fmt.Errorf("listening on http.addr %s: %w", cfg.HTTP.Addr, err)
	}
	log.Info("serving", "addr", ln.Addr().String(), "slack_http", cfg.slackHTTP(), "slack_socket_mode", cfg.slackSocket(), "discord", cfg.discordOn())
	start("http", func(ctx context.Context) error {
		err := srv.Serve(ln)
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	})

	// Wait for a signal or for a platform to stop on its own (a fatal error).
	var first error
	select {
	case <-ctx.Done():
	case first = <-errs:
		running--
	}
	log.Info("shutting down")
	cancel()
	stopCtx, stop := context.WithTimeout(context.Background(), shutdownTimeout)
	defer stop()
	if err := srv.Shutdown(stopCtx); err != nil {
		log.Warn("http shutdown", "err", err)
	}
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
	}
	return first
}
