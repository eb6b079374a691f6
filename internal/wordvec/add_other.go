//go:build !amd64

package wordvec

// addBytes adds s times each byte of v, read as an int8, to dst's elements.
func addBytes(dst []float32, s float32, v []byte) { addBytesGo(dst, s, v) }
