package answers

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/articlebot/articlebot/config"
)

// TestPackedGateIsTheTrees checks that the embedded model's gates, packed
// as ParseModel packs them, give the trees' log-odds to the last bit, on
// inputs drawn around and at the trees' thresholds.
func TestPackedGateIsTheTrees(t *testing.T) {
	m, _, err := ReadModel(config.Knowledge)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(11, 12))
	for _, gate := range []*boosted{&m.Gate, &m.Portable.Gate} {
		if gate.roots == nil {
			t.Fatal("ParseModel left the gate unpacked")
		}
		var thresholds []float64
		for _, tr := range gate.Trees {
			thresholds = append(thresholds, tr.Threshold...)
		}
		trees := boosted{Base: gate.Base, Rate: gate.Rate, Trees: gate.Trees}
		x := make([]float64, len(gateFeatures))
		for range 2000 {
			for i := range x {
				x[i] = thresholds[r.IntN(len(thresholds))]
				if r.IntN(2) == 0 {
					x[i] += r.NormFloat64()
				}
			}
			if got, want := gate.logit(x), trees.logit(x); math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("packed %v, trees %v for %v", got, want, x)
			}
		}
	}
}
