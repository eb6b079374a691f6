package answers

import (
	"fmt"
	"math"
	"slices"
	"strconv"
)

// boosted is a small ensemble of regression trees fitted by gradient
// boosting on the logistic loss: it weighs interactions a linear model
// cannot, such as a gap's nearness mattering more for "who" questions.
type boosted struct {
	Base  float64 `json:"base"`
	Rate  float64 `json:"rate"`
	Trees []tree  `json:"trees"`
	// nodes holds, once pack has run, every tree's nodes in one array,
	// tree i's from roots[i]: one node is one read, where a tree's five
	// arrays are five, apart.
	nodes []gateNode
	roots []int32
	// levels, splits and leaves hold the trees again when none splits more
	// than maxLevels times on a path, as the gates' trees do: each as a
	// full tree of levels splits on every path, its splits then its
	// leaves in the order of a heap (split k's children are 2k+1, left,
	// and 2k+2). A leaf reached sooner stands under splits that lead to it
	// whichever way they go. A tree is then walked in levels steps, which
	// the processor foresees, to the leaf of the same value.
	levels int
	splits []gateSplit
	leaves []float32
	// conds numbers, beside each of splits, its condition: the distinct
	// splits sorted by feature, then threshold, feature f's from
	// condStart[f], their thresholds in condThreshold. A question's
	// conditions are each worked out once (see conditions), a feature's
	// all at once, and a walk reads a split's by its number. Nil when
	// the splits have more than maxConditions, or a threshold that is not
	// a number; the splits are read then.
	conds         []uint16
	condStart     []int32
	condThreshold []float64
}

// maxConditions is the most distinct splits conds numbers: the gate's
// thousand trees have about 4,300, the portable gate's 3,400. The gate
// reads them from an array of this size on the stack, zeroed each time.
const maxConditions = 1 << 13

// maxLevels is the deepest a tree laid out by levels may be: a full tree of
// four levels is 15 splits and 16 leaves, some 180 bytes.
const maxLevels = 4

// gateSplit is a split of a tree laid out by levels: left when
// x[feature] < threshold. The threshold is kept at float32 precision, as
// a gate's are (see single), which compares the same: half the bytes, so
// the trees a question walks stay in the nearest cache.
type gateSplit struct {
	threshold float32
	feature   int32
}

// gateNode is a node of a packed tree: a split, or a leaf (feature -1)
// whose value is in threshold. left and right index the packed array.
type gateNode struct {
	threshold   float64
	feature     int32
	left, right int32
}

// pack lays the trees out in nodes and roots; logit then reads those, to
// the same sum.
func (b *boosted) pack() {
	n := 0
	for _, t := range b.Trees {
		n += len(t.Feature)
	}
	b.nodes, b.roots = make([]gateNode, 0, n), make([]int32, 0, len(b.Trees))
	for _, t := range b.Trees {
		base := int32(len(b.nodes))
		b.roots = append(b.roots, base)
		for i, f := range t.Feature {
			n := gateNode{threshold: t.Threshold[i], feature: int32(f), left: base + int32(t.Left[i]), right: base + int32(t.Right[i])}
			if f < 0 {
				n = gateNode{threshold: t.Value[i], feature: -1}
			}
			b.nodes = append(b.nodes, n)
		}
	}
	b.layLevels()
}

// layLevels lays the trees out by levels (see boosted.levels) when none is
// deeper than maxLevels and their thresholds and values are at float32
// precision, as ParseModel rounds them; otherwise it leaves them to be
// walked.
func (b *boosted) layLevels() {
	b.levels, b.splits, b.leaves = 0, nil, nil
	levels := 0
	for i := range b.Trees {
		levels = max(levels, b.Trees[i].depth(0))
		for _, xs := range [][]float64{b.Trees[i].Threshold, b.Trees[i].Value} {
			if slices.ContainsFunc(xs, func(x float64) bool { return single(x) != x }) {
				return
			}
		}
	}
	if levels > maxLevels || len(b.Trees) == 0 {
		return
	}
	nSplits, nLeaves := 1<<levels-1, 1<<levels
	splits, leaves := make([]gateSplit, nSplits*len(b.Trees)), make([]float32, nLeaves*len(b.Trees))
	for i := range b.Trees {
		b.Trees[i].place(splits[i*nSplits:(i+1)*nSplits], leaves[i*nLeaves:(i+1)*nLeaves], 0, 0, levels)
	}
	b.levels, b.splits, b.leaves = levels, splits, leaves
	b.numberConditions()
}

// numberConditions sets conds, condStart and condThreshold from splits.
func (b *boosted) numberConditions() {
	b.conds, b.condStart, b.condThreshold = nil, nil, nil
	if len(b.splits) > 1<<16 {
		return
	}
	// Each split as one number that sorts as the conditions do: its
	// feature, then its threshold's bits made to sort as the thresholds
	// do, then its place. Sorted, a condition's splits stand together.
	// The splits at 0 on feature 0, which fill the trees laid out by
	// levels where a leaf comes sooner, are one condition: only the first
	// is sorted, the others take its number.
	keys := make([]uint64, 0, len(b.splits))
	features, zeroAt := 0, -1
	for i, s := range b.splits {
		if s.threshold != s.threshold || s.feature < 0 || s.feature >= 1<<15 {
			return // a NaN would leave the thresholds out of order
		}
		if s == (gateSplit{}) { // -0 too, which compares alike
			if zeroAt >= 0 {
				continue
			}
			zeroAt = i
		}
		t := math.Float32bits(s.threshold)
		if t>>31 == 1 {
			t = ^t // negative: the larger bits, the smaller number
		} else {
			t |= 1 << 31
		}
		keys = append(keys, uint64(s.feature)<<48|uint64(t)<<16|uint64(i))
		features = max(features, int(s.feature)+1)
	}
	keys = sortAbove16(keys)
	conds, start := make([]uint16, len(b.splits)), make([]int32, features+1)
	thresholds := make([]float64, 0, min(len(keys), maxConditions))
	for k, key := range keys {
		// -0 and 0 are two conditions, which hold alike
		if k == 0 || key>>16 != keys[k-1]>>16 {
			if len(thresholds) == maxConditions {
				return
			}
			s := b.splits[key&0xffff]
			thresholds = append(thresholds, float64(s.threshold))
			start[s.feature+1] = int32(len(thresholds))
		}
		conds[key&0xffff] = uint16(len(thresholds) - 1)
	}
	for f := 1; f <= features; f++ { // a feature no split reads starts where the last ended
		start[f] = max(start[f], start[f-1])
	}
	if zeroAt >= 0 {
		for i, s := range b.splits {
			if s == (gateSplit{}) {
				conds[i] = conds[zeroAt]
			}
		}
	}
	b.conds, b.condStart, b.condThreshold = conds, start, thresholds
}

// sortAbove16 sorts keys by their bits from bit 16 up, a byte at a time
// from the lowest (a radix sort, a tenth of the time slices.Sort takes on
// the gates' splits, at start), and returns them sorted; keys equal there
// may come in any order.
func sortAbove16(keys []uint64) []uint64 {
	other := make([]uint64, len(keys))
	for shift := 16; shift < 64 && len(keys) > 0; shift += 8 {
		var at [256]int
		for _, k := range keys {
			at[k>>shift&0xff]++
		}
		if at[keys[0]>>shift&0xff] == len(keys) {
			continue // one byte for all: in order already
		}
		n := 0
		for d, c := range at {
			at[d], n = n, n+c
		}
		for _, k := range keys {
			d := k >> shift & 0xff
			other[at[d]] = k
			at[d]++
		}
		keys, other = other, keys
	}
	return keys
}

// conditions sets cond[i] to 1 where condition i holds, x[f] below its
// threshold, and leaves it 0 elsewhere. A feature's thresholds are in
// order: x[f] is below all from the first it is below, found by halving
// (none for a NaN, as the splits compare).
func (b *boosted) conditions(x []float64, cond *[maxConditions]uint8) {
	for f := range len(b.condStart) - 1 {
		from, to := int(b.condStart[f]), int(b.condStart[f+1])
		v := x[f]
		lo, hi := from, to
		for lo < hi {
			mid := int(uint(lo+hi) >> 1)
			if v < b.condThreshold[mid] {
				hi = mid
			} else {
				lo = mid + 1
			}
		}
		for i := lo; i < to; i++ {
			cond[i] = 1
		}
	}
}

// place lays node i of the tree and those under it out at place k of a full
// tree of levels more levels, its splits in ts and its leaves in tl (see
// boosted.levels).
func (t *tree) place(ts []gateSplit, tl []float32, i, k, levels int) {
	switch {
	case levels == 0: // a leaf, as every node is here
		tl[k-len(ts)] = float32(t.Value[i])
	case t.Feature[i] < 0: // a leaf sooner: both ways lead to it
		ts[k] = gateSplit{}
		t.place(ts, tl, i, 2*k+1, levels-1)
		t.place(ts, tl, i, 2*k+2, levels-1)
	default:
		ts[k] = gateSplit{threshold: float32(t.Threshold[i]), feature: int32(t.Feature[i])}
		t.place(ts, tl, t.Left[i], 2*k+1, levels-1)
		t.place(ts, tl, t.Right[i], 2*k+2, levels-1)
	}
}

// depth is how many splits the deepest path from node i passes.
func (t *tree) depth(i int) int {
	if t.Feature[i] < 0 {
		return 0
	}
	return 1 + max(t.depth(t.Left[i]), t.depth(t.Right[i]))
}

// tree is a regression tree stored as parallel arrays: node i splits on
// Feature[i] at Threshold[i] (left when x < threshold) into children Left[i]
// and Right[i]; a leaf has Feature -1 and gives Value.
type tree struct {
	Feature   []int     `json:"f"`
	Threshold []float64 `json:"t"`
	Left      []int     `json:"l"`
	Right     []int     `json:"r"`
	Value     []float64 `json:"v"`
}

// single rounds to the nearest float32: a tree's thresholds and values
// are kept at that precision, which halves them in model.json
// (MarshalJSON), and are rounded so again when read (ParseModel): "0.1"
// reads back as float32 0.1.
func single(x float64) float64 { return float64(float32(x)) }

// MarshalJSON writes a tree with its thresholds and values as the float32
// numbers they are.
func (t tree) MarshalJSON() ([]byte, error) {
	b := []byte(`{"f":`)
	b = appendInts(b, t.Feature)
	b = append(b, `,"t":`...)
	b = appendSingles(b, t.Threshold)
	b = append(b, `,"l":`...)
	b = appendInts(b, t.Left)
	b = append(b, `,"r":`...)
	b = appendInts(b, t.Right)
	b = append(b, `,"v":`...)
	b = appendSingles(b, t.Value)
	return append(b, '}'), nil
}

func appendInts(b []byte, xs []int) []byte {
	b = append(b, '[')
	for i, x := range xs {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(x), 10)
	}
	return append(b, ']')
}

func appendSingles(b []byte, xs []float64) []byte {
	b = append(b, '[')
	for i, x := range xs {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendFloat(b, x, 'g', -1, 32)
	}
	return append(b, ']')
}

// check reports a tree that would read past its features or loop.
func (t *tree) check(features int) error {
	n := len(t.Feature)
	if n == 0 || len(t.Threshold) != n || len(t.Left) != n || len(t.Right) != n || len(t.Value) != n {
		return fmt.Errorf("%d nodes with arrays of unequal length", n)
	}
	for i, f := range t.Feature {
		if f >= features || f >= 0 && (t.Left[i] <= i || t.Right[i] <= i || t.Left[i] >= n || t.Right[i] >= n) {
			return fmt.Errorf("node %d is malformed", i)
		}
	}
	return nil
}

func (t *tree) eval(x []float64) float64 {
	// Which child comes next is chosen without a branch, which the
	// processor could not predict: it costs more than the rest.
	feature, threshold, left, right := t.Feature, t.Threshold, t.Left, t.Right
	i := 0
	for feature[i] >= 0 {
		goLeft := 0
		if x[feature[i]] < threshold[i] {
			goLeft = 1
		}
		i = right[i] + goLeft*(left[i]-right[i])
	}
	return t.Value[i]
}

// logit is the ensemble's log-odds for x.
func (b *boosted) logit(x []float64) float64 {
	z := b.Base
	if b.roots == nil {
		for i := range b.Trees {
			z += b.Rate * b.Trees[i].eval(x)
		}
		return z
	}
	if b.leaves != nil {
		// A threshold or leaf widened from float32 is the tree's own.
		splits, leaves, levels, rate := b.splits, b.leaves, b.levels, b.Rate
		if levels == 1 {
			// one split a tree, its left leaf first: the leaf chosen
			// without a branch, as below
			for t, s := range splits {
				left := 0
				if x[s.feature] < float64(s.threshold) {
					left = 1
				}
				z += rate * float64(leaves[2*t+1-left])
			}
			return z
		}
		nSplits, nLeaves := 1<<levels-1, 1<<levels
		trees, t := len(leaves)/nLeaves, 0
		if b.conds != nil {
			// as below, each split read by its condition's number
			var cond [maxConditions]uint8
			b.conditions(x, &cond)
			conds := b.conds
			const mask = maxConditions - 1 // no bounds check: within cond
			// s0 to s3 are where the four trees' splits begin, l where
			// their leaves do: read by offset, not sliced out.
			for s0, l := 0, 0; t+4 <= trees; t, s0, l = t+4, s0+4*nSplits, l+4*nLeaves {
				s1, s2, s3 := s0+nSplits, s0+2*nSplits, s0+3*nSplits
				k0, k1, k2, k3 := 0, 0, 0, 0
				for range levels {
					k0 = 2*k0 + 2 - int(cond[conds[s0+k0]&mask])
					k1 = 2*k1 + 2 - int(cond[conds[s1+k1]&mask])
					k2 = 2*k2 + 2 - int(cond[conds[s2+k2]&mask])
					k3 = 2*k3 + 2 - int(cond[conds[s3+k3]&mask])
				}
				l0 := l - nSplits // leaf k of the trees is at l0+k, l0+nLeaves+k ...
				z += rate * float64(leaves[l0+k0])
				z += rate * float64(leaves[l0+nLeaves+k1])
				z += rate * float64(leaves[l0+2*nLeaves+k2])
				z += rate * float64(leaves[l0+3*nLeaves+k3])
			}
			for ; t < trees; t++ {
				tc, tl := conds[t*nSplits:(t+1)*nSplits], leaves[t*nLeaves:(t+1)*nLeaves]
				k := 0
				for range levels {
					k = 2*k + 2 - int(cond[tc[k]&mask])
				}
				z += rate * float64(tl[k-nSplits])
			}
			return z
		}
		// Four trees at a time: the steps of one walk wait on each other,
		// those of four do not, and the processor takes them side by side.
		// Each walk's place is within its own tree. The leaves are added in
		// the trees' order, to the same sum.
		for ; t+4 <= trees; t += 4 {
			ts, tl := splits[t*nSplits:(t+4)*nSplits], leaves[t*nLeaves:(t+4)*nLeaves]
			k0, k1, k2, k3 := 0, 0, 0, 0
			for range levels {
				// each side chosen without a branch, as below
				l0, l1, l2, l3 := 0, 0, 0, 0
				if s := ts[k0]; x[s.feature] < float64(s.threshold) {
					l0 = 1
				}
				if s := ts[nSplits+k1]; x[s.feature] < float64(s.threshold) {
					l1 = 1
				}
				if s := ts[2*nSplits+k2]; x[s.feature] < float64(s.threshold) {
					l2 = 1
				}
				if s := ts[3*nSplits+k3]; x[s.feature] < float64(s.threshold) {
					l3 = 1
				}
				k0, k1, k2, k3 = 2*k0+2-l0, 2*k1+2-l1, 2*k2+2-l2, 2*k3+2-l3
			}
			z += rate * float64(tl[k0-nSplits])
			z += rate * float64(tl[nLeaves+k1-nSplits])
			z += rate * float64(tl[2*nLeaves+k2-nSplits])
			z += rate * float64(tl[3*nLeaves+k3-nSplits])
		}
		for ; t < trees; t++ {
			ts, tl := splits[t*nSplits:(t+1)*nSplits], leaves[t*nLeaves:(t+1)*nLeaves]
			k := 0
			for range levels {
				s := ts[k]
				left := 0
				if x[s.feature] < float64(s.threshold) {
					left = 1
				}
				k = 2*k + 2 - left
			}
			z += rate * float64(tl[k-nSplits])
		}
		return z
	}
	nodes := b.nodes
	for _, i := range b.roots {
		n := &nodes[i]
		for n.feature >= 0 {
			// the next node chosen without a branch, as eval chooses it
			goLeft := int32(0)
			if x[n.feature] < n.threshold {
				goLeft = 1
			}
			n = &nodes[n.right+goLeft*(n.left-n.right)]
		}
		z += b.Rate * n.threshold
	}
	return z
}

// fitBoosted fits n trees of the given depth, each leaf holding at least
// minLeaf rows' weight, with learning rate rate.
func fitBoosted(x [][]float64, y, w []float64, n, depth int, minLeaf, rate float64) boosted {
	if w == nil {
		w = make([]float64, len(y))
		for i := range w {
			w[i] = 1
		}
	}
	var sw, sy float64
	for i := range y {
		sw += w[i]
		sy += w[i] * y[i]
	}
	p0 := min(max(sy/sw, 1e-6), 1-1e-6)
	b := boosted{Base: math.Log(p0 / (1 - p0)), Rate: rate}
	f := make([]float64, len(y))
	for i := range f {
		f[i] = b.Base
	}
	g, h := make([]float64, len(y)), make([]float64, len(y))
	rows := make([]int, len(y))
	for i := range rows {
		rows[i] = i
	}
	for range n {
		for i := range y {
			p := sigmoid(f[i])
			g[i], h[i] = w[i]*(p-y[i]), w[i]*p*(1-p)
		}
		var t tree
		t.grow(x, g, h, rows, depth, minLeaf)
		b.Trees = append(b.Trees, t)
		for i := range y {
			f[i] += rate * t.eval(x[i])
		}
	}
	return b
}

// grow adds a node for rows and returns its index: a leaf with the Newton
// step -Σg/Σh, or the split that most reduces the loss.
func (t *tree) grow(x [][]float64, g, h []float64, rows []int, depth int, minLeaf float64) int {
	var G, H float64
	for _, r := range rows {
		G, H = G+g[r], H+h[r]
	}
	node := len(t.Feature)
	t.Feature = append(t.Feature, -1)
	t.Threshold = append(t.Threshold, 0)
	t.Left = append(t.Left, -1)
	t.Right = append(t.Right, -1)
	t.Value = append(t.Value, single(-G/(H+1)))
	if depth == 0 || len(rows) < 2 {
		return node
	}
	const lambda = 1.0
	bestGain, bestF, bestT := 1e-6, -1, 0.0
	sorted := slices.Clone(rows)
	for j := range x[rows[0]] {
		slices.SortFunc(sorted, func(a, b int) int { return cmpFloat(x[a][j], x[b][j]) })
		var gl, hl float64
		for k := 0; k < len(sorted)-1; k++ {
			r := sorted[k]
			gl, hl = gl+g[r], hl+h[r]
			if x[sorted[k+1]][j] == x[r][j] || hl < minLeaf || H-hl < minLeaf {
				continue
			}
			gr, hr := G-gl, H-hl
			gain := gl*gl/(hl+lambda) + gr*gr/(hr+lambda) - G*G/(H+lambda)
			if gain > bestGain {
				bestGain, bestF, bestT = gain, j, (x[r][j]+x[sorted[k+1]][j])/2
			}
		}
	}
	if bestF < 0 {
		return node
	}
	var left, right []int
	for _, r := range rows {
		if x[r][bestF] < bestT {
			left = append(left, r)
		} else {
			right = append(right, r)
		}
	}
	t.Feature[node], t.Threshold[node] = bestF, single(bestT)
	l := t.grow(x, g, h, left, depth-1, minLeaf)
	rr := t.grow(x, g, h, right, depth-1, minLeaf)
	t.Left[node], t.Right[node] = l, rr
	return node
}

// bagBoosted fits bags ensembles as fitBoosted does, each on the rows
// weighed by a resample (a Poisson bootstrap: each row's count drawn from
// its key, see keyOf), and joins them into one whose
// log-odds is their mean: boosting picks splits greedily, and a small
// change of the rows changed its trees, and the answers, more than the
// change warranted.
func bagBoosted(x [][]float64, y, w []float64, keys []uint64, n, depth int, minLeaf, rate float64, bags int, seed uint64) boosted {
	if w == nil {
		w = make([]float64, len(y))
		for i := range w {
			w[i] = 1
		}
	}
	var out boosted
	for b := range bags {
		// each row's count in this resample is its own draw
		bw := make([]float64, len(w))
		for i := range bw {
			bw[i] = w[i] * poisson1(keyed(keys[i], seed+uint64(b)))
		}
		m := fitBoosted(x, y, bw, n, depth, minLeaf, rate)
		if b == 0 {
			out.Rate = m.Rate
		}
		out.Base += m.Base / float64(bags)
		for _, t := range m.Trees {
			for i := range t.Value {
				t.Value[i] = single(t.Value[i] / float64(bags))
			}
			out.Trees = append(out.Trees, t)
		}
	}
	return out
}

// toSingles rounds the ensemble's thresholds and values to float32, as
// they were fitted.
func (b *boosted) toSingles() {
	for _, t := range b.Trees {
		for _, xs := range [][]float64{t.Threshold, t.Value} {
			for i, x := range xs {
				xs[i] = single(x)
			}
		}
	}
}
