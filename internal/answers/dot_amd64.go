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
