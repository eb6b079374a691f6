package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestAskConversationProtocol(t *testing.T) {
	// Two conversations: the second begins after the blank line and
	// remembers nothing of the first.
	in := "who is the EU's foreign policy chief?\nand the commission president?\n\n\nand the commission president?\n"
	out, _, err := runBot(t, in, "ask", "--json", "--conversation")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("got %d replies for 3 questions (blank lines get none):\n%s", len(lines), out)
	}
	var replies []jsonAnswer
	for i, l := range lines {
		var a jsonAnswer
		if err := json.Unmarshal([]byte(l), &a); err != nil {
			t.Fatalf("reply %d is not JSON: %v", i+1, err)
		}
		replies = append(replies, a)
	}
	if replies[1].Status != "answered" || !strings.Contains(replies[1].Answer+replies[1].Quote, "von der Leyen") {
		t.Errorf("the follow-up got %+v; want von der Leyen, read in the light of the first question", replies[1])
	}
	if replies[2].Answer == replies[1].Answer {
		t.Errorf("after a blank line the follow-up was still answered from the old conversation: %q", replies[2].Answer)
	}
	// Without --conversation every line stands alone.
	out, _, _ = runBot(t, in, "ask", "--json")
	var alone jsonAnswer
	json.Unmarshal([]byte(strings.Split(out, "\n")[1]), &alone)
	if alone.Answer == replies[1].Answer {
		t.Errorf("without --conversation the follow-up was answered in context: %q", alone.Answer)
	}
}

func TestEvalDialogues(t *testing.T) {
	dir := t.TempDir()
	set := filepath.Join(dir, "dialogues.jsonl")
	os.WriteFile(set, []byte(`{"id":"d1","turns":[{"q":"who is Heiko Maas?","kind":"in","expect":[["foreign minister"]]},{"q":"how old is he?","kind":"out"}]}
{"id":"d2","turns":[{"q":"what did Stoltenberg say about Turkey?","kind":"in","expect":[["differences"]]},{"q":"and who wrote the article?","kind":"in","expect":[["nobody-at-all"]]}]}
`), 0o644)
	out, _, err := runBot(t, "", "eval", "--show", set)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"in-scope 2/3 correct (66.7%), out-of-scope 0/1 falsely answered (0.0%)",
		"first turns:       in-scope 2/2 (100.0%)",
		"follow-ups:        in-scope 0/1 (0.0%), out-of-scope falsely answered 0/1 (0.0%)",
		"FAIL d2#2 [in]",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("bot eval on dialogues printed:\n%s\nwant %q", out, want)
		}
	}
	// The bar holds the follow-ups: both first turns are right, the one
	// answerable follow-up is not.
	if _, _, err := runBot(t, "", "eval", "--min-in", "0.5", set); err == nil {
		t.Error("eval with follow-ups below --min-in exited zero")
	}
}

// TestDevDialoguesBar holds the follow-ups of the given dialogues at the
// bar: at least 90% of the answerable ones right and every unanswerable
// one refused.
func TestDevDialoguesBar(t *testing.T) {
	out, _, err := runBot(t, "", "eval", "--min-in", "0.90", "--max-false", "0", "../../testdata/dialogues/dev.jsonl")
	if err != nil {
		t.Fatalf("bot eval below the bar:\n%s", out)
	}
	t.Log(out)
}

// heldOutDialoguesSHA256 is the hash of testdata/dialogues/heldout.jsonl as
// frozen: it measures follow-ups honestly only while nobody edits it.
const heldOutDialoguesSHA256 = "2556f912544339fff68d8f4887f58051ed074bee2ba765dd3276fab752f77a6f"

func TestHeldOutDialoguesFrozen(t *testing.T) {
	data, err := os.ReadFile("../../testdata/dialogues/heldout.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	if got := hex.EncodeToString(sum[:]); got != heldOutDialoguesSHA256 {
		t.Errorf("testdata/dialogues/heldout.jsonl changed (sha256 %s): the held-out dialogues are frozen", got)
	}
}
