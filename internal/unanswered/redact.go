package unanswered

import (
	"regexp"
	"strings"
	"sync"
)

// Personal data that users type into a question is replaced before the
// question is logged: an e-mail address by [email], a run of digits long
// enough to be a phone, card or account number by [number].
// They are compiled on first use: their Unicode classes take half a
// millisecond that a command not writing the log should not pay at start.
var (
	emailAddress = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`[\p{L}\p{N}._%+-]+@\p{L}[\p{L}\p{N}-]*(?:\.[\p{L}\p{N}-]+)*`)
	})
	// digitRun (group 1) is digits with at most two separators between
	// them, as numbers are written ("+1 (555) 123-4567", "06.12.34.56.78"),
	// and not glued to a word before it ("s400").
	digitRun = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?:^|[^\p{L}\p{N}])(\+?\(?\d(?:[ ().-]{0,2}\d)*)`)
	})
)

// minDigits is how many digits a run holds when it is personal data: a
// phone number with its area code has nine or more ("020 7946 0958"),
// while the figures in a question about an article have fewer: a year, a
// date ("2021-03-24" has eight), "S-400", "May 1".
const minDigits = 9

// redact replaces e-mail addresses and long digit runs in s.
func redact(s string) string {
	s = emailAddress().ReplaceAllString(s, "[email]")
	var b strings.Builder
	last := 0
	for _, m := range digitRun().FindAllStringSubmatchIndex(s, -1) {
		start, end := m[2], m[3]
		if digitCount(s[start:end]) < minDigits {
			continue
		}
		b.WriteString(s[last:start])
		b.WriteString("[number]")
		last = end
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// digitCount counts the ASCII digits in s.
func digitCount(s string) int {
	n := 0
	for i := range len(s) {
		if s[i] >= '0' && s[i] <= '9' {
			n++
		}
	}
	return n
}
