//go:build !amd64

package answers

// dot is the dot product of two vectors of equal length (see dotGo).
func dot(a, b []float32) float32 { return dotGo(a, b) }

// dots sets out[k] to dot(a, row k of rows), for the len(out) rows of
// len(a) that rows holds one after another.
func dots(a, rows, out []float32) {
	n := len(a)
	for k := range out {
		out[k] = dotGo(a, rows[k*n:(k+1)*n])
	}
}

// intDots sets out[k] to the integer dot product of a with row first+k of
// the table's values, for each k.
func (q quantized) intDots(a []int16, first int, out []int32) {
	n := len(a)
	for k := range out {
		out[k] = intDot(a, q.Values[(first+k)*n:(first+k+1)*n])
	}
}
