//go:build !amd64

package answers

// dot is the dot product of two vectors of equal length (see dotGo).
func dot(a, b []float32) float32 { return dotGo(a, b) }
