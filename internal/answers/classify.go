package answers

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"sync"

	"github.com/articlebot/articlebot/internal/wordvec"
)

// A fastText-style classifier (Joulin, Grave, Bojanowski and Mikolov, "Bag
// of Tricks for Efficient Text Classification", 2017) names the entry a
// question is about. A question is the mean of the input rows of its words,
// its word pairs and its words' character n-grams; each class (an entry, or
// none) scores the dot product of that mean with its output row, and a
// softmax turns the scores into probabilities. Word rows start from the
// GloVe vectors and are fitted with the rest; a word never seen in fitting
// keeps its GloVe vector. Its probabilities are one more signal for the
// ranker and the gate: named classes fit one knowledge base, so an engine
// whose entries it does not know goes without it.
type classifier struct {
	dims int
	// classes are the entries' IDs, noneClass last.
	classes []string
	// words maps each fitted word to its input row, which holds the sum of
	// the word's own row and its n-grams' rows; the hashed word pairs and
	// n-grams have the buckets rows after them.
	words   map[string]int32
	buckets int
	in      quantized
	// out holds the output rows at int8 precision, as stored; outRows the
	// same at full width, as read.
	out     quantized
	outRows []float32
}

// noneClass names what unanswerable questions are about.
const noneClass = ""

// A word's character n-grams run from clfMinN to clfMaxN characters, as in
// the settings measured best for this article's questions (word pairs,
// n-grams of 3 to 5, vectors from GloVe); clfSeed seeds the fitting.
const (
	clfMinN = 3
	clfMaxN = 5
	clfSeed = 8
	// clfRuns is how many fits a classifier averages.
	clfRuns = 4
)

// clfShape is how a classifier is fitted: its rows for word pairs and
// n-grams, its passes over the lines and its first learning rate.
type clfShape struct {
	buckets, epochs int
	rate            float64
}

// defaultShape is the fastText settings measured best. On validation,
// 1,024 to 4,096 rows, 25 to 100 passes and rates of 0.25 to 0.5 named the
// right fact first within a point of each other (85.4-86.7%).
var defaultShape = clfShape{buckets: 2048, epochs: 50, rate: 0.5}

// clfLine is one labelled text to fit the classifier on.
type clfLine struct {
	words []string
	class int
}

// rows appends the input rows of a text's words, word pairs and n-grams to
// dst, as fitting reads them: every word has a row of its own.
func (c *classifier) rows(dst []int32, words []string) []int32 {
	nw := int32(len(c.words))
	for i, w := range words {
		if r, ok := c.words[w]; ok {
			dst = append(dst, r)
		}
		if i > 0 {
			dst = append(dst, c.pairRow(words[i-1], w))
		}
		dst = appendGrams(dst, nw, c.buckets, w)
	}
	return dst
}

// pairRow is the row of the word pair "a b".
func (c *classifier) pairRow(a, b string) int32 {
	h := fnv1a(fnv1a(fnv1a(fnvBasis, a), " "), b)
	return int32(len(c.words)) + int32(h%uint32(c.buckets))
}

// appendGrams appends the rows of the character n-grams of "<w>".
func appendGrams(dst []int32, base int32, buckets int, w string) []int32 {
	var buf [32]byte
	b := append(append(append(buf[:0], '<'), w...), '>')
	for n := clfMinN; n <= clfMaxN; n++ {
		for i := 0; i+n <= len(b); i++ {
			if n == len(b) {
				continue // the whole word has its own row
			}
			h := fnv1a(fnvBasis, b[i:i+n])
			dst = append(dst, base+int32(h%uint32(buckets)))
		}
	}
	return dst
}

// fnvBasis and fnv1a are the 32-bit FNV-1a hash, without hash.Hash's
// allocation.
const fnvBasis = 2166136261

func fnv1a[T string | []byte](h uint32, s T) uint32 {
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

// hidden is a text's mean input row; false when the text has none. A
// fitted word's row already holds its n-grams' rows. Words it was not
// fitted on count only up to maxTypos of them, as the speller looks up as
// many: a message of gibberish stays cheap. fitted, when not nil, tells
// for each word what fittedRows tells, sparing it a lookup.
func (c *classifier) hidden(dst []float32, words []string, fitted []int32, mean *meaning) bool {
	clear(dst)
	n, unknown := 0, 0
	nw := int32(len(c.words))
	var buf [64]int32
	for i, w := range words {
		rows := buf[:0]
		if i > 0 {
			rows = append(rows, c.pairRow(words[i-1], w))
		}
		r, ok := int32(0), false
		switch {
		case fitted == nil || fitted[i] == 0:
			r, ok = c.words[w]
		case fitted[i] > 0:
			r, ok = fitted[i]-1, true
		}
		if ok {
			rows = append(rows, r)
			n += 1 + grams(w)
		} else if unknown++; unknown <= maxTypos {
			if mean != nil {
				if k := mean.find(w); k >= 0 {
					mean.table.AddTo(dst, k, 1)
					n++
				}
			}
			g := appendGrams(rows, nw, c.buckets, w)
			n += len(g) - len(rows)
			rows = g
		}
		if i > 0 {
			n++
		}
		for _, r := range rows {
			c.in.addRow(dst, int(r))
		}
	}
	if n == 0 {
		return false
	}
	k := 1 / float32(n)
	for i := range dst {
		dst[i] *= k
	}
	return true
}

// predict gives each class's probability for a text's words; nil when no
// word, pair or n-gram of the text has a row. fitted is as hidden reads it.
func (c *classifier) predict(words []string, fitted []int32, mean *meaning) []float32 {
	return c.predictTo(nil, words, fitted, mean)
}

// predictTo is predict, written over dst's room where it has enough.
func (c *classifier) predictTo(dst []float32, words []string, fitted []int32, mean *meaning) []float32 {
	var room [128]float32 // the hidden layer, on the stack for the usual 100 dimensions
	h := room[:0]
	if c.dims <= len(room) {
		h = room[:c.dims]
	} else {
		h = make([]float32, c.dims)
	}
	if !c.hidden(h, words, fitted, mean) {
		return nil
	}
	p := slices.Grow(dst[:0], len(c.classes))[:len(c.classes)]
	dots(h, c.outRows, p)
	softmax(p)
	return p
}

func softmax(p []float32) {
	peak := largest(p)
	var s float32
	for k, x := range p {
		p[k] = float32(math.Exp(float64(x - peak)))
		s += p[k]
	}
	for k := range p {
		p[k] /= s
	}
}

// largest is slices.Max of scores or probabilities, which are never NaN,
// without slices.Max's care for NaN and signed zeros: a fifth of the time.
// (Of two zeros it may keep -0 where slices.Max keeps +0, which subtracts
// and compares the same.)
func largest(p []float32) float32 {
	peak := p[0]
	for _, x := range p[1:] {
		if x > peak {
			peak = x
		}
	}
	return peak
}

// grams is how many character n-grams appendGrams gives a word.
func grams(w string) int {
	n := 0
	for k := clfMinN; k <= clfMaxN; k++ {
		if c := len(w) + 2 - k + 1; c > 0 && k != len(w)+2 {
			n += c
		}
	}
	return n
}

// addRow adds row r of the table to dst.
func (q quantized) addRow(dst []float32, r int) {
	dims := len(dst)
	wordvec.AddScaled(dst, q.Scales[r], q.Values[r*dims:(r+1)*dims:(r+1)*dims])
}

// fitClassifier fits a classifier for the classes on the lines by
// stochastic gradient descent on the softmax loss, the learning rate
// falling linearly to zero; the result is rounded to int8 precision. The
// same lines give the same classifier.
func fitClassifier(lines []clfLine, classes []string, mean *meaning, shape clfShape) *classifier {
	dims := 100
	if mean != nil {
		dims = mean.dims
	}
	c := &classifier{dims: dims, classes: classes, words: map[string]int32{}, buckets: shape.buckets}
	var vocab []string
	for _, l := range lines {
		for _, w := range l.words {
			if _, ok := c.words[w]; !ok {
				c.words[w] = int32(len(vocab))
				vocab = append(vocab, w)
			}
		}
	}
	// Each row starts from draws of its own: a word's from the word, a
	// bucket's from its number (see keyOf).
	in := make([]float32, (len(vocab)+c.buckets)*dims)
	for r := range len(vocab) + c.buckets {
		key := uint64(r - len(vocab))
		if r < len(vocab) {
			key = keyOf(vocab[r])
		}
		rng := keyed(key, clfSeed)
		for d := range dims {
			in[r*dims+d] = (rng.Float32()*2 - 1) / float32(dims)
		}
	}
	if mean != nil {
		for r, w := range vocab {
			if i := mean.find(w); i >= 0 {
				row := in[r*dims : (r+1)*dims]
				clear(row)
				mean.table.AddTo(row, i, 1)
			}
		}
	}
	rows := make([][]int32, len(lines))
	for i, l := range lines {
		rows[i] = c.rows(nil, l.words)
	}
	// Each epoch takes the lines in the order of a draw of each line's own:
	// a line added or dropped leaves the others' order as it was.
	keys := make([]uint64, len(lines))
	for i, l := range lines {
		keys[i] = keyOf(append([]string{strconv.Itoa(l.class)}, l.words...)...)
	}
	order := make([]int, len(lines))
	draw := make([]uint64, len(lines))
	// clfRuns fits from the same start, each reading the lines in orders
	// of its own, averaged: one fit's answers hung on the order it read.
	start := in
	in, out := make([]float32, len(start)), make([]float32, len(classes)*dims)
	for run := range clfRuns {
		f := &fitting{dims: dims, in: slices.Clone(start), out: make([]float32, len(classes)*dims),
			h: make([]float32, dims), grad: make([]float32, dims), p: make([]float32, len(classes))}
		steps, step := shape.epochs*len(lines), 0
		for epoch := range shape.epochs {
			salt := clfSeed + uint64(run*shape.epochs+epoch)
			for i := range order {
				order[i], draw[i] = i, keyed(keys[i], salt).Uint64()
			}
			slices.SortFunc(order, func(a, b int) int { return cmp.Or(cmp.Compare(draw[a], draw[b]), cmp.Compare(a, b)) })
			for _, i := range order {
				lr := float32(shape.rate * (1 - float64(step)/float64(steps)))
				step++
				f.step(rows[i], lines[i].class, lr)
			}
		}
		for i, x := range f.in {
			in[i] += x / clfRuns
		}
		for i, x := range f.out {
			out[i] += x / clfRuns
		}
	}
	// Each word's row takes in its n-grams' rows: a question then adds one
	// row per fitted word.
	sums := make([]float32, len(vocab)*dims)
	for r, w := range vocab {
		sum := sums[r*dims : (r+1)*dims]
		for _, g := range appendGrams([]int32{int32(r)}, int32(len(vocab)), c.buckets, w) {
			for d, x := range in[int(g)*dims : int(g+1)*dims] {
				sum[d] += x
			}
		}
	}
	copy(in, sums)
	c.in, c.out = quantize(in, dims), quantize(out, dims)
	c.outRows = out
	return c
}

// fitting holds a classifier's tables at full precision while it is
// fitted, with room for one step's work.
type fitting struct {
	dims       int
	in, out    []float32
	h, grad, p []float32
}

// step takes one step of stochastic gradient descent on the softmax loss
// for a line of the given input rows and class, as fastText does: the mean
// row's gradient spread evenly over the rows.
func (f *fitting) step(rs []int32, class int, lr float32) {
	if len(rs) == 0 {
		return
	}
	dims := f.dims
	h, grad, p := f.h, f.grad, f.p
	clear(h)
	for _, r := range rs {
		row := f.in[int(r)*dims : int(r+1)*dims]
		for k, x := range row {
			h[k] += x
		}
	}
	inv := 1 / float32(len(rs))
	for k := range h {
		h[k] *= inv
	}
	for k := range p {
		p[k] = dot(h, f.out[k*dims:(k+1)*dims])
	}
	softmax(p)
	clear(grad)
	for k := range p {
		label := float32(0)
		if k == class {
			label = 1
		}
		alpha := lr * (label - p[k])
		if alpha == 0 {
			continue
		}
		row := f.out[k*dims : (k+1)*dims]
		for d := range row {
			grad[d] += alpha * row[d]
			row[d] += alpha * h[d]
		}
	}
	for d := range grad {
		grad[d] *= inv
	}
	for _, r := range rs {
		row := f.in[int(r)*dims : int(r+1)*dims]
		for d := range row {
			row[d] += grad[d]
		}
	}
}

// marshal encodes the classifier: its shape, classes and words, then its
// tables at int8 precision, little-endian.
func (c *classifier) marshal() []byte {
	var b []byte
	b = binary.LittleEndian.AppendUint32(b, uint32(c.dims))
	b = binary.LittleEndian.AppendUint32(b, uint32(c.buckets))
	words := make([]string, len(c.words))
	for w, r := range c.words {
		words[r] = w
	}
	for _, list := range [][]string{c.classes, words} {
		b = binary.LittleEndian.AppendUint32(b, uint32(len(list)))
		for _, s := range list {
			b = binary.AppendUvarint(b, uint64(len(s)))
			b = append(b, s...)
		}
	}
	for _, q := range []quantized{c.in, c.out} {
		for _, s := range q.Scales {
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(s))
		}
		for _, v := range q.Values {
			b = append(b, byte(v))
		}
	}
	return b
}

var errClassifier = errors.New("a truncated or corrupt classifier")

// unmarshalClassifier decodes what marshal wrote.
func unmarshalClassifier(b []byte) (*classifier, error) {
	u32 := func() (int, bool) {
		if len(b) < 4 {
			return 0, false
		}
		v := binary.LittleEndian.Uint32(b)
		b = b[4:]
		return int(v), v < 1<<24
	}
	dims, ok1 := u32()
	buckets, ok2 := u32()
	if !ok1 || !ok2 || dims == 0 || buckets == 0 {
		return nil, errClassifier
	}
	c := &classifier{dims: dims, buckets: buckets, words: map[string]int32{}}
	var lists [2][]string
	for i := range lists {
		n, ok := u32()
		if !ok {
			return nil, errClassifier
		}
		for range n {
			l, k := binary.Uvarint(b)
			if k <= 0 || uint64(len(b)-k) < l {
				return nil, errClassifier
			}
			lists[i] = append(lists[i], string(b[k:k+int(l)]))
			b = b[k+int(l):]
		}
	}
	c.classes = lists[0]
	for r, w := range lists[1] {
		c.words[w] = int32(r)
	}
	for _, q := range []*quantized{&c.in, &c.out} {
		n := len(c.words) + buckets
		if q == &c.out {
			n = len(c.classes)
		}
		if len(b) < n*(4+dims) {
			return nil, errClassifier
		}
		q.Scales = make([]float32, n)
		for i := range q.Scales {
			q.Scales[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
		}
		b = b[4*n:]
		q.Values = make([]int8, n*dims)
		for i := range q.Values {
			q.Values[i] = int8(b[i])
		}
		b = b[n*dims:]
	}
	if len(b) != 0 || len(c.classes) == 0 || c.classes[len(c.classes)-1] != noneClass {
		return nil, errClassifier
	}
	c.outRows = make([]float32, len(c.out.Values))
	for i, v := range c.out.Values {
		c.outRows[i] = c.out.Scales[i/dims] * float32(v)
	}
	return c, nil
}

// classMap maps each entry of the engine to its class; nil when the
// classifier does not know every entry, as when a fact was added or renamed
// since it was fitted: an entry it cannot name would stand below the others.
func (c *classifier) classMap(entries []*entry) []int32 {
	if len(c.unknown(entries)) > 0 {
		return nil
	}
	index := make(map[string]int32, len(c.classes))
	for k, id := range c.classes {
		index[id] = int32(k)
	}
	out := make([]int32, len(entries))
	for i, en := range entries {
		out[i] = index[en.ID]
	}
	return out
}

// unknown are the IDs of the entries the classifier has no class for.
func (c *classifier) unknown(entries []*entry) []string {
	var out []string
	for _, en := range entries {
		if !slices.Contains(c.classes, en.ID) {
			out = append(out, en.ID)
		}
	}
	return out
}

// useClassifier makes the engine weigh c's probabilities, when c knows the
// engine's entries. An engine whose model's classifier was fitted for
// another knowledge base ranks and decides with the model's portable part,
// fitted without one.
func (e *Engine) useClassifier(c *classifier) {
	e.clf, e.clfClass, e.clfRows = nil, nil, nil
	if c != nil && (e.mean == nil || e.mean.dims == c.dims) {
		if m := c.classMap(e.entries); m != nil {
			e.clf, e.clfClass = c, m
			e.clfRows = make([]int32, len(e.lx.vocabStems))
			for w, id := range e.lx.vocab {
				e.clfRows[id] = -1
				if r, ok := c.words[w]; ok {
					e.clfRows[id] = r + 1
				}
			}
			return
		}
	}
	if e.model != nil && e.model.Portable != nil {
		e.model = e.model.Portable
	}
}

// classify sets the question's class probabilities, once.
func (e *Engine) classify(q *query) {
	if q.classified || e.clf == nil {
		return
	}
	q.classified = true
	var room [32]string // the words are read by predict alone: on the stack when few
	var fitted [32]int32
	q.clf = e.clf.predictTo(q.clfRoom, appendWordTexts(room[:0], q.words), e.fittedRows(fitted[:0], q.words), e.mean)
}

// fittedRows appends, for each word, what clfRows tells of it by its
// number: its row in the engine's classifier plus one, -1 when the
// classifier was not fitted on it, or 0 when it has no number and must be
// looked up.
func (e *Engine) fittedRows(dst []int32, words []word) []int32 {
	for _, w := range words {
		r := int32(0)
		if w.id > 0 {
			r = e.clfRows[w.id-1]
		}
		dst = append(dst, r)
	}
	return dst
}

// classP is the classifier's probability of entry i for the question; 0
// without a classifier.
func (e *Engine) classP(q *query, i int) float64 {
	if q.clf == nil {
		return 0
	}
	if k := e.clfClass[i]; k >= 0 {
		return float64(q.clf[k])
	}
	return 0
}

// classScores is the classifier's probability of each entry, in the
// scratch's space.
func (e *Engine) classScores(q *query, sc *scratch) []float64 {
	sc.class = slices.Grow(sc.class[:0], len(e.entries))[:len(e.entries)]
	for i := range sc.class {
		sc.class[i] = e.classP(q, i)
	}
	return sc.class
}

// noneP is the classifier's probability that the question is about no
// entry; 0 without a classifier.
func noneP(q *query) float64 {
	if q.clf == nil {
		return 0
	}
	return float64(q.clf[len(q.clf)-1])
}

// modelSummary says what the engine ranks and decides with.
func (e *Engine) modelSummary() string {
	if e.clf == nil {
		return "fitted weights, without a classifier (the model's portable part)"
	}
	return fmt.Sprintf("fitted weights and a classifier of %d facts and gaps (%d words, %d hashed rows for word pairs and n-grams)",
		len(e.clf.classes)-1, len(e.clf.words), e.clf.buckets)
}

// classifyWith sets the question's class probabilities from c, in place of
// the engine's classifier, on words or else the question's own; with c nil,
// it leaves the question without.
func (e *Engine) classifyWith(q *query, c *classifier, words []word) {
	q.classified = true
	q.clf = nil
	if c == nil || e.clfClass == nil {
		return // no classifier, or one of other entries
	}
	if words == nil {
		words = q.words
	}
	var room [32]string
	var fitted []int32 // what the engine's classifier was fitted on tells nothing of another
	if c == e.clf {
		var buf [32]int32
		fitted = e.fittedRows(buf[:0], words)
	}
	q.clf = c.predictTo(q.clfRoom, appendWordTexts(room[:0], words), fitted, e.mean)
}

// wordTexts are the texts of words.
func wordTexts(words []word) []string {
	return appendWordTexts(make([]string, 0, len(words)), words)
}

// appendWordTexts appends the texts of words to dst.
func appendWordTexts(dst []string, words []word) []string {
	for _, w := range words {
		dst = append(dst, w.text)
	}
	return dst
}

// foldClassifiers are a classifier fitted on all the lines and one fitted
// without each fold, to classify that fold's questions as the classifier
// would questions it never saw.
type foldClassifiers struct {
	all  *classifier
	fold [variantFolds]*classifier
}

// of is the classifier for fold f, or the one fitted on everything for
// f < 0; nil without classifiers.
func (fc *foldClassifiers) of(f int) *classifier {
	switch {
	case fc == nil:
		return nil
	case f < 0:
		return fc.all
	}
	return fc.fold[f]
}

// bankFold is the fold of a labelled question, by its id.
func bankFold(id string) int {
	return int(fnv1a(fnvBasis, id) % variantFolds)
}

// fitClassifiers fits the classifiers on the knowledge base's question
// variants and answers and the labelled questions: an answerable one is
// about the fact whose answer holds what it expects, when exactly one does
// (a question several facts answer would teach each of them the others'
// words); an unanswerable one is about none.
func fitClassifiers(kb *Knowledge, articleText string, train []Labelled, opts []Option) (*foldClassifiers, error) {
	e, err := New(kb, articleText, append(opts, func(e *Engine) { e.training = true })...)
	if err != nil {
		return nil, err
	}
	lines, classes := e.classifierLines(train)
	fc := &foldClassifiers{}
	var wg sync.WaitGroup
	for f := -1; f < variantFolds; f++ {
		var set []clfLine
		for _, l := range lines {
			if f < 0 || l.fold != f {
				set = append(set, l.clfLine)
			}
		}
		wg.Go(func() {
			c := fitClassifier(set, classes, e.mean, defaultShape)
			if f < 0 {
				fc.all = c
			} else {
				fc.fold[f] = c
			}
		})
	}
	wg.Wait()
	return fc, nil
}

// foldLine is a line to fit the classifier on, with the fold it is held
// out in (-1 for none).
type foldLine struct {
	clfLine
	fold int
}

// classifierLines are the lines to fit a classifier on, and its classes.
func (e *Engine) classifierLines(train []Labelled) ([]foldLine, []string) {
	classes := make([]string, 0, len(e.entries)+1)
	for _, en := range e.entries {
		classes = append(classes, en.ID)
	}
	classes = append(classes, noneClass)
	var lines []foldLine
	words := func(text string) []string { return wordTexts(e.analyseQuery(Clean(text)).words) }
	for k, en := range e.entries {
		for j, q := range en.Questions {
			f := -1
			if j > 0 {
				f = foldOf(en.ID, q)
			}
			lines = append(lines, foldLine{clfLine{words(q), k}, f})
		}
		if !en.gap {
			lines = append(lines, foldLine{clfLine{words(en.Answer), k}, -1})
		}
	}
	for _, l := range train {
		q, words, ok := e.askingOne(l.Q)
		if !ok {
			continue
		}
		if words == nil {
			words = q.words
		}
		w, f := wordTexts(words), bankFold(l.ID)
		if l.Kind != "in" {
			lines = append(lines, foldLine{clfLine{w, len(classes) - 1}, f})
			continue
		}
		var right []int
		for k, en := range e.entries {
			if !en.gap && en.holdsAll(l.Expect) {
				right = append(right, k)
			}
		}
		if len(right) != 1 {
			continue
		}
		lines = append(lines, foldLine{clfLine{w, right[0]}, f})
	}
	return lines, classes
}
