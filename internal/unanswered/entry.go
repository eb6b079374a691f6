// Package unanswered is the bot's curation loop: it records the questions the
// engine did not answer in a log (JSON Lines, rotated by size) and summarises
// that log for a curator, grouping paraphrases of one question so the next
// facts to write are obvious.
//
// It imports the standard library, internal/answers (for the Answer it
// records) and internal/field (for its Config's errors); it knows nothing of
// chat platforms, configuration files or flags. It never logs: Log writes
// entries, and errors are returned to the caller.
package unanswered

import (
	"slices"
	"time"
	"unicode/utf8"

	"github.com/articlebot/articlebot/internal/answers"
)

// maxQuestionBytes caps the question the log stores. The engine reads at
// most this much of a question, so nothing beyond it can matter to a curator,
// and the cap keeps one pasted document from filling the log.
const maxQuestionBytes = 4 * answers.MaxQuestionLen

// Entry is one unanswered question, one line of the log. It holds no user id
// and nothing secret: only when, where, what was asked and what the engine
// thought of it. The log stores the question without the e-mail addresses
// and phone numbers users type into it (see Log.Write).
type Entry struct {
	// Time is when the question was asked, in UTC.
	Time time.Time `json:"time"`
	// Platform is where it was asked: "slack", "discord", "repl", ...
	Platform string `json:"platform"`
	// Question is the user's text; in the log, personal data replaced and
	// cut to at most 4000 bytes.
	Question string `json:"question"`
	// Status is the answer's status: suggest, unknown or meta.
	Status string `json:"status"`
	// Candidates are the ids of the facts the engine came closest with, best
	// first, without duplicates or empty ids.
	Candidates []string `json:"candidates"`
}

// EntryFor builds the log entry for question, asked on platform at now, that
// the engine answered with a. Its candidates are a.FactID, then
// a.Why.RunnerUp, skipping empty and repeated ids.
func EntryFor(platform, question string, a answers.Answer, now time.Time) Entry {
	cands := make([]string, 0, 2)
	for _, id := range []string{a.FactID, a.Why.RunnerUp} {
		if id != "" && !slices.Contains(cands, id) {
			cands = append(cands, id)
		}
	}
	return Entry{
		Time:       now.UTC().Round(0),
		Platform:   platform,
		Question:   question,
		Status:     string(a.Status),
		Candidates: cands,
	}
}

// capBytes cuts s to at most n bytes, on a rune boundary.
func capBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
