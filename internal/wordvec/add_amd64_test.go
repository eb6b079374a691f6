package wordvec

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestAddScaledIsAddScaledGo checks that AddScaled gives addScaledGo's sums
// to the last bit, for every length up to 130 and every int8, on scales and
// sums of very different sizes and signs, with AVX2 where the processor has
// it and without.
func TestAddScaledIsAddScaledGo(t *testing.T) {
	defer func(was bool) { hasAVX2 = was }(hasAVX2)
	for _, avx2 := range []bool{hasAVX2, false} {
		hasAVX2 = avx2
		r := rand.New(rand.NewPCG(13, 14))
		for n := range 130 {
			for range 50 {
				v := make([]int8, n)
				for i := range v {
					v[i] = int8(r.IntN(256) - 128)
				}
				s := float32(r.NormFloat64() * math.Pow(10, float64(r.IntN(13)-6)))
				got, want := make([]float32, n+r.IntN(3)), make([]float32, n)
				for i := range want {
					want[i] = float32(r.NormFloat64() * math.Pow(10, float64(r.IntN(13)-6)))
					got[i] = want[i]
				}
				AddScaled(got, s, v)
				addScaledGo(want, s, v)
				for i := range want {
					if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
						t.Fatalf("AVX2 %v, length %d, element %d: AddScaled %v, addScaledGo %v", avx2, n, i, got[i], want[i])
					}
				}
			}
		}
	}
}
