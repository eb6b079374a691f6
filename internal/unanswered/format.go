package unanswered

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
)

// otherPhrasings is how many phrasings besides the representative one a
// report shows per group.
const otherPhrasings = 3

// Format writes a report of groups for a curator: for each, its rank, how
// often it was asked and where, its most frequent phrasing and up to three
// others, the fact to extend (or a note that no fact comes near) and when
// it was first and last asked. limit caps the groups shown; zero or less
// shows all. Questions are quoted with Go escapes, so user text cannot
// smuggle control characters into the curator's terminal.
func Format(w io.Writer, groups []Group, limit int) error {
	total := 0
	for _, g := range groups {
		total += g.Count
	}
	shown := groups
	if limit > 0 && limit < len(groups) {
		shown = groups[:limit]
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s in %s", plural(total, "unanswered question"), plural(len(groups), "group"))
	if len(shown) < len(groups) {
		fmt.Fprintf(&b, ", top %d shown", len(shown))
	}
	b.WriteString("\n")
	for i, g := range shown {
		fmt.Fprintf(&b, "\n%d. asked %s (%s)\n", i+1, plural(g.Count, "time"), platforms(g.Platforms))
		if len(g.Questions) > 0 {
			fmt.Fprintf(&b, "   %q\n", g.Questions[0])
		}
		others := g.Questions[min(1, len(g.Questions)):]
		if len(others) > 0 {
			b.WriteString("   also asked as:\n")
			for _, q := range others[:min(otherPhrasings, len(others))] {
				fmt.Fprintf(&b, "     %q\n", q)
			}
			if n := len(others) - otherPhrasings; n > 0 {
				fmt.Fprintf(&b, "     and %s\n", plural(n, "more phrasing"))
			}
		}
		if g.Candidate != "" {
			fmt.Fprintf(&b, "   suggested fact to extend: %s\n", g.Candidate)
		} else {
			b.WriteString("   not in the article: no fact comes near\n")
		}
		fmt.Fprintf(&b, "   first seen %s, last seen %s\n", when(g.First), when(g.Last))
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("writing the unanswered report: %w", err)
	}
	return nil
}

// platforms lists platform counts, most first, then by name.
func platforms(m map[string]int) string {
	names := slices.SortedFunc(maps.Keys(m), func(a, b string) int {
		return cmp.Or(cmp.Compare(m[b], m[a]), cmp.Compare(a, b))
	})
	parts := make([]string, len(names))
	for i, n := range names {
		if n == "" {
			parts[i] = fmt.Sprintf("unknown platform %d", m[n])
		} else {
			parts[i] = fmt.Sprintf("%s %d", n, m[n])
		}
	}
	return strings.Join(parts, ", ")
}

// when renders a time in UTC to the minute.
func when(t time.Time) string {
	if t.IsZero() {
		return "unknown"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// plural writes n and noun, adding an s unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
