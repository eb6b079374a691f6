package main

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestWatchFollowsAReplacedDirectory: deploy tools replace the knowledge
// directory (mv kb old; mv old kb). Watching says so when the directory is
// gone and when it is back, and later edits are still reloaded.
func TestWatchFollowsAReplacedDirectory(t *testing.T) {
	src := copyKnowledge(t)
	parent := t.TempDir()
	dir := filepath.Join(parent, "kb")
	if err := os.Rename(src, dir); err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	svc, err := newService(os.DirFS(dir), dir, slog.New(slog.NewTextHandler(logs, nil)), newMetrics())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	watched := make(chan error, 1)
	go func() { watched <- svc.watch(ctx, 20*time.Millisecond) }()
	defer func() {
		cancel()
		if err := <-watched; err != nil {
			t.Errorf("watch: %v", err)
		}
	}()
	waitFor := func(what string, cond func() bool) {
		t.Helper()
		for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%s did not happen; logs:\n%s", what, logs.String())
			}
		}
	}
	logged := func(msg string) func() bool {
		return func() bool { return strings.Contains(logs.String(), msg) }
	}
	edit := func(word string) {
		t.Helper()
		kb := filepath.Join(dir, "knowledge.yaml")
		b, err := os.ReadFile(kb)
		if err != nil {
			t.Fatal(err)
		}
		b = bytes.Replace(b, []byte("synonyms:\n"), []byte("synonyms:\n  - ["+word+", "+word+"s]\n"), 1)
		if err := os.WriteFile(kb, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	waitFor("the watch to start", logged("watching the knowledge directory"))
	v0 := svc.Version()
	edit("watchone")
	waitFor("the first edit's reload", func() bool { return svc.Version() != v0 })

	moved := filepath.Join(parent, "kb.old")
	if err := os.Rename(dir, moved); err != nil {
		t.Fatal(err)
	}
	waitFor("logging that the directory is gone", logged("knowledge directory gone"))
	if err := os.Rename(moved, dir); err != nil {
		t.Fatal(err)
	}
	waitFor("logging that the directory is back", logged("knowledge directory replaced"))

	v1 := svc.Version()
	edit("watchtwo")
	waitFor("a reload of an edit after the directory was replaced", func() bool { return svc.Version() != v1 })

	// The same, as quickly as a deploy tool does it.
	if err := os.Rename(dir, moved); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(moved, dir); err != nil {
		t.Fatal(err)
	}
	v2 := svc.Version()
	edit("watchthree")
	waitFor("a reload of an edit after a quick swap", func() bool { return svc.Version() != v2 })
}
