package answers

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

// dot4 sets out[k] to dot(a, row k of rows), for the four rows of len(a)
// that rows holds one after another: dot4SSE computes them side by side.
func dot4(a, rows []float32, out *[4]float32) {
	dot4SSE(a, rows[:4*len(a)], out)
}

// dot4SSE is in dot_amd64.s; rows holds four rows of len(a).
//
//go:noescape
func dot4SSE(a, rows []float32, out *[4]float32)
