package main

import (
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

	"github.com/articlebot/articlebot/internal/adapters/ask"
	"github.com/articlebot/articlebot/internal/adapters/discord"
	"github.com/articlebot/articlebot/internal/adapters/slack"
	"github.com/articlebot/articlebot/internal/conversation"
	"github.com/articlebot/articlebot/internal/field"
	"github.com/articlebot/articlebot/internal/unanswered"
	"github.com/hbollon/go-edlib"
	"go.yaml.in/yaml/v3"
)

// Config is the bot's configuration: defaults, then the config file, then
// the environment, then flags. Secrets come only from the environment and
// are never printed. settings names every field for all three. The parts
// that belong to a package (an adapter, the rate limit, the unanswered log)
// are that package's own types, with its defaults and its validation.
type Config struct {
	// KB is a knowledge directory (knowledge.yaml and the article); empty
	// means the embedded one.
	KB   string
	HTTP struct {
		// Addr is where Slack's HTTP calls and health checks are served.
		Addr string
		// AdminAddr, when set, serves /metrics and /readyz instead of Addr,
		// so they need not be reachable from the internet.
		AdminAddr string
	}
	Log struct {
		Level  string // debug, info, warn, error
		Format string // text or json
	}
	Unanswered   unanswered.Config
	Conversation conversation.Config // for each chat platform
	Reload       struct {
		// Watch reloads the knowledge base when its files change (with kb set).
		Watch bool
	}
	Slack struct {
		slack.Config
		Limit ask.Limit
	}
	Discord struct {
		discord.Config
		Limit ask.Limit
	}
}

// articleCommand is the Slack command of this article's bot: the slash
// command is the Slack app's, so the adapter has no default for it.
const articleCommand = "/nato"

// defaultConfig is the configuration with nothing set: each package's own
// defaults, and this bot's.
func defaultConfig() Config {
	var c Config
	c.HTTP.Addr = ":8080"
	c.Log.Level, c.Log.Format = "info", "text"
	c.Unanswered = unanswered.DefaultConfig()
	c.Conversation = conversation.DefaultConfig()
	c.Reload.Watch = true
	c.Slack.Config, c.Slack.Limit = slack.DefaultConfig(), ask.DefaultLimit()
	c.Slack.Command = articleCommand
	c.Discord.Config, c.Discord.Limit = discord.DefaultConfig(), ask.DefaultLimit()
	return c
}

// setting is one configuration key, settable from the environment and a
// flag. field is the name of its field in the package that validates it,
// for that package's errors.
type setting struct {
	key, env, help, field string
	str                   *string
	boolean               *bool
	integer               *int
	integer64             *int64
	duration              *time.Duration
	secret                bool // environment only, never printed
}

func (c *Config) settings() []setting {
	return []setting{
		{key: "kb", env: "BOT_KB", help: "knowledge directory (default: the embedded article)", str: &c.KB},
		{key: "http.addr", env: "BOT_HTTP_ADDR", help: "address for Slack's HTTP calls and health checks", str: &c.HTTP.Addr},
		{key: "http.admin_addr", env: "BOT_HTTP_ADMIN_ADDR", help: "address for /metrics and /readyz instead of http.addr (empty: http.addr serves them)", str: &c.HTTP.AdminAddr},
		{key: "log.level", env: "BOT_LOG_LEVEL", help: "debug, info, warn or error", str: &c.Log.Level},
		{key: "log.format", env: "BOT_LOG_FORMAT", help: "text or json", str: &c.Log.Format},
		{key: "unanswered.path", env: "BOT_UNANSWERED_PATH", field: "Path", help: "unanswered log (JSON Lines); empty turns it off", str: &c.Unanswered.Path},
		{key: "unanswered.max_bytes", env: "BOT_UNANSWERED_MAX_BYTES", field: "MaxBytes", help: "rotate the unanswered log past this size", integer64: &c.Unanswered.MaxBytes},
		{key: "unanswered.keep", env: "BOT_UNANSWERED_KEEP", field: "Keep", help: "rotated unanswered logs kept", integer: &c.Unanswered.Keep},
		{key: "conversation.idle", env: "BOT_CONVERSATION_IDLE", field: "Idle", help: "a conversation ends after this long without a message, e.g. 10m", duration: &c.Conversation.Idle},
		{key: "conversation.max", env: "BOT_CONVERSATION_MAX", field: "Max", help: "most conversations kept per chat platform, least recently used out first", integer: &c.Conversation.Max},
		{key: "reload.watch", env: "BOT_RELOAD_WATCH", help: "reload the knowledge base when its files change", boolean: &c.Reload.Watch},
		{key: "slack.command", env: "BOT_SLACK_COMMAND", field: "Command", help: "the slash command", str: &c.Slack.Command},
		{key: "slack.share_keyword", env: "BOT_SLACK_SHARE_KEYWORD", field: "ShareKeyword", help: "first word that posts an answer to the channel; empty turns it off", str: &c.Slack.ShareKeyword},
		{key: "slack.in_channel", env: "BOT_SLACK_IN_CHANNEL", field: "InChannel", help: "post every answer to the channel, not only to the asker", boolean: &c.Slack.InChannel},
		{key: "slack.rate_limit", env: "BOT_SLACK_RATE_LIMIT", field: "Questions", help: "questions per user per window", integer: &c.Slack.Limit.Questions},
		{key: "slack.rate_window", env: "BOT_SLACK_RATE_WINDOW", field: "Window", help: "the rate-limit window, e.g. 30s", duration: &c.Slack.Limit.Window},
		{key: "slack.signing_secret", env: "SLACK_SIGNING_SECRET", field: "SigningSecret", secret: true, str: &c.Slack.SigningSecret},
		{key: "slack.bot_token", env: "SLACK_BOT_TOKEN", field: "BotToken", secret: true, str: &c.Slack.BotToken},
		{key: "slack.app_token", env: "SLACK_APP_TOKEN", field: "AppToken", secret: true, str: &c.Slack.AppToken},
		{key: "discord.api_url", env: "BOT_DISCORD_API_URL", field: "APIURL", help: "Discord API base URL", str: &c.Discord.APIURL},
		{key: "discord.guild_id", env: "BOT_DISCORD_GUILD_ID", field: "GuildID", help: "register /ask in this guild only (instant updates)", str: &c.Discord.GuildID},
		{key: "discord.ephemeral", env: "BOT_DISCORD_EPHEMERAL", field: "Ephemeral", help: "/ask replies visible only to the asker", boolean: &c.Discord.Ephemeral},
		{key: "discord.prefix", env: "BOT_DISCORD_PREFIX", field: "Prefix", help: "also answer messages starting with this prefix (needs the Message Content intent)", str: &c.Discord.Prefix},
		{key: "discord.shard_id", env: "BOT_DISCORD_SHARD_ID", field: "ShardID", help: "this process's shard", integer: &c.Discord.ShardID},
		{key: "discord.shard_count", env: "BOT_DISCORD_SHARD_COUNT", field: "ShardCount", help: "number of shards", integer: &c.Discord.ShardCount},
		{key: "discord.rate_limit", env: "BOT_DISCORD_RATE_LIMIT", field: "Questions", help: "questions per user per window", integer: &c.Discord.Limit.Questions},
		{key: "discord.rate_window", env: "BOT_DISCORD_RATE_WINDOW", field: "Window", help: "the rate-limit window, e.g. 30s", duration: &c.Discord.Limit.Window},
		{key: "discord.token", env: "DISCORD_BOT_TOKEN", field: "Token", secret: true, str: &c.Discord.Token},
	}
}

// flagName is the command-line flag of a setting: "http.addr" is --http-addr.
func flagName(key string) string {
	return strings.NewReplacer(".", "-", "_", "-").Replace(key)
}

// set parses text into the setting's variable; its error says what was
// expected, in words.
func (s setting) set(text string) error {
	switch {
	case s.str != nil:
		*s.str = text
	case s.boolean != nil:
		v, err := strconv.ParseBool(text)
		if err != nil {
			return fmt.Errorf("%q is not true or false", text)
		}
		*s.boolean = v
	case s.integer != nil, s.integer64 != nil:
		v, err := strconv.ParseInt(text, 10, 64)
		if err == nil && s.integer != nil && int64(int(v)) != v {
			err = strconv.ErrRange
		}
		switch {
		case errors.Is(err, strconv.ErrRange):
			return fmt.Errorf("%q is too large", text)
		case err != nil:
			return fmt.Errorf("%q is not a whole number", text)
		case s.integer != nil:
			*s.integer = int(v)
		default:
			*s.integer64 = v
		}
	case s.duration != nil:
		v, err := time.ParseDuration(text)
		if err != nil {
			return fmt.Errorf("%q is not a duration such as 30s or 10m", text)
		}
		*s.duration = v
	}
	return nil
}

// text is the setting's value as a flag or the environment would give it.
func (s setting) text() string {
	switch {
	case s.str != nil:
		return *s.str
	case s.boolean != nil:
		return strconv.FormatBool(*s.boolean)
	case s.integer != nil:
		return strconv.Itoa(*s.integer)
	case s.integer64 != nil:
		return strconv.FormatInt(*s.integer64, 10)
	case s.duration != nil:
		return s.duration.String()
	}
	return ""
}

// lookupEnv reads one environment variable; ok is false when it is unset.
type lookupEnv func(name string) (value string, ok bool)

// configHelp introduces the flags of serve and config in their -h.
const configHelp = `serve runs the Slack and Discord adapters that are configured; config
prints the configuration, secrets hidden. Each flag overrides a setting of
the --config file and its environment variable, named after it. Secrets
come from the environment only: SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN and
SLACK_APP_TOKEN, DISCORD_BOT_TOKEN.`

// loadConfig builds the configuration for cmd (serve or config): defaults
// (kbDir, from the command line's --kb, is the default knowledge
// directory), the file named by --config, the environment (lookup), then the
// flags in args. A variable set to the empty string clears a setting:
// BOT_UNANSWERED_PATH= turns the unanswered log off.
func loadConfig(cmd string, args []string, lookup lookupEnv, kbDir string) (Config, error) {
	c := defaultConfig()
	c.KB = kbDir
	getenv := func(name string) string { v, _ := lookup(name); return v }
	fl := flag.NewFlagSet(cmd, flag.ContinueOnError)
	file := fl.String("config", getenv("BOT_CONFIG"), "configuration file (YAML; see config/bot.example.yaml) (BOT_CONFIG)")
	flagged := map[string]*string{}
	for _, s := range c.settings() {
		if !s.secret {
			flagged[s.key] = fl.String(flagName(s.key), s.text(), s.help+" ("+s.env+")")
		}
	}
	if err := parseFlags(fl, args, "", configHelp); err != nil {
		return c, err
	}
	if *file != "" {
		if err := c.readFile(*file); err != nil {
			return c, err
		}
	}
	set := map[string]bool{}
	fl.Visit(func(f *flag.Flag) { set[f.Name] = true })
	for _, s := range c.settings() {
		if v, ok := lookup(s.env); ok && (v != "" || s.str != nil) {
			if err := s.set(v); err != nil {
				return c, fmt.Errorf("environment variable %s (%s): %v", s.env, s.key, err)
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

// readFile applies the settings of a YAML configuration file. It reports
// every key it cannot take with the file and line: an unknown key with the
// nearest valid one, a secret (those come from the environment only), a
// value that does not parse.
func (c *Config) readFile(name string) error {
	data, err := os.ReadFile(name)
	if err != nil {
		return fmt.Errorf("reading the configuration: %w", err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("configuration file %s: %v", name, err)
	}
	if len(doc.Content) == 0 {
		return nil // an empty file
	}
	f := configFile{name: name, settings: map[string]setting{}, sections: map[string]bool{}}
	for _, s := range c.settings() {
		f.settings[s.key] = s
		if section, _, ok := strings.Cut(s.key, "."); ok {
			f.sections[section] = true
		}
	}
	f.walk("", doc.Content[0])
	return errors.Join(f.errs...)
}

// configFile is a configuration file being applied: its settings by key,
// the sections they stand in, and the problems found so far.
type configFile struct {
	name     string
	settings map[string]setting
	sections map[string]bool
	errs     []error
}

// walk applies the keys of n, the file's top level or a section's mapping.
func (f *configFile) walk(section string, n *yaml.Node) {
	if n.Kind != yaml.MappingNode {
		what := "the file"
		if section != "" {
			what = section
		}
		f.errs = append(f.errs, fmt.Errorf("%s:%d: %s must hold settings as key: value", f.name, n.Line, what))
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		key := k.Value
		if section != "" {
			key = section + "." + key
		}
		at := fmt.Sprintf("%s:%d", f.name, k.Line)
		s, known := f.settings[key]
		switch {
		case known && s.secret:
			f.errs = append(f.errs, fmt.Errorf("%s: %s is a secret: secrets come from %s in the environment, never from the file", at, key, s.env))
		case known && v.Kind != yaml.ScalarNode:
			f.errs = append(f.errs, fmt.Errorf("%s: %s takes one value", at, key))
		case known:
			value := v.Value
			if v.ShortTag() == "!!null" { // "key:" or "key: ~"
				value = ""
			}
			if err := s.set(value); err != nil {
				f.errs = append(f.errs, fmt.Errorf("%s: %s: %v", at, key, err))
			}
		case section == "" && f.sections[key]:
			f.walk(key, v)
		default:
			f.errs = append(f.errs, fmt.Errorf("%s: unknown key %s; did you mean %s?", at, key, nearestKey(key, f.settings, f.sections)))
		}
	}
}

// nearestKey is the setting or section closest to key in spelling.
func nearestKey(key string, settings map[string]setting, sections map[string]bool) string {
	best, bestDist := "", -1
	consider := func(k string) {
		if d := edlib.LevenshteinDistance(key, k); bestDist < 0 || d < bestDist || d == bestDist && k < best {
			best, bestDist = k, d
		}
	}
	for k := range settings {
		consider(k)
	}
	for k := range sections {
		consider(k)
	}
	return best
}

// Validate reports every invalid setting, naming it and what is wrong. The
// settings of a package (an adapter, the rate limit, the unanswered log)
// are validated by that package, which names its fields; named renames
// them after their settings.
func (c Config) Validate() error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: "+format, append([]any{key}, args...)...))
	}
	if err := checkAddr(c.HTTP.Addr); err != nil {
		bad("http.addr", "%v", err)
	}
	if c.HTTP.AdminAddr != "" {
		if err := checkAddr(c.HTTP.AdminAddr); err != nil {
			bad("http.admin_addr", "%v", err)
		} else if c.HTTP.AdminAddr == c.HTTP.Addr {
			bad("http.admin_addr", "%q is http.addr too; give another port, or leave it empty", c.HTTP.AdminAddr)
		}
	}
	if c.KB != "" {
		if err := checkKnowledgeDir(c.KB); err != nil {
			bad("kb", "%v", err)
		}
	}
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(c.Log.Level)); err != nil {
		bad("log.level", "%q is not debug, info, warn or error", c.Log.Level)
	}
	if c.Log.Format != "text" && c.Log.Format != "json" {
		bad("log.format", "%q is not text or json", c.Log.Format)
	}
	errs = append(errs, c.named("unanswered", c.Unanswered.Validate())...)
	errs = append(errs, c.named("conversation", c.Conversation.Validate())...)
	errs = append(errs, c.named("slack", errors.Join(c.Slack.Validate(), c.Slack.Limit.Validate()))...)
	errs = append(errs, c.named("discord", errors.Join(c.Discord.Validate(), c.Discord.Limit.Validate()))...)
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("invalid configuration:\n%w", err)
	}
	return nil
}

// named turns the problems a package found in section's settings into the
// user's terms: a problem with a field names its setting (a secret, the
// environment variable it comes from), any other the section.
func (c *Config) named(section string, err error) []error {
	var errs []error
	field.Each(err, func(problem error, fe *field.Error) {
		for _, s := range c.settings() {
			if fe == nil || s.field != fe.Field || !strings.HasPrefix(s.key, section+".") {
				continue
			}
			name := s.key
			if s.secret {
				name = s.env
			}
			errs = append(errs, fmt.Errorf("%s: %s", name, fe.Problem))
			return
		}
		errs = append(errs, fmt.Errorf("%s: %v", section, problem))
	})
	return errs
}

// checkAddr reports an address a server cannot listen on: not host:port,
// or a port that is not a number from 0 to 65535.
func checkAddr(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%q is not host:port, such as :8080 or 127.0.0.1:8080", addr)
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return fmt.Errorf("%q: the port %q is not a number from 0 to 65535", addr, port)
	}
	return nil
}

// slackOn and discordOn tell which platforms are configured: those with
// credentials.
func (c Config) slackOn() bool   { return c.Slack.HTTP() || c.Slack.SocketMode() }
func (c Config) discordOn() bool { return c.Discord.Token != "" }

// print writes the effective configuration, secrets masked.
func (c Config) print(w io.Writer) {
	for _, s := range c.settings() {
		v := s.text()
		switch {
		case s.secret && v != "":
			v = "(set, hidden)"
		case s.secret:
			v = "(not set)"
		case s.str != nil:
			v = strconv.Quote(v)
		}
		fmt.Fprintf(w, "%-22s %-26s %s\n", s.key, s.env, v)
	}
}
