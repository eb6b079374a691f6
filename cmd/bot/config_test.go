package main

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestConfigFileErrorsSpeakPlainly: every key a configuration file gets
// wrong is named with the file and line, an unknown key with the nearest
// valid one; a secret is refused without being echoed.
func TestConfigFileErrorsSpeakPlainly(t *testing.T) {
	file := filepath.Join(t.TempDir(), "bot.yaml")
	writeFile(file, "http:\n  adress: \":8080\"\nslack:\n  signing_secret: hunter2\n  rate_limit: lots\nslak:\n  command: /x\ndiscord:\n  token: [a, b]\n")
	_, err := loadConfig("serve", []string{"--config", file}, noEnv, "")
	if err == nil {
		t.Fatal("a broken configuration file was accepted")
	}
	msg := err.Error()
	for _, want := range []string{
		file + ":2: unknown key http.adress; did you mean http.addr?",
		file + ":4: slack.signing_secret is a secret: secrets come from SLACK_SIGNING_SECRET",
		file + `:5: slack.rate_limit: "lots" is not a whole number`,
		file + ":6: unknown key slak; did you mean slack?",
		file + ":9: discord.token is a secret: secrets come from DISCORD_BOT_TOKEN",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("the error lacks %q:\n%s", want, msg)
		}
	}
	for _, leak := range []string{"hunter2", "struct", "strconv"} {
		if strings.Contains(msg, leak) {
			t.Errorf("the error shows %q:\n%s", leak, msg)
		}
	}
}

// TestConfigValidatedUpFront: what would fail only when serve starts
// (a port out of range, a missing knowledge directory) fails bot config,
// naming the setting; a bad value in the environment names the variable.
func TestConfigValidatedUpFront(t *testing.T) {
	for _, tc := range []struct {
		args []string
		env  map[string]string
		want []string
	}{
		{args: []string{"--http-addr", ":99999"}, want: []string{"http.addr", `port "99999"`}},
		{args: []string{"--http-admin-addr", "localhost:http-alt"}, want: []string{"http.admin_addr", `port "http-alt"`}},
		{args: []string{"--http-admin-addr", ":8080"}, want: []string{"http.admin_addr", "http.addr too"}},
		{args: []string{"--kb", "/nonexistent"}, want: []string{"kb: the knowledge directory /nonexistent does not exist"}},
		{env: map[string]string{"BOT_KB": "/nonexistent"}, want: []string{"kb: the knowledge directory /nonexistent does not exist"}},
		{env: map[string]string{"BOT_SLACK_RATE_LIMIT": "abc"}, want: []string{"environment variable BOT_SLACK_RATE_LIMIT (slack.rate_limit)", `"abc" is not a whole number`}},
		{env: map[string]string{"BOT_CONVERSATION_IDLE": "10"}, want: []string{"BOT_CONVERSATION_IDLE", "not a duration"}},
		{args: []string{"--reload-watch", "sometimes"}, want: []string{"--reload-watch", `"sometimes" is not true or false`}},
		// What a package validates is named after the setting, a secret
		// after its environment variable.
		{args: []string{"--slack-share-keyword", "post it"}, want: []string{`slack.share_keyword: "post it" must be a single word`}},
		{args: []string{"--discord-rate-window", "0s"}, want: []string{"discord.rate_window: 0s must be positive"}},
		{args: []string{"--conversation-max", "0"}, want: []string{"conversation.max: 0 must be at least 1"}},
		{args: []string{"--unanswered-keep", "-1"}, want: []string{"unanswered.keep: -1 must not be negative"}},
		{env: map[string]string{"SLACK_BOT_TOKEN": "xoxb-1"}, want: []string{"SLACK_APP_TOKEN: must be an app-level token"}},
		{env: map[string]string{"DISCORD_BOT_TOKEN": "a b"}, want: []string{"DISCORD_BOT_TOKEN: contains white space"}},
	} {
		lookup := func(k string) (string, bool) { v, ok := tc.env[k]; return v, ok }
		_, err := loadConfig("serve", tc.args, lookup, "")
		if err == nil {
			t.Errorf("%v %v was accepted", tc.args, tc.env)
			continue
		}
		for _, want := range tc.want {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%v %v: the error lacks %q:\n%v", tc.args, tc.env, want, err)
			}
		}
		if strings.Contains(err.Error(), "strconv") {
			t.Errorf("%v %v: the error speaks Go:\n%v", tc.args, tc.env, err)
		}
	}
}

// TestMissingKnowledgeDirectoryIsNamed: --kb naming no knowledge directory
// says which directory and which setting, for every command that reads it.
func TestMissingKnowledgeDirectoryIsNamed(t *testing.T) {
	empty := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--kb", "/nonexistent", "ask", "hi"}, "kb: the knowledge directory /nonexistent does not exist"},
		{[]string{"--kb", "/nonexistent", "check"}, "kb: the knowledge directory /nonexistent does not exist"},
		{[]string{"--kb", empty, "ask", "hi"}, "kb: the knowledge directory " + empty + " has no knowledge.yaml"},
		{[]string{"--kb", "/nonexistent", "serve"}, "kb: the knowledge directory /nonexistent does not exist"},
	} {
		_, errOut, err := runBot(t, "", tc.args...)
		if exitCode(err) != 1 || !strings.Contains(errOut, tc.want) {
			t.Errorf("bot %v: exit %d, stderr %q; want %q", tc.args, exitCode(err), errOut, tc.want)
		}
	}
}

// TestEveryCommandHelp: -h and --help print the command's usage and its
// flags to stdout and exit 0.
func TestEveryCommandHelp(t *testing.T) {
	for cmd, flags := range map[string][]string{
		"serve":      {"-config", "-http-addr", "-http-admin-addr", "-slack-rate-limit", "BOT_SLACK_RATE_LIMIT"},
		"config":     {"-config", "-discord-shard-count"},
		"eval":       {"-show", "-min-in", "-max-false", "-alone"},
		"check":      nil,
		"train":      {"-train", "-portable-train", "-valid", "-classifier-only"},
		"vectors":    {"-from", "-out", "-top", "-also"},
		"snapshot":   {"-out"},
		"ask":        {"-json", "-conversation"},
		"repl":       nil,
		"unanswered": {"-limit", "-config"},
	} {
		for _, h := range []string{"-h", "--help"} {
			out, errOut, err := runBot(t, "", cmd, h)
			if err != nil || exitCode(err) != 0 {
				t.Errorf("bot %s %s: exit %d, %v; stderr %q", cmd, h, exitCode(err), err, errOut)
				continue
			}
			if !strings.HasPrefix(out, "Usage: bot "+cmd) {
				t.Errorf("bot %s %s printed %q; want its usage", cmd, h, out)
			}
			for _, f := range flags {
				if !strings.Contains(out, f) {
					t.Errorf("bot %s %s does not list %s:\n%s", cmd, h, f, out)
				}
			}
		}
	}
}

// TestConfigFileValues: the file's values reach their settings, each parsed
// as its flag and variable are; an empty value ("key:" or "key: ~") is "".
func TestConfigFileValues(t *testing.T) {
	file := filepath.Join(t.TempDir(), "bot.yaml")
	writeFile(file, "kb:\nhttp: {addr: \"127.0.0.1:9000\", admin_addr: \"127.0.0.1:9001\"}\nconversation:\n  idle: 5m\nunanswered:\n  max_bytes: 2048\ndiscord:\n  guild_id: ~\n  ephemeral: true\n")
	cfg, err := loadConfig("serve", []string{"--config", file}, noEnv, "")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.KB != "" || cfg.HTTP.Addr != "127.0.0.1:9000" || cfg.HTTP.AdminAddr != "127.0.0.1:9001" ||
		cfg.Conversation.Idle != 5*time.Minute || cfg.Unanswered.MaxBytes != 2048 || cfg.Discord.GuildID != "" || !cfg.Discord.Ephemeral {
		t.Errorf("the file's values were not taken: %+v", cfg)
	}
}

// TestSettingsNameTheirFields: each setting a package validates names the
// field it fills, so that the package's errors about that field are put in
// the setting's name.
func TestSettingsNameTheirFields(t *testing.T) {
	c := defaultConfig()
	names := map[uintptr]string{} // the address of every field in c, to its name
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		for i := range v.NumField() {
			f := v.Field(i)
			names[f.Addr().Pointer()] = v.Type().Field(i).Name
			if f.Kind() == reflect.Struct {
				walk(f) // a struct's first field has its address: the field wins
			}
		}
	}
	walk(reflect.ValueOf(&c).Elem())
	own := map[string]bool{"kb": true, "http": true, "log": true, "reload": true} // validated by Config.Validate itself
	for _, s := range c.settings() {
		var p any
		for _, q := range []any{s.str, s.boolean, s.integer, s.integer64, s.duration} {
			if !reflect.ValueOf(q).IsNil() {
				p = q
			}
		}
		want := names[reflect.ValueOf(p).Pointer()]
		if section, _, _ := strings.Cut(s.key, "."); own[section] {
			want = ""
		}
		if s.field != want {
			t.Errorf("setting %s names the field %q, want %q", s.key, s.field, want)
		}
	}
}
