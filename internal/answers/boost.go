package answers

import (
	"fmt"
	"math"
	"math/rand/v2"
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
	// stumps holds the trees again when each is one split or one leaf, as
	// the gate's are: a tree is then one read and no walk.
	stumps []gateStump
}

// gateStump is a tree of one split: leaf[1] when x[feature] < threshold,
// else leaf[0]. A tree of one leaf has it on both sides.
type gateStump struct {
	threshold float64
	feature   int32
	leaf      [2]float64
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
	b.stumps = nil
	stumps := make([]gateStump, 0, len(b.Trees))
	for _, t := range b.Trees {
		switch {
		case len(t.Feature) == 1 && t.Feature[0] < 0:
			stumps = append(stumps, gateStump{leaf: [2]float64{t.Value[0], t.Value[0]}})
		case len(t.Feature) == 3 && t.Feature[0] >= 0 && t.Feature[t.Left[0]] < 0 && t.Feature[t.Right[0]] < 0:
			stumps = append(stumps, gateStump{threshold: t.Threshold[0], feature: int32(t.Feature[0]),
				leaf: [2]float64{t.Value[t.Right[0]], t.Value[t.Left[0]]}})
		default:
			return // a deeper tree: the nodes are walked
		}
	}
	b.stumps = stumps
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
	if b.stumps != nil {
		for _, s := range b.stumps {
			// the leaf chosen without a branch, as below
			left := 0
			if x[s.feature] < s.threshold {
				left = 1
			}
			z += b.Rate * s.leaf[left]
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
// weighed by a resample (with replacement), and joins them into one whose
// log-odds is their mean: boosting picks splits greedily, and a small
// change of the rows changed its trees, and the answers, more than the
// change warranted.
func bagBoosted(x [][]float64, y, w []float64, n, depth int, minLeaf, rate float64, bags int, seed uint64) boosted {
	if w == nil {
		w = make([]float64, len(y))
		for i := range w {
			w[i] = 1
		}
	}
	rng := rand.New(rand.NewPCG(seed, uint64(len(y))))
	var out boosted
	for b := range bags {
		bw := make([]float64, len(w))
		for range len(w) {
			i := rng.IntN(len(w))
			bw[i] += w[i]
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
