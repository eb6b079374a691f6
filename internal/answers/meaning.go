package answers

import (
	"math"
	"slices"

	"github.com/articlebot/articlebot/internal/wordvec"
)

// Word meaning: a text's meaning is the frequency-weighted average of its
// words' GloVe vectors (smooth inverse frequency, SIF: Arora, Liang and Ma,
// "A simple but tough-to-beat baseline for sentence embeddings", 2017).
// Common words weigh little, rare ones much; stop words none.
const (
	// sifA is SIF's smoothing: a word of probability p weighs sifA/(sifA+p).
	sifA = 1e-3
	// zipfNorm is the harmonic number of the source vocabulary (341,479
	// words): by Zipf's law the word of rank r has probability 1/((r+1)·H).
	zipfNorm = 13.318
)

// meaning turns texts into unit vectors of word meaning.
type meaning struct {
	table *wordvec.Table
	dims  int
	// vocab is the lexicon's numbering of the words the knowledge base and
	// article use; known holds the table index of each by its number (-1
	// for none), sparing them a search of the table.
	vocab map[string]int32
	known []int32
}

// find is the table index of a word, or -1.
func (m *meaning) find(w string) int {
	if id, ok := m.vocab[w]; ok {
		return int(m.known[id])
	}
	return m.table.Find(w)
}

// findWord is find(w.text), read by the word's number when it has one.
func (m *meaning) findWord(w word) int {
	if w.id > 0 && m.known != nil {
		return int(m.known[w.id-1])
	}
	return m.find(w.text)
}

func newMeaning(t *wordvec.Table) *meaning {
	if t == nil {
		return nil
	}
	return &meaning{table: t, dims: t.Dims()}
}

// sifWeight is the weight of a word of the given frequency rank.
func sifWeight(rank int) float32 {
	p := 1 / (float64(rank+1) * zipfNorm)
	return float32(sifA / (sifA + p))
}

// embed adds the weighted vectors of words to dst, skipping stop words and
// words without a vector, and reports how many it added.
func (m *meaning) embed(dst []float32, words []word) int {
	n := 0
	for _, w := range words {
		if w.in(stopWord) {
			continue
		}
		i := m.findWord(w)
		if i < 0 {
			continue
		}
		m.table.AddTo(dst, i, sifWeight(m.table.Rank(i)))
		n++
	}
	return n
}

// unit scales v to length 1 in place; a zero vector stays zero.
func unit(v []float32) []float32 {
	var s float64
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	if s == 0 {
		return v
	}
	k := float32(1 / math.Sqrt(s))
	for i := range v {
		v[i] *= k
	}
	return v
}

// dotGo is the dot product of two vectors of equal length, in eight lanes:
// lane j adds the products of elements j, j+8, j+16 and so on, the last
// lane adds those left over after the last eight, and the lanes are summed
// in order. dot computes the same, on amd64 with packed instructions.
func dotGo(a, b []float32) float32 {
	var s0, s1, s2, s3, s4, s5, s6, s7 float32
	b = b[:len(a)]
	i := 0
	for ; i+8 <= len(a); i += 8 {
		x, y := a[i:i+8:i+8], b[i:i+8:i+8]
		s0 += x[0] * y[0]
		s1 += x[1] * y[1]
		s2 += x[2] * y[2]
		s3 += x[3] * y[3]
		s4 += x[4] * y[4]
		s5 += x[5] * y[5]
		s6 += x[6] * y[6]
		s7 += x[7] * y[7]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7
}

// learnMeanings computes the meaning of every variant, entry and answer,
// and of the article's names.
func (e *Engine) learnMeanings() {
	if e.mean == nil {
		return
	}
	known := make([]int32, len(e.lx.vocabStems))
	for w, id := range e.lx.vocab {
		known[id] = int32(e.mean.table.Find(w))
	}
	e.mean.vocab, e.mean.known = e.lx.vocab, known
	e.lx.isWord = func(w string) bool { return e.mean.find(w) >= 0 }
	e.lx.wordNear = e.wordCosine
	d := e.mean.dims
	variants := 0
	for _, en := range e.entries {
		variants += len(en.Questions)
	}
	e.variantMean = make([]float32, variants*d)
	e.centroid = make([]float32, len(e.entries)*d)
	e.answerMean = make([]float32, len(e.entries)*d)
	for i, en := range e.entries {
		c := e.centroid[i*d : (i+1)*d]
		for k, q := range en.Questions {
			v := e.variantMean[(en.firstVariant+k)*d : (en.firstVariant+k+1)*d]
			e.mean.embed(v, splitWords(q))
			unit(v)
			for j, x := range v {
				c[j] += x
			}
		}
		unit(c)
		text := en.Answer
		for _, q := range en.Quotes {
			text += " " + q.Text
		}
		e.mean.embed(e.answerMean[i*d:(i+1)*d], splitWords(text))
		unit(e.answerMean[i*d : (i+1)*d])
		for _, w := range splitWords(text) {
			if stopWords[w.text] {
				continue
			}
			if e.wordIndex == nil {
				e.wordIndex = map[string]int32{}
			}
			k, ok := e.wordIndex[w.text]
			if !ok {
				t := e.mean.table.Find(w.text)
				if t < 0 {
					continue
				}
				k = int32(len(e.wordIndex))
				e.wordIndex[w.text] = k
				v := make([]float32, d)
				e.mean.table.AddTo(v, t, 1)
				e.wordMeans = append(e.wordMeans, unit(v)...)
			}
			if !slices.Contains(en.saidWords, k) {
				en.saidWords = append(en.saidWords, k)
			}
		}
	}
	for _, list := range []struct {
		heads []string
		means *[]float32
	}{{e.peopleHeads, &e.personMeans}, {e.placeHeads, &e.placeMeans}} {
		for _, h := range list.heads {
			for _, w := range splitWords(h) {
				if i := e.mean.table.Find(w.text); i >= 0 && !stopWords[w.text] {
					v := make([]float32, d)
					e.mean.table.AddTo(v, i, 1)
					*list.means = append(*list.means, unit(v)...)
				}
			}
		}
	}
	for _, group := range keys(e.lx.nameGroups) { // in order: a snapshot is the same every time
		for _, w := range e.lx.firstWords[group] {
			if i := e.mean.table.Find(w); i >= 0 {
				v := make([]float32, d)
				e.mean.table.AddTo(v, i, 1)
				e.nameMeans = append(e.nameMeans, unit(v)...)
			}
		}
	}
	e.variantQ, e.wordQ = quantize(e.variantMean, d), quantize(e.wordMeans, d)
	e.variantMean, e.wordMeans = nil, nil // answering reads the quantized tables
}

// row is the i-th vector of a flat table of unit vectors.
func (e *Engine) row(table []float32, i int) []float32 {
	d := e.mean.dims
	return table[i*d : (i+1)*d]
}

// nameLikeness is how much the likeliest name among words the article and
// knowledge base never use looks like one of the article's names: "Lavrov"
// sits near "Cavusoglu", "weather" near none. It is 0 without such words.
func (e *Engine) nameLikeness(words []word) float64 {
	if e.mean == nil {
		return 0
	}
	best := 0.0
	var v []float32 // made for the first such word: most questions have none
	weighed := 0
	for _, w := range words {
		if w.id > 0 || e.lx.surface[w.text] > 0 || stopWords[w.text] || e.lx.known(w.text) { // most words are known
			continue
		}
		i := e.mean.table.Find(w.text)
		if i < 0 {
			continue
		}
		if weighed++; weighed > maxTypos {
			break // as many as typos are looked up: a question names few people
		}
		if v == nil {
			v = make([]float32, e.mean.dims)
		}
		clear(v)
		e.mean.table.AddTo(v, i, 1)
		unit(v)
		// every name at once: dots gives dot's results, eight rows at a time
		var room [64]float32
		out := room[:0]
		if n := len(e.nameMeans) / e.mean.dims; n <= len(room) {
			out = room[:n]
		} else {
			out = make([]float32, n)
		}
		dots(v, e.nameMeans, out)
		for _, x := range out {
			best = max(best, float64(x))
		}
	}
	return best
}

// quantized is a flat table of rows at int8 precision: row i is
// Scales[i] * Values[i*dims:(i+1)*dims]. Variant and word meanings are kept
// at this precision, so a snapshot holds them in a quarter of the space and
// an engine restored from one answers exactly as the one built.
type quantized struct {
	Scales []float32
	Values []int8
}

// quantize rounds each row of a flat table to int8 precision in place and
// returns the rounded table's compact form.
func quantize(flat []float32, dims int) quantized {
	var q quantized
	if dims == 0 {
		return q
	}
	for r := 0; r+dims <= len(flat); r += dims {
		row := flat[r : r+dims]
		var peak float32
		for _, x := range row {
			peak = max(peak, float32(math.Abs(float64(x))))
		}
		scale := peak / 127
		q.Scales = append(q.Scales, scale)
		for k, x := range row {
			v := int8(0)
			if scale > 0 {
				v = int8(max(-127, min(127, math.Round(float64(x/scale)))))
			}
			q.Values = append(q.Values, v)
			row[k] = scale * float32(v)
		}
	}
	return q
}

// dotRow is the dot product of a with row r of the table. Each element is
// expanded as quantize left it in the table it rounded, and the sum is taken
// as dot takes it, so the result is the same to the last bit.
func (q quantized) dotRow(a []float32, r int) float32 {
	dims := len(a)
	s := q.Scales[r]
	b := q.Values[r*dims : (r+1)*dims : (r+1)*dims]
	var s0, s1, s2, s3, s4, s5, s6, s7 float32
	i := 0
	for ; i+8 <= dims; i += 8 {
		x, y := a[i:i+8:i+8], b[i:i+8:i+8]
		s0 += x[0] * (s * float32(y[0]))
		s1 += x[1] * (s * float32(y[1]))
		s2 += x[2] * (s * float32(y[2]))
		s3 += x[3] * (s * float32(y[3]))
		s4 += x[4] * (s * float32(y[4]))
		s5 += x[5] * (s * float32(y[5]))
		s6 += x[6] * (s * float32(y[6]))
		s7 += x[7] * (s * float32(y[7]))
	}
	for ; i < dims; i++ {
		s0 += a[i] * (s * float32(b[i]))
	}
	return s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7
}

// wordCosine is how near in meaning two words stand, the cosine of their
// vectors, or -1 when either has none.
func (e *Engine) wordCosine(a, b string) float64 {
	va, vb := e.wordVector(a), e.wordVector(b)
	if va == nil || vb == nil {
		return -1
	}
	return float64(dot(va, vb))
}

// wordVector is a word's vector of unit length, or nil when it has none.
func (e *Engine) wordVector(w string) []float32 {
	i := e.mean.table.Find(w)
	if i < 0 {
		return nil
	}
	v := make([]float32, e.mean.dims)
	e.mean.table.AddTo(v, i, 1)
	return unit(v)
}

// roundRow sets dst to x at int16 precision and returns the scale: x[k]
// is scale*dst[k] within half the scale, a 65,534th of x's largest, each
// rounded to the nearest, halves away from zero, as math.Round rounds.
// The largest is found on the bits (the larger of two magnitudes has the
// larger bits), and the rounding is worked out from the integer part,
// whose difference to the quotient is exact: a third of the time
// math.Round and the float max took.
func roundRow(dst []int16, x []float32) float64 {
	var top uint32
	for _, v := range x {
		top = max(top, math.Float32bits(v)&^(1<<31))
	}
	scale := float64(math.Float32frombits(top)) / math.MaxInt16
	dst = dst[:len(x)]
	if scale == 0 {
		clear(dst)
		return 0
	}
	for k, v := range x {
		y := float64(v) / scale
		r := int32(y) // toward zero
		var up, down int32
		if frac := y - float64(r); frac >= 0.5 {
			up = 1
		} else if frac <= -0.5 {
			down = 1
		}
		dst[k] = int16(max(-math.MaxInt16, min(math.MaxInt16, r+up-down)))
	}
	return scale
}

// intDot is the integer dot product of a with b, as long. Rounded as
// roundRow and quantize round them, to at most 32,767 and 127 in size, a
// product is at most 4,161,536, so the sum over up to 516 dimensions (the
// word vectors have 100) fits in an int32.
func intDot(a []int16, b []int8) int32 {
	b = b[:len(a)]
	var s int32
	for i, x := range a {
		s += int32(x) * int32(b[i])
	}
	return s
}
