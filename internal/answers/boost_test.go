package answers

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"strconv"
	"testing"

	"github.com/articlebot/articlebot/config"
)

// TestBaggedGateIsTheMeanOfItsBags checks that the joined ensemble's
// log-odds is the mean of those of ensembles fitted on the same resamples,
// and that it learns an interaction one feature alone cannot show.
func TestBaggedGateIsTheMeanOfItsBags(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var x [][]float64
	var y []float64
	for range 400 {
		a, b := rng.Float64(), rng.Float64()
		x = append(x, []float64{a, b})
		label := 0.0
		if (a > 0.5) != (b > 0.5) {
			label = 1
		}
		y = append(y, label)
	}
	keys := make([]uint64, len(y))
	for i := range keys {
		keys[i] = keyOf(strconv.Itoa(i))
	}
	const bags, seed = 3, 9
	got := bagBoosted(x, y, nil, keys, 40, 2, 1, 0.3, bags, seed)
	if len(got.Trees) != 3*40 {
		t.Fatalf("%d trees, want %d", len(got.Trees), 3*40)
	}
	// the same resamples, fitted one by one
	var members []boosted
	for b := range bags {
		w := make([]float64, len(y))
		for i := range w {
			w[i] = poisson1(keyed(keys[i], seed+uint64(b)))
		}
		members = append(members, fitBoosted(x, y, w, 40, 2, 1, 0.3))
	}
	right := 0
	for i, row := range x {
		mean := 0.0
		for _, m := range members {
			mean += m.logit(row) / bags
		}
		if z := got.logit(row); math.Abs(z-mean) > 1e-4 { // values kept as float32
			t.Fatalf("row %d: log-odds %v, mean of the bags %v", i, z, mean)
		}
		if (got.logit(row) > 0) == (y[i] == 1) {
			right++
		}
	}
	if right < 340 {
		t.Errorf("%d of 400 rows right on an exclusive-or, want at least 340", right)
	}
}

// TestTreeJSONReadsBackExactly checks that trees written with their numbers
// as float32 read back, rounded as ParseModel rounds them, to the same
// values.
func TestTreeJSONReadsBackExactly(t *testing.T) {
	in := boosted{Base: 0.5, Rate: 0.1, Trees: []tree{{Feature: []int{0, -1, -1}, Threshold: []float64{single(0.1), 0, 0},
		Left: []int{1, -1, -1}, Right: []int{2, -1, -1}, Value: []float64{0, single(-1.0 / 3), single(2.5e-7)}}}}
	data, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out boosted
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	out.toSingles()
	if !reflect.DeepEqual(in, out) {
		t.Errorf("%s read back as %+v, want %+v", data, out, in)
	}
}

// TestPackedGateIsTheTrees checks that the embedded model's gates, packed
// as ParseModel packs them, give the trees' log-odds to the last bit, on
// inputs drawn around and at the trees' thresholds: laid out by levels, as
// gates no deeper than maxLevels are, their splits read by condition and
// read each, and with their packed nodes walked.
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
		deepest := 0
		for i := range gate.Trees {
			deepest = max(deepest, gate.Trees[i].depth(0))
		}
		if deepest <= maxLevels && (gate.levels != deepest || gate.leaves == nil) {
			t.Fatalf("trees up to %d splits deep laid out by %d levels", deepest, gate.levels)
		}
		if gate.leaves != nil && gate.levels > 1 && gate.conds == nil {
			t.Fatalf("a gate of %d levels has its conditions unnumbered", gate.levels)
		}
		t.Logf("a gate of %d trees, %d levels, %d conditions", len(gate.Trees), gate.levels, len(gate.condThreshold))
		bySplit := *gate
		bySplit.conds = nil
		walked := *gate
		walked.levels, walked.splits, walked.leaves, walked.conds = 0, nil, nil, nil
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
			want := trees.logit(x)
			if got := gate.logit(x); math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("packed %v, trees %v for %v", got, want, x)
			}
			if got := bySplit.logit(x); math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("split by split %v, trees %v for %v", got, want, x)
			}
			if got := walked.logit(x); math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("packed nodes %v, trees %v for %v", got, want, x)
			}
		}
	}
}

// TestPackLaysOutShallowTrees checks that trees are laid out by as many
// levels as the deepest splits, a leaf alone and leaves reached sooner
// among them, more trees than are walked side by side too, and walked when
// one is deeper than maxLevels or holds a number finer than float32, and
// splits at -0 and 0: each way the trees' log-odds to the last bit.
func TestPackLaysOutShallowTrees(t *testing.T) {
	stump := tree{Feature: []int{0, -1, -1}, Threshold: []float64{0.5, 0, 0}, Left: []int{1, 0, 0}, Right: []int{2, 0, 0}, Value: []float64{0, -1, 1}}
	leaf := tree{Feature: []int{-1}, Threshold: []float64{0}, Left: []int{0}, Right: []int{0}, Value: []float64{0.25}}
	// two splits on the left, a leaf at once on the right
	uneven := tree{Feature: []int{0, 1, -1, -1, -1}, Threshold: []float64{0.5, 0.25, 0, 0, 0},
		Left: []int{1, 2, 0, 0, 0}, Right: []int{4, 3, 0, 0, 0}, Value: []float64{0, 0, -2, 3, 0.5}}
	// a chain of splits on feature 1, at 0.125, 0.25 and so on
	chain := func(n int) tree {
		var tr tree
		for i := range n {
			tr.Feature = append(tr.Feature, 1, -1)
			tr.Threshold = append(tr.Threshold, 0.125*float64(i+1), 0)
			tr.Left = append(tr.Left, 2*i+1, 0)
			tr.Right = append(tr.Right, 2*i+2, 0)
			tr.Value = append(tr.Value, 0, float64(i+1))
		}
		tr.Feature = append(tr.Feature, -1)
		tr.Threshold, tr.Left, tr.Right = append(tr.Threshold, 0), append(tr.Left, 0), append(tr.Right, 0)
		tr.Value = append(tr.Value, -7)
		return tr
	}
	// splits at -0 and at 0, two conditions that hold alike
	atZero := func(z float64) tree {
		return tree{Feature: []int{0, -1, -1}, Threshold: []float64{z, 0, 0}, Left: []int{1, 0, 0}, Right: []int{2, 0, 0}, Value: []float64{0, 1.5, -0.5}}
	}
	// a split at 0.1, which float32 does not hold
	fine := tree{Feature: []int{1, -1, -1}, Threshold: []float64{0.1, 0, 0}, Left: []int{1, 0, 0}, Right: []int{2, 0, 0}, Value: []float64{0, 2, -2}}
	for _, c := range []struct {
		trees  []tree
		levels int
		walked bool
	}{
		{[]tree{leaf}, 0, false}, {[]tree{stump, leaf}, 1, false}, {[]tree{stump, uneven, leaf}, 2, false},
		{[]tree{chain(maxLevels), stump}, maxLevels, false}, {[]tree{stump, chain(maxLevels + 1)}, 0, true},
		{[]tree{stump, uneven, leaf, uneven, stump, uneven, leaf, stump, uneven}, 2, false},
		{[]tree{atZero(math.Copysign(0, -1)), uneven, atZero(0), stump, atZero(-1)}, 2, false},
		{[]tree{stump, fine}, 0, true},
	} {
		for i := range c.trees {
			if err := c.trees[i].check(2); err != nil {
				t.Fatal(err)
			}
		}
		b := boosted{Base: 0.1, Rate: 0.3, Trees: c.trees}
		b.pack()
		if b.levels != c.levels || (b.leaves == nil) != c.walked {
			t.Fatalf("%d trees: %d levels, walked %v; want %d, %v", len(c.trees), b.levels, b.leaves == nil, c.levels, c.walked)
		}
		trees := boosted{Base: b.Base, Rate: b.Rate, Trees: b.Trees}
		for _, x := range [][]float64{{0, 0}, {0.5, 0.2}, {0.4, 0.3}, {1, 0}, {0, 0.35}, {1, 1}, {0.5, 0.25}, {0.25, 0.375},
			{0, 0.1}, {0, math.Nextafter(0.1, 0)}, {math.NaN(), 0.1}, {0.2, math.NaN()},
			{math.Copysign(0, -1), 0.3}, {-1e-300, 0}, {1e-300, 0}, {-1, 0}, {-2, 1}} {
			if got, want := b.logit(x), trees.logit(x); math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("%d trees, x %v: packed %v, trees %v", len(c.trees), x, got, want)
			}
		}
	}
}

// TestResampleIsPerRow checks that a row's count in a resample is its own
// draw: dropping other rows leaves it as it was, and over many rows the
// counts average one, as a bootstrap's do.
func TestResampleIsPerRow(t *testing.T) {
	const n = 20000
	sum := 0.0
	for i := range n {
		sum += poisson1(keyed(keyOf(strconv.Itoa(i)), 3))
	}
	if mean := sum / n; math.Abs(mean-1) > 0.03 {
		t.Errorf("mean count %.3f, want about 1", mean)
	}
	k := keyOf("a question", "id-7")
	if a, b := poisson1(keyed(k, 5)), poisson1(keyed(k, 5)); a != b {
		t.Errorf("the same row drew %v and %v", a, b)
	}
}
