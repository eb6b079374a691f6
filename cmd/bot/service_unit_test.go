package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestDocumentedServiceUnit checks the systemd unit the documentation
// gives: restarted on failure after a pause (systemd's default is 100 ms,
// so a crash loop reaches its start limit within a second and stops for
// good), and given more time to stop than serve's shutdown takes.
func TestDocumentedServiceUnit(t *testing.T) {
	docs, _ := filepath.Glob("../../docs/*.md")
	var unit string
	for _, name := range append([]string{"../../README.md"}, docs...) {
		text, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if m := regexp.MustCompile("(?s)```ini\n(# /etc/systemd/system/articlebot.service.*?)```").FindSubmatch(text); m != nil {
			unit = string(m[1])
		}
	}
	if unit == "" {
		t.Fatal("no systemd unit for articlebot.service in the documentation")
	}
	setting := func(key string) string {
		m := regexp.MustCompile(`(?m)^` + key + `=(.*)$`).FindStringSubmatch(unit)
		if m == nil {
			return ""
		}
		return strings.TrimSpace(m[1])
	}
	seconds := func(key string) time.Duration {
		d, err := time.ParseDuration(setting(key) + "s")
		if err != nil {
			t.Errorf("%s=%q is not a number of seconds", key, setting(key))
		}
		return d
	}
	if setting("Restart") != "on-failure" {
		t.Errorf("Restart=%q, want on-failure", setting("Restart"))
	}
	if d := seconds("RestartSec"); d < time.Second {
		t.Errorf("RestartSec is %v: a crash loop restarts at once", d)
	}
	if d := seconds("TimeoutStopSec"); d <= shutdownTimeout {
		t.Errorf("TimeoutStopSec %v does not leave serve its %v to shut down", d, shutdownTimeout)
	}
}
