package wordvec

// AddScaled adds s times each element of v to dst's, which has at least
// len(v) elements. Where the processor has AVX2 it works eight elements to
// an instruction, each converted, multiplied and added by itself as the Go
// does (addScaledGo), so the same result to the last bit.
func AddScaled(dst []float32, s float32, v []int8) {
	if hasAVX2 {
		addScaledAVX2(dst[:len(v)], s, v)
		return
	}
	addScaledGo(dst, s, v)
}

// HasAVX reports whether the processor and system have AVX: the check any
// AVX kernel needs, the answer engine's among them.
func HasAVX() bool { return hasAVX }

// HasAVX2 reports whether the processor and system have AVX2 as well.
func HasAVX2() bool { return hasAVX2 }

// hasAVX is set when the processor and system have AVX, hasAVX2 when they
// have AVX2 too.
var (
	hasAVX  = cpuHasAVX()
	hasAVX2 = hasAVX && cpuHasAVX2()
)

// cpuHasAVX and cpuHasAVX2 are in add_amd64.s.
func cpuHasAVX() bool
func cpuHasAVX2() bool

// addScaledAVX2 is in add_amd64.s; dst and v have the same length.
//
//go:noescape
func addScaledAVX2(dst []float32, s float32, v []int8)
