package discord

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/articlebot/articlebot/internal/adapters/ask"
	"github.com/articlebot/articlebot/internal/conversation"
)

func TestNewValidatesConfig(t *testing.T) {
	ok := DefaultConfig()
	ok.Token = fakeToken
	tests := []struct {
		name    string
		mutate  func(*Config)
		wantErr string // empty: valid
	}{
		{"defaults", func(*Config) {}, ""},
		{"Bot prefix is tolerated", func(c *Config) { c.Token = "Bot " + fakeToken }, ""},
		{"no token", func(c *Config) { c.Token = "" }, "Token: is empty"},
		{"token with space", func(c *Config) { c.Token = "abc def" }, "Token: contains white space"},
		{"bad api url", func(c *Config) { c.APIURL = "ftp://x" }, "APIURL"},
		{"api url without host", func(c *Config) { c.APIURL = "http://" }, "APIURL"},
		{"guild not an id", func(c *Config) { c.GuildID = "my-server" }, "GuildID"},
		{"prefix with space", func(c *Config) { c.Prefix = "hey bot" }, "Prefix"},
		{"shard out of range", func(c *Config) { c.ShardID, c.ShardCount = 2, 2 }, "ShardID"},
		{"negative shard", func(c *Config) { c.ShardID = -1 }, "ShardID"},
		{"no shards", func(c *Config) { c.ShardCount = 0 }, "ShardCount"},
	}
	asker, err := ask.New(ask.Options{Platform: "discord", Engine: newFixture(), Limit: ask.DefaultLimit(),
		Conversations: conversation.DefaultConfig()})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := ok
			tt.mutate(&cfg)
			b, err := New(cfg, asker, fixtureArticle, nil)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("New: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("New error = %v, want one mentioning %q", err, tt.wantErr)
			}
			// Validate finds the same problems, but for a missing token: a
			// configuration is checked before it is known whether Discord runs.
			if verr := cfg.Validate(); (verr == nil) != (tt.wantErr == "" || cfg.Token == "") {
				t.Errorf("Validate = %v, New = %v", verr, err)
			}
			if tt.name == "defaults" {
				c := b.cfg
				if c.APIURL != DefaultAPIURL || c.ShardID != 0 || c.ShardCount != 1 || c.GuildID != "" || c.Prefix != "" || c.Ephemeral {
					t.Errorf("defaults = %+v", c)
				}
			}
			if tt.name == "Bot prefix is tolerated" && b.cfg.Token != fakeToken {
				t.Errorf("token = %q", b.cfg.Token)
			}
		})
	}
	if _, err := New(ok, nil, fixtureArticle, nil); err == nil {
		t.Error("New accepted a nil asker")
	}
}

func TestInviteURLBeforeReady(t *testing.T) {
	b, err := newBot(setup{Config: Config{Token: fakeToken}, Engine: newFixture()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(b.inviteURL())
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if u.Host != "discord.com" || u.Path != "/oauth2/authorize" || q.Get("client_id") != fakeBotID ||
		q.Get("scope") != "bot applications.commands" ||
		q.Get("permissions") != "274877991936" { // view, send, send in threads, embed links, read history
		t.Errorf("inviteURL = %s", u)
	}
	b, _ = newBot(setup{Config: Config{Token: "not-a-token"}, Engine: newFixture()}, nil)
	if got := b.inviteURL(); got != "" {
		t.Errorf("inviteURL without an application ID = %q, want empty until Ready", got)
	}
}

func TestRewriteTransport(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Host+" "+r.URL.EscapedPath())
	}))
	defer srv.Close()
	c := &http.Client{Transport: newRewriteTransport(srv.URL + "/proxy/")}
	for _, u := range []string{
		"https://discord.com/api/v9/channels/1/messages",
		"https://discord.com/api/v9/webhooks/2/a%2Fb/messages/@original",
	} {
		resp, err := c.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	host := strings.TrimPrefix(srv.URL, "http://")
	want := []string{
		host + " /proxy/api/v9/channels/1/messages",
		host + " /proxy/api/v9/webhooks/2/a%2Fb/messages/@original",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("requests arrived as\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if newRewriteTransport(DefaultAPIURL) != http.DefaultTransport {
		t.Error("Discord itself should need no rewriting")
	}
}
