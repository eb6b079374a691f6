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

// TestIntDots checks that intDots gives intDot's result for each row, for
// every length from 1 to 129 and every number of rows up to 20 from a few
// first rows: eight at a time where the processor has AVX2, and the last
// eight again, with the largest values either side.
func TestIntDots(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for n := 1; n < 130; n++ {
		q := quantized{Values: make([]int8, 30*n)}
		for i := range q.Values {
			q.Values[i] = int8(r.IntN(256) - 128)
		}
		a := make([]int16, n)
		for i := range a {
			a[i] = int16(r.IntN(1<<16) - 1<<15)
		}
		a[0], q.Values[0] = math.MinInt16, math.MinInt8
		for rowCount := range 21 {
			for _, first := range []int{0, 3, 30 - rowCount} {
				out := make([]int32, rowCount)
				q.intDots(a, first, out)
				for k, got := range out {
					if want := intDot(a, q.Values[(first+k)*n:(first+k+1)*n]); got != want {
						t.Fatalf("length %d, %d rows from %d, row %d: intDots %d, intDot %d", n, rowCount, first, k, got, want)
					}
				}
			}
		}
	}
}
