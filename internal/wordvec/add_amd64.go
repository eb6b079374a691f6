package wordvec

// addBytes is addBytesGo eight elements to an instruction where the
// processor has AVX2: each element is converted, multiplied and added by
// itself, as the Go does, so the same result to the last bit.
func addBytes(dst []float32, s float32, v []byte) {
	if hasAVX2 {
		addBytesAVX2(dst[:len(v)], s, v)
		return
	}
	addBytesGo(dst, s, v)
}

// hasAVX2 is set when the processor and system have AVX and AVX2.
var hasAVX2 = cpuHasAVX() && cpuHasAVX2()

// cpuHasAVX and cpuHasAVX2 are in add_amd64.s.
func cpuHasAVX() bool
func cpuHasAVX2() bool

// addBytesAVX2 is in add_amd64.s; dst and v have the same length.
//
//go:noescape
func addBytesAVX2(dst []float32, s float32, v []byte)
