package answers

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestDotIsDotGo checks that dot gives dotGo's result to the last bit, for
// every length up to a few rows of eight past the vectors' 100 dimensions,
// on values of very different sizes and signs, and on the special values.
func TestDotIsDotGo(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	value := func() float32 {
		switch r.IntN(20) {
		case 0:
			return 0
		case 1:
			return float32(math.Copysign(0, -1))
		case 2:
			return math.MaxFloat32
		case 3:
			return math.SmallestNonzeroFloat32
		}
		return float32(r.NormFloat64() * math.Pow(10, float64(r.IntN(13)-6)))
	}
	for n := range 130 {
		for range 200 {
			a, b := make([]float32, n), make([]float32, n+r.IntN(3))
			for i := range a {
				a[i] = value()
			}
			for i := range b {
				b[i] = value()
			}
			if got, want := dot(a, b), dotGo(a, b); math.Float32bits(got) != math.Float32bits(want) {
				t.Fatalf("length %d: dot %v (%#x), dotGo %v (%#x)\na=%v\nb=%v", n, got, math.Float32bits(got), want, math.Float32bits(want), a, b)
			}
		}
	}
	nan := float32(math.NaN())
	for _, x := range []float32{nan, float32(math.Inf(1)), float32(math.Inf(-1))} {
		a, b := make([]float32, 100), make([]float32, 100)
		for i := range a {
			a[i], b[i] = 1, float32(i)
		}
		a[37] = x
		if got, want := dot(a, b), dotGo(a, b); got != want && !(got != got && want != want) {
			t.Errorf("with %v: dot %v, dotGo %v", x, got, want)
		}
	}
}

func BenchmarkDot(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 6))
	x, y := make([]float32, 100), make([]float32, 100)
	for i := range x {
		x[i], y[i] = r.Float32(), r.Float32()
	}
	var s float32
	for b.Loop() {
		s += dot(x, y)
	}
	_ = s
}

// TestDotsIsDotGo checks that dots gives dotGo's result for each row, to
// the last bit, for every length up to 130 and every number of rows up to
// 20: rows in eights, fours and ones.
func TestDotsIsDotGo(t *testing.T) {
	checkDots(t)
}

func checkDots(t *testing.T) {
	t.Helper()
	r := rand.New(rand.NewPCG(7, 8))
	for n := range 130 {
		for rowCount := range 21 {
			a, rows := make([]float32, n), make([]float32, rowCount*n+r.IntN(3))
			for i := range a {
				a[i] = float32(r.NormFloat64() * math.Pow(10, float64(r.IntN(9)-4)))
			}
			for i := range rows {
				rows[i] = float32(r.NormFloat64() * math.Pow(10, float64(r.IntN(9)-4)))
			}
			out := make([]float32, rowCount)
			dots(a, rows, out)
			for k, got := range out {
				if want := dotGo(a, rows[k*n:(k+1)*n]); math.Float32bits(got) != math.Float32bits(want) {
					t.Fatalf("length %d, %d rows, row %d: dots %v, dotGo %v", n, rowCount, k, got, want)
				}
			}
		}
	}
}

// TestRoundRowRoundsAsMathRound checks roundRow against math.Round: on
// random meanings, ones holding exact halves, and every quotient next to a
// half of the int16 range.
func TestRoundRowRoundsAsMathRound(t *testing.T) {
	want := func(x []float32) ([]int16, float64) {
		var peak float64
		for _, v := range x {
			peak = max(peak, math.Abs(float64(v)))
		}
		scale := peak / math.MaxInt16
		out := make([]int16, len(x))
		for k, v := range x {
			if scale > 0 {
				out[k] = int16(max(-math.MaxInt16, min(math.MaxInt16, math.Round(float64(v)/scale))))
			}
		}
		return out, scale
	}
	r := rand.New(rand.NewPCG(15, 16))
	x := make([]float32, 100)
	got := make([]int16, 100)
	for range 20000 {
		for i := range x {
			x[i] = float32(r.NormFloat64() * 0.1)
			if r.IntN(10) == 0 {
				x[i] = float32(math.Round(r.NormFloat64()*1000)) / 8
			}
		}
		w, ws := want(x)
		if s := roundRow(got, x); s != ws || !slices.Equal(got, w) {
			t.Fatalf("%v: roundRow %v (scale %v), math.Round %v (scale %v)", x, got, s, w, ws)
		}
	}
	if s := roundRow(got[:3], []float32{0, 0, 0}); s != 0 || got[0] != 0 {
		t.Fatal("a zero meaning is not rounded to zeros")
	}
	// the rounding of every quotient next to a half, with the scale 1
	x = []float32{math.MaxInt16, 0}
	for y := float32(-32767.5); y <= 32767.5; y += 0.5 {
		for _, z := range []float32{y, math.Nextafter32(y, 1e9), math.Nextafter32(y, -1e9)} {
			x[1] = z
			w, _ := want(x)
			if roundRow(got[:2], x); got[1] != w[1] {
				t.Fatalf("%v rounds to %d, math.Round to %d", z, got[1], w[1])
			}
		}
	}
}
