package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/articlebot/articlebot/internal/answers"
)

// TestTrainClassifierOnly fits a classifier for a copy of the second
// article's knowledge directory, which has no model of its own: bot check
// then says the engine weighs with it. A directory with a model.json of its
// own is refused: its classifier must be the one its model names.
func TestTrainClassifierOnly(t *testing.T) {
	dir := copyKnowledgeFrom(t, os.DirFS("../../testdata/second"))
	out, errOut, err := runBot(t, "", "--kb", dir, "train", "--classifier-only")
	if err != nil {
		t.Fatalf("train --classifier-only: %v\n%s%s", err, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, answers.ClassifierFile)); err != nil {
		t.Fatalf("train --classifier-only printed %q and wrote no classifier: %v", out, err)
	}
	out, _, _ = runBot(t, "", "--kb", dir, "check")
	if !strings.Contains(out, "model: fitted weights and a classifier of 53 facts and gaps") {
		t.Errorf("bot check after train --classifier-only:\n%s", out)
	}
	if err := os.WriteFile(filepath.Join(dir, answers.ModelFile), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, _, err := runBot(t, "", "--kb", dir, "train", "--classifier-only"); err == nil || !strings.Contains(err.Error(), answers.ModelFile) {
		t.Errorf("train --classifier-only beside a model.json: %v\n%s", err, out)
	}
}

// TestTrainDefaultsNeedTheBank: bot train's default question files are the
// bank's, named from the repository's root; run elsewhere it says so and
// names the flags, before fitting anything.
func TestTrainDefaultsNeedTheBank(t *testing.T) {
	dir := copyKnowledgeFrom(t, os.DirFS("../../testdata/second"))
	_, _, err := runBot(t, "", "--kb", dir, "train")
	if err == nil || !strings.Contains(err.Error(), "repository's root") || !strings.Contains(err.Error(), "--portable-train") {
		t.Errorf("bot train away from the repository's root: %v", err)
	}
	if _, statErr := os.Stat(filepath.Join(dir, answers.ModelFile)); statErr == nil {
		t.Error("bot train wrote a model though it had no questions to fit on")
	}
}
