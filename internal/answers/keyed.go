package answers

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
)

// Fitting draws its random numbers per item, from the item's own key, not
// from one stream in the items' order: a question added to or dropped from
// the training data then changes its own draws only, and a refitted model
// differs from the last by what changed, not by a reshuffle of everything.

// keyOf is a stable key for an item of training data: a hash of its parts.
func keyOf(parts ...string) uint64 {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return h.Sum64()
}

// keyed is the random stream of one item for one use (salt).
func keyed(key, salt uint64) *rand.Rand {
	return rand.New(rand.NewPCG(key, salt))
}

// poisson1 draws from a Poisson distribution of mean 1: how often an item
// appears in a bootstrap resample of a large set.
func poisson1(r *rand.Rand) float64 {
	limit, p, k := math.Exp(-1), r.Float64(), 0
	for p > limit {
		p *= r.Float64()
		k++
	}
	return float64(k)
}
