package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/articlebot/articlebot/internal/adapters/discord"
	"go.yaml.in/yaml/v3"
)

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// slackRequest signs a slash command exactly as Slack does, with the current time.
func slackRequest(t *testing.T, addr, secret, text string) *http.Request {
	return slackRequestFor(addr, secret, text)
}

// slackRequestFor signs a slash command from user U1.
func slackRequestFor(addr, secret, text string) *http.Request {
	return slackRequestFrom(addr, secret, "U1", text)
}

// slackRequestFrom signs a slash command from the given user.
func slackRequestFrom(addr, secret, user, text string) *http.Request {
	body := url.Values{"command": {"/nato"}, "text": {text}, "user_id": {user}, "channel_id": {"C1"}, "team_id": {"T1"}}.Encode()
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	io.WriteString(mac, "v0:"+ts+":"+body)
	req, _ := http.NewRequest("POST", "http://"+addr+"/slack/commands", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
	return req
}

// TestServeSlackOverHTTP runs `bot serve` with a signing secret, asks a
// signed slash command on loopback, then stops it as a signal would.
func TestServeSlackOverHTTP(t *testing.T) {
	addr := freeAddr(t)
	t.Setenv("SLACK_SIGNING_SECRET", "test-secret")
	t.Setenv("BOT_HTTP_ADDR", addr)
	t.Setenv("BOT_UNANSWERED_PATH", filepath.Join(t.TempDir(), "unanswered.jsonl"))
	ctx, cancel := context.WithCancel(context.Background())
	var logs bytes.Buffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve"}, strings.NewReader(""), io.Discard, &logs) }()

	var resp *http.Response
	for deadline := time.Now().Add(5 * time.Second); ; {
		r, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			r.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("server did not come up: %v\n%s", err, logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	resp, err := http.DefaultClient.Do(slackRequest(t, addr, "test-secret", "who's the nato boss? <!channel>"))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "Stoltenberg") {
		t.Fatalf("slash command: %d %s", resp.StatusCode, body)
	}
	var msg map[string]any
	if err := json.Unmarshal(body, &msg); err != nil || msg["response_type"] == "in_channel" {
		t.Errorf("reply %s: want an ephemeral JSON message", body)
	}
	if strings.Contains(string(body), "<!channel>") {
		t.Errorf("reply echoes a live mention: %s", body)
	}
	// A follow-up from the same user in the same channel continues the
	// conversation; from another user it stands alone.
	followUp := func(user string) string {
		resp, err := http.DefaultClient.Do(slackRequestFrom(addr, "test-secret", user, "and what did he say about Turkey?"))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	if got := followUp("U1"); !strings.Contains(got, "Stoltenberg") || !strings.Contains(got, "differences") {
		t.Errorf("the follow-up was not read in its conversation: %s", got)
	}
	if got := followUp("U2"); strings.Contains(got, "differences") {
		t.Errorf("another user's message was read in U1's conversation: %s", got)
	}
	bad, err := http.DefaultClient.Do(slackRequest(t, addr, "wrong-secret", "who wrote it"))
	if err != nil {
		t.Fatal(err)
	}
	bad.Body.Close()
	if bad.StatusCode != http.StatusUnauthorized {
		t.Errorf("wrongly signed request got %d, want 401", bad.StatusCode)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v\n%s", err, logs.String())
		}
	case <-time.After(shutdownTimeout + time.Second):
		t.Fatal("serve did not stop")
	}
	if strings.Contains(logs.String(), "test-secret") {
		t.Error("the signing secret reached the logs")
	}
}

func TestServeWithNothingConfigured(t *testing.T) {
	for _, v := range []string{"SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "DISCORD_BOT_TOKEN"} {
		t.Setenv(v, "")
	}
	_, errOut, err := runBot(t, "", "serve")
	if !errors.Is(err, errNothingConfigured) {
		t.Fatalf("serve with nothing configured: %v", err)
	}
	for _, v := range []string{"SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "DISCORD_BOT_TOKEN"} {
		if !strings.Contains(errOut, v) {
			t.Errorf("the message does not name %s: %s", v, errOut)
		}
	}
}

func TestConfigPrecedenceAndSecrets(t *testing.T) {
	dir := t.TempDir()
	file := dir + "/bot.yaml"
	if err := writeFile(file, "http:\n  addr: 127.0.0.1:9000\nslack:\n  command: /file\ndiscord:\n  rate_limit: 7\n"); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"BOT_SLACK_COMMAND": "/env", "DISCORD_BOT_TOKEN": "sekrit-token"}
	cfg, err := loadConfig("serve", []string{"--config", file, "--discord-rate-limit", "9"}, func(k string) (string, bool) { v, ok := env[k]; return v, ok }, "")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.HTTP.Addr != "127.0.0.1:9000" || cfg.Slack.Command != "/env" || cfg.Discord.Limit.Questions != 9 || cfg.Discord.Token != "sekrit-token" {
		t.Errorf("file < env < flags not honoured: %+v", cfg)
	}
	var out bytes.Buffer
	cfg.print(&out)
	if strings.Contains(out.String(), "sekrit") || !strings.Contains(out.String(), "(set, hidden)") {
		t.Errorf("bot config shows a secret:\n%s", out.String())
	}
	if err := writeFile(file, "slack:\n  comand: /typo\n"); err != nil {
		t.Fatal(err)
	}
	if _, err := loadConfig("serve", []string{"--config", file}, noEnv, ""); err == nil || !strings.Contains(err.Error(), "comand") {
		t.Errorf("a misspelt key was accepted: %v", err)
	}
	if _, err := loadConfig("serve", []string{"--discord-shard-id", "3"}, noEnv, ""); err == nil || !strings.Contains(err.Error(), "discord.shard_id") {
		t.Errorf("an invalid setting was not named: %v", err)
	}
}

func writeFile(path, text string) error { return os.WriteFile(path, []byte(text), 0o600) }

// TestExampleConfigDocumentsEverySetting: config/bot.example.yaml parses and
// names every setting, at its default.
func TestExampleConfigDocumentsEverySetting(t *testing.T) {
	cfg, err := loadConfig("serve", []string{"--config", "../../config/bot.example.yaml"}, noEnv, "")
	if err != nil {
		t.Fatal(err)
	}
	var got, want bytes.Buffer
	cfg.print(&got)
	defaultConfig().print(&want)
	if got.String() != want.String() {
		t.Errorf("the example's values differ from the defaults:\n%s\nwant:\n%s", got.String(), want.String())
	}
	text, _ := os.ReadFile("../../config/bot.example.yaml")
	def := defaultConfig()
	for _, s := range def.settings() {
		if !strings.Contains(string(text), s.env) {
			t.Errorf("config/bot.example.yaml does not mention %s (%s)", s.key, s.env)
		}
	}
}

func noEnv(string) (string, bool) { return "", false }

// TestEmptyEnvironmentClearsASetting: BOT_UNANSWERED_PATH= turns the
// unanswered log off even when the file sets it; the command line's --kb is
// the default knowledge directory.
func TestEmptyEnvironmentClearsASetting(t *testing.T) {
	file := filepath.Join(t.TempDir(), "bot.yaml")
	writeFile(file, "unanswered:\n  path: /var/log/x.jsonl\ndiscord:\n  prefix: \"!ask\"\n")
	env := map[string]string{"BOT_UNANSWERED_PATH": "", "BOT_DISCORD_PREFIX": ""}
	kb := copyKnowledge(t)
	cfg, err := loadConfig("serve", []string{"--config", file}, func(k string) (string, bool) { v, ok := env[k]; return v, ok }, kb)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Unanswered.Path != "" || cfg.Discord.Prefix != "" {
		t.Errorf("empty variables did not clear: path %q prefix %q", cfg.Unanswered.Path, cfg.Discord.Prefix)
	}
	if cfg.KB != kb {
		t.Errorf("kb = %q, want the command line's %s", cfg.KB, kb)
	}
}

// TestSlackManifestsUseTheConfiguredCommand: the Slack apps the manifests
// create have the slash command bot serve answers by default.
func TestSlackManifestsUseTheConfiguredCommand(t *testing.T) {
	for _, name := range []string{"slack-manifest.yaml", "slack-manifest-socket.yaml"} {
		data, err := os.ReadFile("../../config/" + name)
		if err != nil {
			t.Fatal(err)
		}
		var m struct {
			Features struct {
				SlashCommands []struct{ Command string } `yaml:"slash_commands"`
			}
		}
		if err := yaml.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		want := defaultConfig().Slack.Command
		if len(m.Features.SlashCommands) != 1 || m.Features.SlashCommands[0].Command != want {
			t.Errorf("%s: slash commands %+v, want %s", name, m.Features.SlashCommands, want)
		}
	}
}

// TestPlatformErrorNamesTheSecret: a refused Discord token says which
// environment variable holds it; the adapter does not know.
func TestPlatformErrorNamesTheSecret(t *testing.T) {
	err := platformError("discord", fmt.Errorf("x: %w", discord.ErrTokenRefused))
	if !errors.Is(err, discord.ErrTokenRefused) || err.Error() != "discord: x: the bot token was refused (check DISCORD_BOT_TOKEN)" {
		t.Errorf("platformError = %v", err)
	}
	if err := platformError("slack socket mode", errors.New("invalid_auth")); err.Error() != "slack socket mode: invalid_auth" {
		t.Errorf("platformError = %v", err)
	}
}

// TestPlatformsStopAndAreWaitedFor: the first session to stop on its own
// stops serve with its error; after that, shutdown waits for the rest until
// its deadline, and says so when one outlives it.
func TestPlatformsStopAndAreWaitedFor(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	p := &platforms{errs: make(chan error, 3)}
	p.start(ctx, "quitter", func(context.Context) error { return errors.New("gone") })
	p.start(ctx, "polite", func(ctx context.Context) error { <-ctx.Done(); return nil })
	stuck := make(chan struct{})
	defer close(stuck)
	p.start(ctx, "stuck", func(context.Context) error { <-stuck; return nil })
	if err := p.waitFirst(context.Background(), nil); err == nil || err.Error() != "quitter: gone" {
		t.Fatalf("waitFirst = %v, want quitter's error", err)
	}
	cancel()
	deadline, stop := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer stop()
	if err := p.wait(deadline); err == nil || !strings.Contains(err.Error(), "shutdown took longer") {
		t.Errorf("wait = %v, want the stuck session reported", err)
	}
}

// TestNewServerBuildsWhatIsConfigured: both platforms configured, newServer
// builds both adapters and their metrics, connects to nothing, and routes
// Slack and /healthz on the public address, /metrics and /readyz on the
// admin one; not ready until Discord connects.
func TestNewServerBuildsWhatIsConfigured(t *testing.T) {
	cfg := defaultConfig()
	cfg.HTTP.AdminAddr = "127.0.0.1:0"
	cfg.Unanswered.Path = ""
	cfg.Slack.SigningSecret, cfg.Discord.Token = "s", "a.b.c"
	s, err := newServer(cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	if s.slack == nil || s.discord == nil || s.ulog != nil {
		t.Fatalf("slack %v, discord %v, unanswered log %v", s.slack != nil, s.discord != nil, s.ulog != nil)
	}
	public, admin := s.muxes()
	get := func(mux *http.ServeMux, method, path string) int {
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, httptest.NewRequest(method, path, nil))
		return w.Code
	}
	for _, tc := range []struct {
		mux          *http.ServeMux
		method, path string
		want         int
	}{
		{public, "GET", "/healthz", 200}, {public, "POST", "/slack/commands", 415 /* the adapter: no form */}, {public, "GET", "/metrics", 404},
		{admin, "GET", "/healthz", 200}, {admin, "GET", "/metrics", 200}, {admin, "GET", "/readyz", 503},
		{admin, "POST", "/slack/commands", 404},
	} {
		if got := get(tc.mux, tc.method, tc.path); got != tc.want {
			t.Errorf("%s %s on the %s mux: %d, want %d", tc.method, tc.path, map[bool]string{true: "public", false: "admin"}[tc.mux == public], got, tc.want)
		}
	}
	if ok, why := s.ready(); ok || !strings.Contains(why, "discord: not started") {
		t.Errorf("ready = %v, %q", ok, why)
	}

	cfg.Unanswered.Path = filepath.Join(t.TempDir(), "no", "such", "dir", "u.jsonl")
	if _, err := newServer(cfg, slog.New(slog.DiscardHandler)); err == nil || !strings.Contains(err.Error(), "unanswered.path") {
		t.Errorf("newServer with an unanswered log it cannot open = %v", err)
	}
}
