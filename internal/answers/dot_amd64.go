package answers

import "github.com/articlebot/articlebot/internal/wordvec"

// dot is dotGo computed four lanes to an instruction: the same products,
// added lane by lane in the same order, so the same result to the last bit
// (dot_test.go checks it) in less than half the time. SSE is part of every
// amd64 processor.
func dot(a, b []float32) float32 {
	return dotSSE(a, b[:len(a)])
}

// dotSSE is in dot_amd64.s; b is at least as long as a.
//
//go:noescape
func dotSSE(a, b []float32) float32

// dot4SSE is in dot_amd64.s; rows holds four rows of len(a).
//
//go:noescape
func dot4SSE(a, rows []float32, out *[4]float32)

// dots sets out[k] to dot(a, row k of rows), for the len(out) rows of
// len(a) that rows holds one after another: eight rows side by side where
// the processor has AVX, whose one instruction multiplies or adds the eight
// lanes that dotSSE's two do (the same result, to the last bit), then four.
func dots(a, rows, out []float32) {
	n := len(a)
	rows = rows[:len(out)*n]
	k := 0
	if hasAVX {
		for ; k+8 <= len(out); k += 8 {
			dot8AVX(a, rows[k*n:(k+8)*n], (*[8]float32)(out[k:k+8]))
		}
	}
	for ; k+4 <= len(out); k += 4 {
		dot4SSE(a, rows[k*n:(k+4)*n], (*[4]float32)(out[k:k+4]))
	}
	for ; k < len(out); k++ {
		out[k] = dotSSE(a, rows[k*n:(k+1)*n])
	}
}

// hasAVX is set when the processor and system have AVX.
var hasAVX = wordvec.HasAVX()

// dot8AVX is in dot_amd64.s; rows holds eight rows of len(a).
//
//go:noescape
func dot8AVX(a, rows []float32, out *[8]float32)
