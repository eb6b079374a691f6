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

// dotRows reports false: the rows are to be read as float32 (see the
// amd64 dotRows).
func (q quantized) dotRows(a []float32, first int, out []float32) bool { return false }
