package unanswered

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/articlebot/articlebot/internal/answers"
)

func TestEntryFor(t *testing.T) {
	paris := time.FixedZone("CET", 3600)
	now := time.Date(2026, 11, 26, 10, 30, 0, 0, paris)
	long := strings.Repeat("é", maxQuestionBytes) // 2 bytes a rune
	tests := []struct {
		name      string
		question  string
		a         answers.Answer
		wantQ     string
		wantCands []string
	}{
		{
			name:      "fact and runner-up",
			question:  "What price did Turkey pay for S-400s?",
			a:         answers.Answer{Status: answers.StatusUnknown, FactID: "gap-s400-price", Why: answers.Explanation{RunnerUp: "s400-existing-sanctions"}},
			wantQ:     "What price did Turkey pay for S-400s?",
			wantCands: []string{"gap-s400-price", "s400-existing-sanctions"},
		},
		{
			name:      "runner-up only",
			question:  "what is the weather in brussels",
			a:         answers.Answer{Status: answers.StatusSuggest, Why: answers.Explanation{RunnerUp: "trip-destination"}},
			wantQ:     "what is the weather in brussels",
			wantCands: []string{"trip-destination"},
		},
		{
			name:      "runner-up repeats the fact",
			question:  "q",
			a:         answers.Answer{Status: answers.StatusUnknown, FactID: "x", Why: answers.Explanation{RunnerUp: "x"}},
			wantQ:     "q",
			wantCands: []string{"x"},
		},
		{
			name:      "no candidates",
			question:  "hello",
			a:         answers.Answer{Status: answers.StatusMeta},
			wantQ:     "hello",
			wantCands: []string{},
		},
		{
			name:      "user text kept as is",
			question:  "  <@U123> \"quoted\"\nnew line\t ",
			a:         answers.Answer{Status: answers.StatusUnknown},
			wantQ:     "  <@U123> \"quoted\"\nnew line\t ",
			wantCands: []string{},
		},
		{
			name:      "long question kept whole: Write cuts it",
			question:  "x" + long,
			a:         answers.Answer{Status: answers.StatusMeta},
			wantQ:     "x" + long,
			wantCands: []string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := EntryFor("slack", tt.question, tt.a, now)
			if !e.Time.Equal(now) || e.Time.Location() != time.UTC {
				t.Errorf("Time = %v, want %v in UTC", e.Time, now)
			}
			if e.Platform != "slack" {
				t.Errorf("Platform = %q, want slack", e.Platform)
			}
			if e.Status != string(tt.a.Status) {
				t.Errorf("Status = %q, want %q", e.Status, tt.a.Status)
			}
			if e.Question != tt.wantQ {
				t.Errorf("Question = %q (%d bytes), want %q (%d bytes)", e.Question, len(e.Question), tt.wantQ, len(tt.wantQ))
			}
			if e.Candidates == nil || !slices.Equal(e.Candidates, tt.wantCands) {
				t.Errorf("Candidates = %#v, want %#v", e.Candidates, tt.wantCands)
			}
		})
	}
}
