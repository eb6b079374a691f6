package answers

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTruncate(t *testing.T) {
	for _, s := range []string{"", "ab", "hello world", "Çavuşoğlu Çavuşoğlu", strings.Repeat("é", 50)} {
		for n := 0; n <= len(s)+2; n++ {
			got := truncate(s, n)
			if len(got) > n && len(s) > n || !utf8.ValidString(got) {
				t.Errorf("truncate(%q, %d) = %q: too long or not UTF-8", s, n, got)
			}
			if len(s) <= n && got != s {
				t.Errorf("truncate(%q, %d) = %q, want it whole", s, n, got)
			}
		}
	}
}
