package answers

import (
	"fmt"
	"math"
	"testing"
)

// TestAnsweredReasonIsSprintf checks answeredReason against the fmt.Sprintf
// it stands for, on ids that need escaping and on values that round up,
// down, to zero and past one.
func TestAnsweredReasonIsSprintf(t *testing.T) {
	ids := []string{"nato-summit", "", `say "hi"`, "tab\there", "ünïcode", "\x00\xff"}
	values := []float64{0, math.Copysign(0, -1), 0.005, 0.015, 0.125, 0.994999, 0.995, 1, 1.5, -0.25, math.Inf(1), math.NaN()}
	for _, id := range ids {
		for _, r := range values {
			for _, c := range values {
				want := fmt.Sprintf("fact %q: ranker %.2f, confidence %.2f", id, r, c)
				if got := answeredReason(id, r, c); got != want {
					t.Errorf("answeredReason(%q, %v, %v) = %q, want %q", id, r, c, got, want)
				}
			}
		}
	}
}
