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

	"github.com/articlebot/articlebot/internal/adapters/ask"
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
	if !cfg.slackOn() && !cfg.discordOn() {
		return errNothingConfigured
	}
	s, err := newServer(cfg, newLogger(cfg, stderr))
	if err != nil {
		return err
	}
	defer s.close()
	return s.serve(ctx, hup)
}

// server is `bot serve` once built: the knowledge base being served, the
// metrics, the unanswered log and an adapter for each platform configured.
type server struct {
	cfg     Config
	log     *slog.Logger
	svc     *service
	metrics *metrics
	ulog    *unanswered.Log  // nil when turned off
	slack   *slack.Adapter   // nil when Slack is not configured
	discord *discord.Adapter // nil when Discord is not configured
}

// newServer builds everything serve runs, and connects to nothing yet.
func newServer(cfg Config, log *slog.Logger) (*server, error) {
	kb, err := knowledge(cfg.KB)
	if err != nil {
		return nil, err
	}
	s := &server{cfg: cfg, log: log, metrics: newMetrics()}
	if s.svc, err = newService(kb, cfg.KB, log, s.metrics); err != nil {
		return nil, err
	}
	eng := s.svc.Engine()
	log.Info("knowledge base loaded", "title", eng.Article().Title, "facts", len(eng.Facts()), "version", eng.Version())
	if cfg.Unanswered.Path != "" {
		if s.ulog, err = unanswered.Open(cfg.Unanswered.Path, cfg.Unanswered.MaxBytes, cfg.Unanswered.Keep); err != nil {
			return nil, fmt.Errorf("unanswered.path: %w", err)
		}
	}
	if err := s.newAdapters(); err != nil {
		s.close()
		return nil, err
	}
	return s, nil
}

// newAdapters builds the adapter of each platform configured, each with
// its own flow of questions, and their metrics.
func (s *server) newAdapters() (err error) {
	if s.cfg.slackOn() {
		if s.slack, err = newAdapter(s, "slack", slack.New, s.cfg.Slack.Config, s.cfg.Slack.Limit); err != nil {
			return err
		}
		s.metrics.counterFunc("articlebot_slack_signature_failures_total", "Slack requests rejected for a bad or stale signature.",
			func() float64 { return float64(s.slack.SignatureFailures()) })
	}
	if s.cfg.discordOn() {
		if s.discord, err = newAdapter(s, "discord", discord.New, s.cfg.Discord.Config, s.cfg.Discord.Limit); err != nil {
			return err
		}
		s.metrics.counterFunc("articlebot_discord_reconnects_total", "Discord gateway reconnections.",
			func() float64 { return float64(s.discord.Reconnects()) })
	}
	return nil
}

// newAdapter builds a platform's adapter with newFunc, the adapter
// package's New, from its configuration, on a flow of questions of its own
// with limit: its rate limit, its conversations, its metrics, the log and
// the unanswered log.
func newAdapter[C any, A any](s *server, platform string, newFunc func(C, *ask.Asker, answers.ArticleInfo, *slog.Logger) (A, error),
	cfg C, limit ask.Limit) (A, error) {
	o := ask.Options{
		Platform: platform, Engine: liveEngine{s.svc}, Limit: limit, Conversations: s.cfg.Conversation,
		Observer: s.metrics.platform(platform), Log: s.log,
	}
	if s.ulog != nil {
		o.Unanswered = s.ulog
	}
	asker, err := ask.New(o)
	if err != nil {
		var none A
		return none, fmt.Errorf("%s: %w", platform, err)
	}
	return newFunc(cfg, asker, s.svc.Engine().Article(), s.log.With("platform", platform))
}

// close closes what newServer opened.
func (s *server) close() {
	if s.ulog != nil {
		s.ulog.Close()
	}
}

// ready reports whether the knowledge base is loaded and every configured
// platform connected, and if not, what is missing.
func (s *server) ready() (bool, string) {
	var missing []string
	if s.svc.Engine() == nil {
		missing = append(missing, "knowledge base not loaded")
	}
	if s.slack != nil && s.cfg.Slack.SocketMode() && !s.slack.Connected() {
		missing = append(missing, "slack socket mode not connected")
	}
	if s.discord != nil {
		if ok, why := s.discord.Ready(); !ok {
			missing = append(missing, "discord: "+why)
		}
	}
	return len(missing) == 0, strings.Join(missing, "; ")
}

// muxes route the public address (Slack over HTTP, /healthz) and the admin
// address (/readyz, /metrics, /healthz), which need not face the internet.
// Without an admin address, admin is public.
func (s *server) muxes() (public, admin *http.ServeMux) {
	healthz := func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "ok\n") }
	public = http.NewServeMux()
	public.HandleFunc("GET /healthz", healthz)
	admin = public
	if s.cfg.HTTP.AdminAddr != "" {
		admin = http.NewServeMux()
		admin.HandleFunc("GET /healthz", healthz)
	}
	admin.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		if ok, why := s.ready(); !ok {
			http.Error(w, "not ready: "+why, http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintf(w, "ready: knowledge base %s\n", s.svc.Version())
	})
	admin.Handle("GET /metrics", promhttp.HandlerFor(s.metrics.registry, promhttp.HandlerOpts{}))
	if s.slack != nil && s.cfg.Slack.HTTP() {
		public.Handle("/slack/", s.slack.Handler())
	}
	return public, admin
}

// serve runs the platforms, the reloads and the HTTP servers until ctx is
// done or one of them stops on its own, then shuts them down.
func (s *server) serve(ctx context.Context, hup <-chan os.Signal) error {
	ctx, stopPlatforms := context.WithCancel(ctx)
	defer stopPlatforms()
	running := s.startPlatforms(ctx)
	s.reloads(ctx, hup)
	servers, err := s.listen()
	if err != nil {
		return err
	}
	first := running.waitFirst(ctx, servers)
	return s.shutdown(first, stopPlatforms, running, servers)
}

// startPlatforms starts the platform sessions that run on their own:
// Slack's Socket Mode and Discord's gateway.
func (s *server) startPlatforms(ctx context.Context) *platforms {
	p := &platforms{errs: make(chan error, 2)}
	if s.slack != nil && s.cfg.Slack.SocketMode() {
		p.start(ctx, "slack socket mode", s.slack.RunSocketMode)
	}
	if s.discord != nil {
		p.start(ctx, "discord", s.discord.Run)
	}
	return p
}

// reloads reloads the knowledge base on SIGHUP and, with a knowledge
// directory and reload.watch, when its files change, until ctx is done.
func (s *server) reloads(ctx context.Context, hup <-chan os.Signal) {
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				s.log.Info("SIGHUP: reloading the knowledge base")
				s.svc.Reload()
			}
		}
	}()
	if s.cfg.KB != "" && s.cfg.Reload.Watch {
		go func() {
			if err := s.svc.watch(ctx, reloadQuiet); err != nil {
				s.log.Warn("knowledge directory not watched; reload with SIGHUP", "err", err)
			}
		}()
	}
}

// listen opens the public address and, when set, the admin address, and
// serves each.
func (s *server) listen() ([]*httpServer, error) {
	ln, err := net.Listen("tcp", s.cfg.HTTP.Addr)
	if err != nil {
		return nil, fmt.Errorf("listening on http.addr %s: %w", s.cfg.HTTP.Addr, err)
	}
	var adminLn net.Listener
	if s.cfg.HTTP.AdminAddr != "" {
		if adminLn, err = net.Listen("tcp", s.cfg.HTTP.AdminAddr); err != nil {
			ln.Close()
			return nil, fmt.Errorf("listening on http.admin_addr %s: %w", s.cfg.HTTP.AdminAddr, err)
		}
	}
	public, admin := s.muxes()
	servers := []*httpServer{serveHTTP("http", public, ln, s.log)}
	s.log.Info("serving", "addr", ln.Addr().String(), "slack_http", s.cfg.Slack.HTTP(),
		"slack_socket_mode", s.cfg.Slack.SocketMode(), "discord", s.cfg.discordOn())
	if adminLn != nil {
		servers = append(servers, serveHTTP("admin", admin, adminLn, s.log))
		s.log.Info("serving /metrics and /readyz apart", "admin_addr", adminLn.Addr().String())
	}
	return servers, nil
}

// shutdown stops the HTTP servers, answering the requests in flight, lets
// Slack's replies to button clicks still being posted go out, then closes
// the platform sessions: all within shutdownTimeout. first is what stopped
// serve, if anything did.
func (s *server) shutdown(first error, stopPlatforms context.CancelFunc, running *platforms, servers []*httpServer) error {
	s.log.Info("shutting down")
	stopCtx, stop := context.WithTimeout(context.Background(), shutdownTimeout)
	defer stop()
	// drainGrace leaves the rest of shutdownTimeout to the platforms.
	first = errors.Join(first, drainAll(servers, drainGrace))
	if s.slack != nil {
		if err := s.slack.Wait(stopCtx); err != nil {
			s.log.Warn("gave up waiting for Slack replies still being posted", "err", err)
		}
	}
	stopPlatforms()
	first = errors.Join(first, running.wait(stopCtx))
	if first != nil {
		s.log.Error("stopped", "err", first)
		return first
	}
	s.log.Info("stopped")
	return nil
}

// platforms are the platform sessions running, each in its goroutine.
type platforms struct {
	errs    chan error // each session's error when it returns, nil for none
	running int
}

// start runs a platform session until ctx is done.
func (p *platforms) start(ctx context.Context, name string, run func(context.Context) error) {
	p.running++
	go func() {
		err := run(ctx)
		if err != nil {
			err = platformError(name, err)
		}
		p.errs <- err
	}()
}

// platformError names the platform an error stopped, and the secret to
// check when the platform refused it.
func platformError(name string, err error) error {
	if errors.Is(err, discord.ErrTokenRefused) {
		return fmt.Errorf("%s: %w (check DISCORD_BOT_TOKEN)", name, err)
	}
	return fmt.Errorf("%s: %w", name, err)
}

// waitFirst waits for a signal (ctx done), a platform session to return or
// an HTTP server to stop on its own, and returns the session's error.
// A server that stopped reports why when it is drained.
func (p *platforms) waitFirst(ctx context.Context, servers []*httpServer) error {
	down := make(chan struct{}, len(servers))
	for _, h := range servers {
		go func() {
			<-h.stopped
			down <- struct{}{}
		}()
	}
	select {
	case <-ctx.Done():
	case err := <-p.errs:
		p.running--
		return err
	case <-down:
	}
	return nil
}

// wait waits for the sessions still running to return, until ctx is done.
func (p *platforms) wait(ctx context.Context) error {
	var errs error
	for ; p.running > 0; p.running-- {
		select {
		case err := <-p.errs:
			errs = errors.Join(errs, err)
		case <-ctx.Done():
			return errors.Join(errs, fmt.Errorf("shutdown took longer than %v", shutdownTimeout))
		}
	}
	return errs
}
