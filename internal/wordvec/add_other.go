//go:build !amd64

package wordvec

// AddScaled adds s times each element of v to dst's, which has at least
// len(v) elements.
func AddScaled(dst []float32, s float32, v []int8) { addScaledGo(dst, s, v) }
