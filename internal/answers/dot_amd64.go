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

// hasAVX is set when the processor and system have AVX, hasAVX2 when they
// have AVX2 too.
var (
	hasAVX  = wordvec.HasAVX()
	hasAVX2 = wordvec.HasAVX2()
)

// dot8AVX is in dot_amd64.s; rows holds eight rows of len(a).
//
//go:noescape
func dot8AVX(a, rows []float32, out *[8]float32)

// dot8I16AVX2 is in dot_amd64.s; rows holds eight rows of len(a), which
// is at least sixteen.
//
//go:noescape
func dot8I16AVX2(a []int16, tail *[16]int16, rows []int8, out *[8]int32)

// intDots sets out[k] to the integer dot product of a with row first+k of
// the table's values, for each k: eight rows at a time where the
// processor has AVX2 and there are eight rows of sixteen elements or more
// (the last eight again for the rows after the last whole eight), else
// one at a time. Integer sums are exact, so either way gives the same.
func (q quantized) intDots(a []int16, first int, out []int32) {
	n := len(a)
	rows := q.Values[first*n : (first+len(out))*n]
	if hasAVX2 && len(out) >= 8 && n >= 16 {
		var tail [16]int16
		copy(tail[16-n%16:], a[n-n%16:])
		for k := 0; k < len(out); k += 8 {
			k := min(k, len(out)-8)
			dot8I16AVX2(a, &tail, rows[k*n:(k+8)*n], (*[8]int32)(out[k:k+8]))
		}
		return
	}
	for k := range out {
		out[k] = intDot(a, rows[k*n:(k+1)*n])
	}
}
