package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Config is the bot's configuration: defaults, then the config file, then
// the environment, then flags. Secrets come only from the environment and
// are never printed.
type Config struct {
	// KB is a knowledge directory (knowledge.yaml and the article); empty
	// means the embedded one.
	KB   string `yaml:"kb"`
	HTTP struct {
		// Addr is where Slack's HTTP calls and health checks are served.
		Addr string `yaml:"addr"`
	} `yaml:"http"`
	Log struct {
		Level  string `yaml:"level"`  // debug, info, warn, error
		Format string `yaml:"format"` // text or json
	} `yaml:"log"`
	Unanswered struct {
		// Path is the unanswered log (JSON Lines); empty turns it off.
		Path     string `yaml:"path"`
		MaxBytes int64  `yaml:"max_bytes"` // rotate past this size
		Keep     int    `yaml:"keep"`      // rotated files kept
	} `yaml:"unanswered"`
	Conversation struct {
		// Idle ends a conversation after this long without a message; Max
		// bounds how many are kept per chat platform.
		Idle time.Duration `yaml:"idle"`
		Max  int           `yaml:"max"`
	} `yaml:"conversation"`
	Reload struct {
		// Watch reloads the knowledge base when its files change (with kb set).
		Watch bool `yaml:"watch"`
	} `yaml:"reload"`
	Slack struct {
		Command      string        `yaml:"command"`
		ShareKeyword string        `yaml:"share_keyword"`
		InChannel    bool          `yaml:"in_channel"`
		RateLimit    int           `yaml:"rate_limit"`
		RateWindow   time.Duration `yaml:"rate_window"`

		SigningSecret string `yaml:"-"` // SLACK_SIGNING_SECRET
		BotToken      string `yaml:"-"` // SLACK_BOT_TOKEN
		AppToken      string `yaml:"-"` // SLACK_APP_TOKEN
	} `yaml:"slack"`
	Discord struct {
		APIURL     string        `yaml:"api_url"`
		GuildID    string        `yaml:"guild_id"`
		Ephemeral  bool          `yaml:"ephemeral"`
		Prefix     string        `yaml:"prefix"`
		ShardID    int           `yaml:"shard_id"`
		ShardCount int           `yaml:"shard_count"`
		RateLimit  int           `yaml:"rate_limit"`
		RateWindow time.Duration `yaml:"rate_window"`

		Token string `yaml:"-"` // DISCORD_BOT_TOKEN
	} `yaml:"discord"`
}

// defaultConfig is the configuration with nothing set.
func defaultConfig() Config {
	var c Config
	c.HTTP.Addr = ":8080"
	c.Log.Level, c.Log.Format = "info", "text"
	c.Unanswered.Path, c.Unanswered.MaxBytes, c.Unanswered.Keep = "unanswered.jsonl", 10<<20, 3
	c.Reload.Watch = true
	c.Conversation.Idle, c.Conversation.Max = 10*time.Minute, 100_000
	c.Slack.Command, c.Slack.ShareKeyword = "/nato", "share"
	c.Slack.RateLimit, c.Slack.RateWindow = 5, 30*time.Second
	c.Discord.APIURL = "https://discord.com/"
	c.Discord.ShardCount = 1
	c.Discord.RateLimit, c.Discord.RateWindow = 5, 30*time.Second
	return c
}

// setting is one configuration key, settable from the environment and a flag.
type setting struct {
	key, env, help string
	str            *string
	boolean        *bool
	integer        *int
	integer64      *int64
	duration       *time.Duration
	secret         bool // environment only, never printed
}

func (c *Config) settings() []setting {
	return []setting{
		{key: "kb", env: "BOT_KB", help: "knowledge directory (default: the embedded article)", str: &c.KB},
		{key: "http.addr", env: "BOT_HTTP_ADDR", help: "address for Slack's HTTP calls and health checks", str: &c.HTTP.Addr},
		{key: "log.level", env: "BOT_LOG_LEVEL", help: "debug, info, warn or error", str: &c.Log.Level},
		{key: "log.format", env: "BOT_LOG_FORMAT", help: "text or json", str: &c.Log.Format},
		{key: "unanswered.path", env: "BOT_UNANSWERED_PATH", help: "unanswered log (JSON Lines); empty turns it off", str: &c.Unanswered.Path},
		{key: "unanswered.max_bytes", env: "BOT_UNANSWERED_MAX_BYTES", help: "rotate the unanswered log past this size", integer64: &c.Unanswered.MaxBytes},
		{key: "unanswered.keep", env: "BOT_UNANSWERED_KEEP", help: "rotated unanswered logs kept", integer: &c.Unanswered.Keep},
		{key: "conversation.idle", env: "BOT_CONVERSATION_IDLE", help: "a conversation ends after this long without a message, e.g. 10m", duration: &c.Conversation.Idle},
		{key: "conversation.max", env: "BOT_CONVERSATION_MAX", help: "most conversations kept per chat platform, least recently used out first", integer: &c.Conversation.Max},
		{key: "reload.watch", env: "BOT_RELOAD_WATCH", help: "reload the knowledge base when its files change", boolean: &c.Reload.Watch},
		{key: "slack.command", env: "BOT_SLACK_COMMAND", help: "the slash command", str: &c.Slack.Command},
		{key: "slack.share_keyword", env: "BOT_SLACK_SHARE_KEYWORD", help: "first word that posts an answer to the channel", str: &c.Slack.ShareKeyword},
		{key: "slack.in_channel", env: "BOT_SLACK_IN_CHANNEL", help: "post every answer to the channel, not only to the asker", boolean: &c.Slack.InChannel},
		{key: "slack.rate_limit", env: "BOT_SLACK_RATE_LIMIT", help: "questions per user per window", integer: &c.Slack.RateLimit},
		{key: "slack.rate_window", env: "BOT_SLACK_RATE_WINDOW", help: "the rate-limit window, e.g. 30s", duration: &c.Slack.RateWindow},
		{key: "slack.signing_secret", env: "SLACK_SIGNING_SECRET", secret: true, str: &c.Slack.SigningSecret},
		{key: "slack.bot_token", env: "SLACK_BOT_TOKEN", secret: true, str: &c.Slack.BotToken},
		{key: "slack.app_token", env: "SLACK_APP_TOKEN", secret: true, str: &c.Slack.AppToken},
		{key: "discord.api_url", env: "BOT_DISCORD_API_URL", help: "Discord API base URL", str: &c.Discord.APIURL},
		{key: "discord.guild_id", env: "BOT_DISCORD_GUILD_ID", help: "register /ask in this guild only (instant updates)", str: &c.Discord.GuildID},
		{key: "discord.ephemeral", env: "BOT_DISCORD_EPHEMERAL", help: "/ask replies visible only to the asker", boolean: &c.Discord.Ephemeral},
		{key: "discord.prefix", env: "BOT_DISCORD_PREFIX", help: "also answer messages starting with this prefix (needs the Message Content intent)", str: &c.Discord.Prefix},
		{key: "discord.shard_id", env: "BOT_DISCORD_SHARD_ID", help: "this process's shard", integer: &c.Discord.ShardID},
		{key: "discord.shard_count", env: "BOT_DISCORD_SHARD_COUNT", help: "number of shards", integer: &c.Discord.ShardCount},
		{key: "discord.rate_limit", env: "BOT_DISCORD_RATE_LIMIT", help: "questions per user per window", integer: &c.Discord.RateLimit},
		{key: "discord.rate_window", env: "BOT_DISCORD_RATE_WINDOW", help: "the rate-limit window, e.g. 30s", duration: &c.Discord.RateWindow},
		{key: "discord.token", env: "DISCORD_BOT_TOKEN", secret: true, str: &c.Discord.Token},
	}
}

// flagName is the command-line flag of a setting: "http.addr" is --http-addr.
func flagName(key string) string {
	return strings.NewReplacer(".", "-", "_", "-").Replace(key)
}

// set parses text into the setting's variable.
func (s setting) set(text string) error {
	var err error
	switch {
	case s.str != nil:
		*s.str = text
	case s.boolean != nil:
		*s.boolean, err = strconv.ParseBool(text)
	case s.integer != nil:
		*s.integer, err = strconv.Atoi(text)
	case s.integer64 != nil:
		*s.integer64, err = strconv.ParseInt(text, 10, 64)
	case s.duration != nil:
		*s.duration, err = time.ParseDuration(text)
	}
	return err
}

// lookupEnv reads one environment variable; ok is false when it is unset.
type lookupEnv func(name string) (value string, ok bool)

// loadConfig builds the configuration for serve: defaults (kbDir, from the
// command line's --kb, is the default knowledge directory), the file named
// by --config, the environment (lookup), then the flags in args. A variable
// set to the empty string clears a setting: BOT_UNANSWERED_PATH= turns the
// unanswered log off.
func loadConfig(args []string, lookup lookupEnv, kbDir string) (Config, error) {
	c := defaultConfig()
	c.KB = kbDir
	getenv := func(name string) string { v, _ := lookup(name); return v }
	fl := flag.NewFlagSet("serve", flag.ContinueOnError)
	fl.SetOutput(new(bytes.Buffer))
	file := fl.String("config", getenv("BOT_CONFIG"), "configuration file (YAML; see config/bot.example.yaml)")
	flagged := map[string]*string{}
	for _, s := range c.settings() {
		if !s.secret {
			flagged[s.key] = fl.String(flagName(s.key), "", s.help)
		}
	}
	if err := fl.Parse(args); err != nil {
		return c, fmt.Errorf("%w: %v", errUsage, err)
	}
	if fl.NArg() > 0 {
		return c, fmt.Errorf("%w: unexpected argument %q", errUsage, fl.Arg(0))
	}
	if *file != "" {
		data, err := os.ReadFile(*file)
		if err != nil {
			return c, fmt.Errorf("reading the configuration: %w", err)
		}
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) { // an empty file is fine
			return c, fmt.Errorf("configuration file %s: %v", *file, err)
		}
	}
	set := map[string]bool{}
	fl.Visit(func(f *flag.Flag) { set[f.Name] = true })
	for _, s := range c.settings() {
		if v, ok := lookup(s.env); ok && (v != "" || s.str != nil) {
			if err := s.set(v); err != nil {
				return c, fmt.Errorf("environment %s (%s): %v", s.env, s.key, err)
			}
		}
		name := flagName(s.key)
		if p, ok := flagged[s.key]; ok && set[name] {
			if err := s.set(*p); err != nil {
				return c, fmt.Errorf("flag --%s: %v", name, err)
			}
		}
	}
	return c, c.Validate()
}

// Validate reports every invalid setting, naming it and what is wrong.
func (c Config) Validate() error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: "+format, append([]any{key}, args...)...))
	}
	if _, _, err := net.SplitHostPort(c.HTTP.Addr); err != nil {
		bad("http.addr", "%q is not host:port (%v)", c.HTTP.Addr, err)
	}
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(c.Log.Level)); err != nil {
		bad("log.level", "%q is not debug, info, warn or error", c.Log.Level)
	}
	if c.Log.Format != "text" && c.Log.Format != "json" {
		bad("log.format", "%q is not text or json", c.Log.Format)
	}
	if !strings.HasPrefix(c.Slack.Command, "/") || strings.ContainsAny(c.Slack.Command, " \t") {
		bad("slack.command", "%q must be a slash and one word, e.g. /nato", c.Slack.Command)
	}
	if c.Slack.BotToken != "" && c.Slack.AppToken == "" || c.Slack.BotToken == "" && c.Slack.AppToken != "" {
		bad("slack", "Socket Mode needs both SLACK_BOT_TOKEN and SLACK_APP_TOKEN")
	}
	if c.Unanswered.Path != "" && c.Unanswered.MaxBytes < 1024 {
		bad("unanswered.max_bytes", "%d is too small (at least 1024)", c.Unanswered.MaxBytes)
	}
	if c.Unanswered.Keep < 0 {
		bad("unanswered.keep", "%d must not be negative", c.Unanswered.Keep)
	}
	if c.Slack.RateLimit < 1 {
		bad("slack.rate_limit", "%d must be at least 1", c.Slack.RateLimit)
	}
	if c.Slack.RateWindow <= 0 {
		bad("slack.rate_window", "%v must be positive", c.Slack.RateWindow)
	}
	if c.Discord.ShardCount < 1 || c.Discord.ShardID < 0 || c.Discord.ShardID >= c.Discord.ShardCount {
		bad("discord.shard_id", "%d must be in [0, shard_count %d)", c.Discord.ShardID, c.Discord.ShardCount)
	}
	if c.Discord.RateLimit < 1 {
		bad("discord.rate_limit", "%d must be at least 1", c.Discord.RateLimit)
	}
	if c.Discord.RateWindow <= 0 {
		bad("discord.rate_window", "%v must be positive", c.Discord.RateWindow)
	}
	if c.Conversation.Idle <= 0 {
		bad("conversation.idle", "%v must be positive", c.Conversation.Idle)
	}
	if c.Conversation.Max < 1 {
		bad("conversation.max", "%d must be at least 1", c.Conversation.Max)
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("invalid configuration:\n%w", err)
	}
	return nil
}

// slackHTTP, slackSocket and discordOn tell which platforms are configured.
func (c Config) slackHTTP() bool   { return c.Slack.SigningSecret != "" }
func (c Config) slackSocket() bool { return c.Slack.BotToken != "" && c.Slack.AppToken != "" }
func (c Config) discordOn() bool   { return c.Discord.Token != "" }

// print writes the effective configuration, secrets masked.
func (c Config) print(w io.Writer) {
	for _, s := range c.settings() {
		var v string
		switch {
		case s.secret && *s.str != "":
			v = "(set, hidden)"
		case s.secret:
			v = "(not set)"
		case s.str != nil:
			v = strconv.Quote(*s.str)
		case s.boolean != nil:
			v = strconv.FormatBool(*s.boolean)
		case s.integer != nil:
			v = strconv.Itoa(*s.integer)
		case s.integer64 != nil:
			v = strconv.FormatInt(*s.integer64, 10)
		case s.duration != nil:
			v = s.duration.String()
		}
		fmt.Fprintf(w, "%-22s %-26s %s\n", s.key, s.env, v)
	}
}
