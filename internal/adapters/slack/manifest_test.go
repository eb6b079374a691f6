package slack

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/slack-go/slack"
	"go.yaml.in/yaml/v3"
)

// TestManifests decodes both app manifests strictly (unknown keys fail)
// into slack-go's Manifest type and checks they match what the adapter
// serves.
func TestManifests(t *testing.T) {
	for _, tt := range []struct {
		file   string
		socket bool
	}{
		{"../../../config/slack-manifest.yaml", false},
		{"../../../config/slack-manifest-socket.yaml", true},
	} {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open(tt.file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			dec := yaml.NewDecoder(f)
			dec.KnownFields(true)
			var m slack.Manifest
			if err := dec.Decode(&m); err != nil {
				t.Fatalf("decode: %v", err)
			}

			if m.Display.Name == "" || len(m.Display.Description) > 140 || len(m.Display.LongDescription) < 175 {
				t.Errorf("display_information: name %q, description %d chars (max 140), long_description %d chars (min 175)",
					m.Display.Name, len(m.Display.Description), len(m.Display.LongDescription))
			}
			if m.Features.BotUser.DisplayName == "" {
				t.Error("no bot user")
			}
			if len(m.Features.SlashCommands) != 1 {
				t.Fatalf("%d slash commands, want 1", len(m.Features.SlashCommands))
			}
			cmd := m.Features.SlashCommands[0]
			// Which command is the configuration's: cmd/bot checks it is
			// the one bot serve answers by default.
			if err := (Config{Command: cmd.Command}).Validate(); err != nil || cmd.Description == "" {
				t.Errorf("slash command %+v: %v", cmd, err)
			}
			if !slices.Equal(m.OAuthConfig.Scopes.Bot, []string{"commands"}) {
				t.Errorf("bot scopes %v, want [commands]", m.OAuthConfig.Scopes.Bot)
			}
			if m.Settings.Interactivity == nil || !m.Settings.Interactivity.IsEnabled {
				t.Fatal("interactivity is off; suggestion buttons need it")
			}
			if m.Settings.SocketModeEnabled != tt.socket {
				t.Errorf("socket_mode_enabled = %v, want %v", m.Settings.SocketModeEnabled, tt.socket)
			}
			if tt.socket {
				if cmd.Url != "" || m.Settings.Interactivity.RequestUrl != "" {
					t.Error("Socket Mode manifest has request URLs")
				}
				return
			}
			if !strings.HasPrefix(cmd.Url, "https://") || !strings.HasSuffix(cmd.Url, commandsPath) {
				t.Errorf("command url %q must be https and end in %s", cmd.Url, commandsPath)
			}
			if u := m.Settings.Interactivity.RequestUrl; !strings.HasPrefix(u, "https://") || !strings.HasSuffix(u, interactivePath) {
				t.Errorf("interactivity url %q must be https and end in %s", u, interactivePath)
			}
		})
	}
}
