package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeLog writes an unanswered log of the given questions, each with its
// status and the fact the engine came closest with.
func writeLog(t *testing.T, path string, rows ...[3]string) {
	t.Helper()
	var b strings.Builder
	for _, r := range rows {
		line, err := json.Marshal(map[string]any{"time": "2026-01-02T03:04:05Z", "platform": "slack", "question": r[0], "status": r[1], "candidates": []string{r[2]}})
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestUnansweredReport: one header, whose count leaves out greetings and
// thanks as the groups do; and a question the article does not cover is
// said to be so, not sent to the fact the engine happened to come closest
// with.
func TestUnansweredReport(t *testing.T) {
	t.Setenv("BOT_CONFIG", "")
	path := filepath.Join(t.TempDir(), "unanswered.jsonl")
	writeLog(t, path,
		[3]string{"who is belgium's foreign minister", "unknown", "gap-belgian-name"},
		[3]string{"hello", "meta", ""},
		[3]string{"who is the belgian foreign secretary", "unknown", "gap-belgian-name"},
		[3]string{"thanks!", "meta", ""},
		[3]string{"what is the capital of france", "unknown", "e3-members"},
	)
	out, _, err := runBot(t, "", "unanswered", path)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out, " groups"); n != 1 {
		t.Errorf("%d headers counting groups, want 1:\n%s", n, out)
	}
	if !strings.HasPrefix(out, "From "+path+":\n3 unanswered questions in 2 groups\n") {
		t.Errorf("header:\n%s", out)
	}
	if !strings.Contains(out, "\"what is the capital of france\"\n   not in the article: no fact comes near\n") || strings.Contains(out, "e3-members") {
		t.Errorf("the capital of France is not said to be outside the article:\n%s", out)
	}
	if !strings.Contains(out, "\"who is the belgian foreign secretary\"\n   suggested fact to extend: gap-belgian-name\n") {
		t.Errorf("the Belgian paraphrases are not one group with their fact:\n%s", out)
	}
}

// TestUnansweredFindsTheLogAsServeDoes: without a FILE, bot unanswered
// reads the log bot serve writes: unanswered.path from the environment or
// the configuration file, and the file's knowledge directory.
func TestUnansweredFindsTheLogAsServeDoes(t *testing.T) {
	dir := t.TempDir()
	fromEnv, fromFile := filepath.Join(dir, "env.jsonl"), filepath.Join(dir, "file.jsonl")
	writeLog(t, fromEnv, [3]string{"how old is blinken", "unknown", "gap-blinken-bio"})
	writeLog(t, fromFile, [3]string{"how old is stoltenberg", "unknown", "gap-stoltenberg-bio"})
	config := filepath.Join(dir, "bot.yaml")
	if err := writeFile(config, "unanswered:\n  path: "+fromFile+"\n"); err != nil {
		t.Fatal(err)
	}

	t.Setenv("BOT_CONFIG", "")
	t.Setenv("BOT_UNANSWERED_PATH", fromEnv)
	if out, _, err := runBot(t, "", "unanswered"); err != nil || !strings.Contains(out, "how old is blinken") {
		t.Errorf("with BOT_UNANSWERED_PATH: %v\n%s", err, out)
	}
	// The environment overrides the file, as for serve.
	if out, _, err := runBot(t, "", "unanswered", "--config", config); err != nil || !strings.Contains(out, "how old is blinken") {
		t.Errorf("with --config and BOT_UNANSWERED_PATH: %v\n%s", err, out)
	}
	os.Unsetenv("BOT_UNANSWERED_PATH") // t.Setenv restores it
	if out, _, err := runBot(t, "", "unanswered", "--config", config); err != nil || !strings.Contains(out, "how old is stoltenberg") {
		t.Errorf("with --config: %v\n%s", err, out)
	}
	t.Setenv("BOT_CONFIG", config)
	if out, _, err := runBot(t, "", "unanswered"); err != nil || !strings.Contains(out, "how old is stoltenberg") {
		t.Errorf("with BOT_CONFIG: %v\n%s", err, out)
	}
	// A FILE on the command line wins.
	if out, _, err := runBot(t, "", "unanswered", fromEnv); err != nil || !strings.Contains(out, "how old is blinken") {
		t.Errorf("with FILE: %v\n%s", err, out)
	}

	// The configuration's knowledge directory is the one read.
	if err := writeFile(config, "kb: "+filepath.Join(dir, "no-kb")+"\nunanswered:\n  path: "+fromFile+"\n"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runBot(t, "", "unanswered"); err == nil || !strings.Contains(err.Error(), "knowledge") {
		t.Errorf("a configured kb that does not exist: err = %v", err)
	}

	t.Setenv("BOT_CONFIG", "")
	t.Setenv("BOT_UNANSWERED_PATH", "")
	if _, _, err := runBot(t, "", "unanswered"); err == nil || !strings.Contains(err.Error(), "unanswered.path is empty") {
		t.Errorf("with the log turned off: err = %v", err)
	}
	missing := filepath.Join(dir, "none.jsonl")
	t.Setenv("BOT_UNANSWERED_PATH", missing)
	if _, _, err := runBot(t, "", "unanswered"); err == nil || !strings.Contains(err.Error(), missing) || !strings.Contains(err.Error(), "BOT_UNANSWERED_PATH") {
		t.Errorf("with no log: err = %v", err)
	}
	if _, _, err := runBot(t, "", "unanswered", "--config", filepath.Join(dir, "nope.yaml")); err == nil {
		t.Error("a missing configuration file was not an error")
	}
}
