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

// TestAddScaledWithoutAVX2 checks addScaled as a processor without AVX2
// computes it, and reports which way this one computes it.
func TestAddScaledWithoutAVX2(t *testing.T) {
	t.Logf("this processor has AVX2: %v", hasAVX2)
	defer func(was bool) { hasAVX2 = was }(hasAVX2)
	hasAVX2 = false
	TestAddScaledIsAddScaledGo(t)
}
