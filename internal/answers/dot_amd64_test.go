package answers

import "testing"

// TestDotsWithoutAVX checks dots as a processor without AVX computes it,
// four rows at a time, and reports which way this one computes it.
func TestDotsWithoutAVX(t *testing.T) {
	t.Logf("this processor has AVX: %v", hasAVX)
	defer func(was bool) { hasAVX = was }(hasAVX)
	hasAVX = false
	checkDots(t)
}
