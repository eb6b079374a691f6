package answers

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestDotsWithoutAVX checks dots as a processor without AVX computes it,
// four rows at a time, and reports which way this one computes it.
func TestDotsWithoutAVX(t *testing.T) {
	t.Logf("this processor has AVX: %v", hasAVX)
	defer func(was bool) { hasAVX = was }(hasAVX)
	hasAVX = false
	checkDots(t)
}

// TestDotRowsIsDotRow checks that dotRows gives dotRow's result for each
// row, to the last bit, for every length from 1 to 129 and every number of
// rows up to 20 from a few first rows: eights, and the last eight again.
// It reads rows only where the processor has AVX2 and there are eight.
func TestDotRowsIsDotRow(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for n := 1; n < 130; n++ {
		table := make([]float32, 30*n)
		for i := range table {
			table[i] = float32(r.NormFloat64() * math.Pow(10, float64(r.IntN(9)-4)))
		}
		q := quantize(table, n)
		a := make([]float32, n)
		for i := range a {
			a[i] = float32(r.NormFloat64() * math.Pow(10, float64(r.IntN(9)-4)))
		}
		for rowCount := range 21 {
			for _, first := range []int{0, 3, 30 - rowCount} {
				out := make([]float32, rowCount)
				if !q.dotRows(a, first, out) {
					if hasAVX2 && rowCount >= 8 {
						t.Fatalf("length %d, %d rows: dotRows declined", n, rowCount)
					}
					continue
				}
				for k, got := range out {
					if want := q.dotRow(a, first+k); math.Float32bits(got) != math.Float32bits(want) {
						t.Fatalf("length %d, %d rows from %d, row %d: dotRows %v, dotRow %v", n, rowCount, first, k, got, want)
					}
				}
			}
		}
	}
}
