package unanswered

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/articlebot/articlebot/internal/answers"
)

func TestRedact(t *testing.T) {
	tests := []struct{ in, want string }{
		// E-mail addresses.
		{"mail me at bob.smith+nato@example.co.uk please", "mail me at [email] please"},
		{"BOB@EXAMPLE.COM: who is stoltenberg?", "[email]: who is stoltenberg?"},
		{"<mailto:jo@ex.org|jo@ex.org> what did blinken say", "<mailto:[email]|[email]> what did blinken say"},
		{"josé.garcía@correo.es", "[email]"},
		{"me@home", "[email]"},
		// Phone, card and account numbers.
		{"call me on +1 (555) 123-4567", "call me on [number]"},
		{"555-123-4567 or 020 7946 0958?", "[number] or [number]?"},
		{"my number: 06 12 34 56 78, thanks", "my number: [number], thanks"},
		{"+33 6 12 34 56 78", "[number]"},
		{"06.12.34.56.78", "[number]"},
		{"0031612345678", "[number]"},
		{"card 4111 1111 1111 1111", "card [number]"},
		{"s400 123456789", "s400 [number]"},
		// Not personal data: kept.
		{"How much did Turkey pay for the S-400s?", "How much did Turkey pay for the S-400s?"},
		{"what happened on 2021-03-24 and March 24, 2021?", "what happened on 2021-03-24 and March 24, 2021?"},
		{"did the 29 allies meet the 2 percent target by 2024?", "did the 29 allies meet the 2 percent target by 2024?"},
		{"what about the May 1 deadline, $500,000,000 and 17 times 23", "what about the May 1 deadline, $500,000,000 and 17 times 23"},
		{"<@U024BE7LH> @everyone nato@70? @SecBlinken", "<@U024BE7LH> @everyone nato@70? @SecBlinken"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := redact(tt.in); got != tt.want {
			t.Errorf("redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestWriteRedacts writes what bot serve writes for a question holding
// personal data and checks that none of it reaches the file, and that a
// long question is cut after redaction, on a rune boundary.
func TestWriteRedacts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "unanswered.jsonl")
	l, err := Open(path, 1<<20, 1)
	if err != nil {
		t.Fatal(err)
	}
	unknown := answers.Answer{Status: answers.StatusUnknown}
	long := strings.Repeat("é", maxQuestionBytes) // 2 bytes a rune
	for _, q := range []string{
		"I'm jane.doe@example.com, call +44 20 7946 0958: how old is blinken?",
		"x" + long[:maxQuestionBytes-10] + " jane.doe@example.com",
		"x" + long,
	} {
		if err := l.Write(EntryFor("slack", q, unknown, t0)); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"jane", "doe@", "7946", "0958"} {
		if strings.Contains(string(data), secret) {
			t.Errorf("the log holds %q:\n%s", secret, data)
		}
	}
	es := lines(t, path)
	if len(es) != 3 {
		t.Fatalf("%d lines, want 3", len(es))
	}
	if want := "I'm [email], call [number]: how old is blinken?"; es[0].Question != want {
		t.Errorf("question = %q, want %q", es[0].Question, want)
	}
	if !strings.HasSuffix(es[1].Question, "é [email]") {
		t.Errorf("question near the cap ends %q, want the address redacted", es[1].Question[len(es[1].Question)-20:])
	}
	if want := "x" + long[:maxQuestionBytes-2]; es[2].Question != want {
		t.Errorf("long question: %d bytes, want %d, cut on a rune boundary", len(es[2].Question), len(want))
	}
}
