package answers

import (
	"cmp"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Tuning of the matcher that weighs no evidence: evidence is weighed by the
// fitted Model.
const (
	// weakFactor scales the weight of words that rarely decide a question.
	weakFactor = 0.35
	// unknownDF is the document frequency assumed for a word no fact holds:
	// it weighs like a word shared by this many facts.
	unknownDF = 4.0
	// foreignFactor raises the weight of a word found in neither the article
	// nor the knowledge base: "weather" in "weather in Brussels" is what the
	// question is about, and nothing here speaks of it.
	foreignFactor = 1.4
	// fuzzyFactor scales the weight of a word corrected from a typo.
	fuzzyFactor = 0.85
	// entityFactor raises the weight of names (synonym groups the article
	// writes capitalised): a fact that lacks the person or thing asked about
	// is the wrong fact.
	entityFactor = 1.5
	// maxSuggestions is the most "did you mean" questions offered.
	maxSuggestions = 3
	// maxReply is the longest answer plus quote, in bytes (so in characters too).
	maxReply = 800
)

// query is a question analysed for matching.
type query struct {
	text  string
	low   string // text lower-cased
	kind  questionKind
	terms []string
	ids   []int32 // -1 for terms no fact holds
	// own is how many of terms are the message's own, when a follow-up
	// borrows words of its conversation (borrowed); the rest are borrowed.
	own      int
	borrowed bool
	w        []float64
	total    float64
	norm     float64    // the Euclidean norm of w
	known    []weighted // the terms some fact holds, sorted by id
	speak    termSet    // the terms of the quoted speaker, for quote questions
	focus    []int32    // the terms of the thing asked about; -1 for unknown ones
	// focusStems are the stems of the words of the thing asked about,
	// focusRead, once read (see Engine.focusStems).
	focusStems [][]string
	focusRead  string
	// picked is what pickedOut reads in low, once pickedRead is set.
	picked     string
	pickedRead bool
	entity     []bool // whether each term names someone or something
	noTerm     bool
	words      []word    // the words, typos repaired
	vec        []float32 // the question's meaning; nil without vectors or words
	// key is the question as variants are compared (see variantKey).
	key string
	// excluded are the terms of what the question sets aside ("besides
	// Germany").
	excluded []string
	// byName lists the name groups the question names by name.
	byName []string
	// details are the numbers and times the question itself gives.
	details details
	// opinion is set when the question asks for a view or a prediction;
	// money when it asks what something cost or paid; compares when it asks
	// to compare.
	opinion, money, compares bool
	// verbatim is set when the question asks for someone's exact words;
	// reaction when it asks how someone reacted or replied; asksCity when
	// it asks where by "which city" or "what town".
	verbatim, reaction, asksCity bool
	// sides are the terms of the two words either side of "vs" when that
	// alone makes the question a comparison ("e3 vs washington on iran"):
	// a fact telling of both answers it.
	sides []string
	// also are entries to weigh whatever the question's words: in a
	// conversation, the neighbours of the last answer's fact.
	also []int
	// clf holds the classifier's probability of each class, once
	// classified is set (see Engine.classify).
	clf        []float32
	classified bool
	// clfRoom is where clf is written when it has room (see answerRoom).
	clfRoom []float32
	// model, when set, is the model to rank and decide with in place of
	// the engine's.
	model *Model
}

// modelFor is the model the question is ranked and decided with.
func (e *Engine) modelFor(q *query) *Model {
	if q.model != nil {
		return q.model
	}
	return e.model
}

// exclusion is a phrase naming what the question is not about: "apart from
// the E3, who else ...", "how many besides the US".
var exclusion = regexp.MustCompile(`(?i)\b(?:apart from|aside from|besides|other than|except(?: for)?|excluding|not counting|leaving aside)\b[^,?;]*`)

// exclusionEnd is where an exclusion found at [from, to) ends: where the
// regexp ended it, at a comma ("besides the man who took the photo, who
// else"), or else at the question that follows it unmarked ("besides the
// e3 and the visegrad ppl who else did he meet"), once a word follows its
// key.
func exclusionEnd(text string, from, to int) int {
	if to < len(text) && (text[to] == ',' || text[to] == ';') {
		return to
	}
	key := exclusionKey.FindStringIndex(text[from:to])
	if key == nil {
		return to
	}
	words := 0
	for i := from + key[1]; i < to; i++ {
		if text[i-1] == ' ' && text[i] != ' ' {
			words++
			if words >= 2 && slices.Contains(exclusionStops, strings.ToLower(firstWord(text[i:to]))) {
				return i
			}
		}
	}
	return to
}

// exclusionKey is the phrase that opens an exclusion.
var exclusionKey = regexp.MustCompile(`(?i)^(?:apart from|aside from|besides|other than|except(?: for)?|excluding|not counting|leaving aside)\b`)

// exclusionStops begin the question after what it sets aside.
var exclusionStops = []string{"who", "whom", "what", "which", "when", "where", "why", "how", "did", "does", "do",
	"is", "was", "were", "are", "has", "have", "can", "could", "would", "will"}

// firstWord is the text up to its first space.
func firstWord(s string) string {
	if i := strings.IndexByte(s, ' '); i >= 0 {
		return s[:i]
	}
	return s
}

// foldedIfUpper is the text to look for lower-case keys in, given it
// lowered: low when it holds a capital, else the text itself.
func foldedIfUpper(text, low string) string {
	if strings.IndexFunc(text, unicode.IsUpper) >= 0 {
		return low
	}
	return text
}

// exclusionKeys are words of every exclusion, looked for before the
// regexp is run, all in one pass over the text.
var exclusionKeys = newPhrases("apart", "aside", "besides", "other than", "except", "excluding", "counting", "leaving")

func (e *Engine) analyseQuery(text string) query {
	// The text is lowered once for every reading below that ignores case.
	q := query{text: text, low: strings.ToLower(text)}
	if isClean(text) {
		q.key = strings.TrimRight(q.low, "?!. ") // variantKey's, without cleaning again
	} else {
		q.key = variantKey(text)
	}
	text = expandChat(text)
	lower := q.low
	if text != q.text {
		lower = strings.ToLower(text)
	}
	if strings.Contains(text, "%") {
		// "what % of GDP" asks a percentage
		q.kind = e.reader.kind(strings.Join(strings.Fields(strings.ReplaceAll(text, "%", " percent")), " "))
	} else {
		q.kind = e.reader.kindLow(text, lower)
	}
	if exclusionKeys.in(foldedIfUpper(text, lower)) {
		var kept strings.Builder
		last := 0
		for _, loc := range exclusion.FindAllStringIndex(text, -1) {
			end := exclusionEnd(text, loc[0], loc[1])
			q.excluded = append(q.excluded, e.lx.analyse(splitWords(text[loc[0]:end]), true).terms...)
			kept.WriteString(text[last:loc[0]])
			kept.WriteByte(' ')
			last = end
		}
		kept.WriteString(text[last:])
		text = kept.String()
		lower = strings.ToLower(text)
	}
	a := e.lx.analyse(splitWords(text), true)
	q.terms, q.words, q.byName = a.terms, a.words, a.byName
	for _, t := range a.terms {
		// a place is named by any of its words: "German" names Germany
		// as "Stoltenberg" names him, and "the NATO chief" does not
		if e.places[t] && !slices.Contains(q.byName, t) {
			q.byName = append(q.byName, t)
		}
	}
	if q.details = detailsOf(a.words); len(q.details.numbers) > 0 {
		// "how many countries are in the Visegrad Four?" gives no number
		q.details = detailsOf(e.namesCut(a.words))
	}
	q.opinion = hasMarker(lower, opinionMarkers) == 1
	q.compares = comparesLow(lower)
	if q.compares {
		q.sides = e.versusSides(lower)
	}
	q.verbatim = hasMarker(lower, verbatimAsks) == 1
	q.reaction = asksReaction(a.words, lower)
	q.asksCity = q.kind.kind == KindPlace && slices.ContainsFunc(a.words, func(w word) bool { return cityNouns[w.text] })
	for _, w := range a.words {
		if w.in(moneyAsk) {
			q.money = true
		}
	}
	r := new(termRoom)
	if e.mean != nil {
		v := r.vec[:0]
		if e.mean.dims <= len(r.vec) {
			v = r.vec[:e.mean.dims:e.mean.dims]
		} else {
			v = make([]float32, e.mean.dims)
		}
		if e.mean.embed(v, a.words) > 0 {
			q.vec = unit(v)
		}
	}
	if n := len(a.terms); n <= termRoomSize {
		q.terms, q.ids, q.w, q.entity, q.known = r.terms[:0:n], r.ids[:0:n], r.w[:0:n], r.entity[:0:n], r.known[:0:n]
	} else {
		q.terms = make([]string, 0, n)
		q.ids = make([]int32, 0, n)
		q.w = make([]float64, 0, n)
		q.entity = make([]bool, 0, n)
		q.known = make([]weighted, 0, n)
	}
	for _, t := range a.terms {
		e.addTerm(&q, t, a.fuzzy[t])
	}
	q.settle()
	for _, t := range e.lx.analyse(splitWords(q.kind.focus), true).terms {
		if weakWords[t] {
			continue
		}
		id, ok := e.termID[t]
		if !ok {
			id = -1
		}
		q.focus = append(q.focus, id)
	}
	if q.kind.kind == KindQuote {
		var ids []int32
		for _, t := range e.lx.terms(q.kind.speaker) {
			if id, ok := e.termID[t]; ok && e.lx.isName(t) {
				ids = append(ids, id)
			}
		}
		slices.Sort(ids)
		q.speak = slices.Compact(ids)
		if len(q.speak) == 0 && !q.kind.pronoun {
			// "what does fair share, fair say mean": no one named speaks
			q.kind = questionKind{kind: KindWhat, focus: q.kind.focus, named: q.kind.named, grain: q.kind.grain}
		}
	}
	return q
}

// termRoom holds a question's lists of terms, when it has no more than
// termRoomSize, and its meaning, when it has no more than vecRoomSize
// dimensions, in one allocation in place of six: nearly all have fewer.
type termRoom struct {
	terms  [termRoomSize]string
	ids    [termRoomSize]int32
	w      [termRoomSize]float64
	entity [termRoomSize]bool
	known  [termRoomSize]weighted
	vec    [vecRoomSize]float32
}

const (
	termRoomSize = 10
	vecRoomSize  = 100 // the embedded word vectors'
)

// addTerm adds a term to the question with its weight: rarer terms weigh
// more, and terms no fact holds weigh as unknown words do.
func (e *Engine) addTerm(q *query, t string, fuzzy bool) {
	id, ok := e.termID[t]
	w := e.unknownWeight
	if ok {
		w = e.weight[id]
	} else {
		id = -1
		switch {
		case weakWords[t]:
			w *= weakFactor
		case !e.lx.knownStem(t):
			w *= foreignFactor // in neither the article nor the knowledge base
		}
	}
	if fuzzy {
		w *= fuzzyFactor
	}
	q.terms = append(q.terms, t)
	q.ids = append(q.ids, id)
	q.entity = append(q.entity, e.lx.isName(t))
	q.w = append(q.w, w)
}

// settle derives the question's totals and its known terms from its terms.
func (q *query) settle() {
	q.total, q.norm = 0, 0
	for _, w := range q.w {
		q.total += w
		q.norm += w * w
	}
	q.norm = math.Sqrt(q.norm)
	q.known = q.known[:0]
	for i, id := range q.ids {
		if id >= 0 {
			q.known = append(q.known, weighted{id, q.w[i]})
		}
	}
	slices.SortFunc(q.known, func(a, b weighted) int { return cmp.Compare(a.id, b.id) })
	q.noTerm = len(q.terms) == 0
}

// addWords adds words a follow-up borrows from its conversation to what the
// question is about, leaving what it asks (its kind, focus and details) as
// the message's own words have it.
func (e *Engine) addWords(q *query, words string) { e.addWordsWeighted(q, words, 1) }

// addWordsWeighted is addWords with the borrowed terms' weights scaled by
// scale.
func (e *Engine) addWordsWeighted(q *query, words string, scale float64) {
	if strings.TrimSpace(words) == "" {
		return
	}
	if !q.borrowed {
		q.own, q.borrowed = len(q.terms), true
	}
	a := e.lx.analyse(splitWords(words), true)
	for _, t := range a.terms {
		if !slices.Contains(q.terms, t) {
			e.addTerm(q, t, a.fuzzy[t])
			q.w[len(q.w)-1] *= scale
		}
	}
	q.words = append(q.words, a.words...)
	q.clf, q.classified = nil, false
	q.settle()
	if e.mean != nil {
		v := make([]float32, e.mean.dims)
		if e.mean.embed(v, q.words) > 0 {
			q.vec = unit(v)
		}
	}
}

// weighted is a term id with its weight in the question.
type weighted struct {
	id int32
	w  float64
}

// hasNumber reports whether s has a number standing alone or spelled out:
// "29 countries", "six months", not the "400" of "S400".
func hasNumber(s string) bool {
	for _, w := range splitWords(s) {
		if isDigits(w.text) {
			return true
		}
	}
	return false
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// suggestions are the first questions of the likeliest facts other than
// skip, those the ranker gives at least the model's SuggestAt.
func (e *Engine) suggestions(q *query, facts []candidate, skip int) []string {
	at := e.modelFor(q).SuggestAt
	var out []string
	for _, c := range facts {
		if c.gap || c.index == skip || c.p < at || len(out) == maxSuggestions {
			continue
		}
		out = append(out, e.entries[c.index].Questions[0])
	}
	return out
}

// reply builds an Answer from a fact: its quote that shares most with the
// question and, when the fact has another and the reply stays short, the
// next one as well.
func (e *Engine) reply(q *query, st Status, en *entry, conf float64, text string, sugg []string, why Explanation) Answer {
	a := Answer{
		Question: q.text, Status: st, Text: text, Confidence: round(conf),
		FactID: en.ID, Suggestions: sugg, Why: why,
	}
	if len(en.Quotes) > 0 {
		shared := make([]int, len(en.Quotes))
		for i, ts := range en.quoteTerms {
			for _, id := range q.ids {
				if id >= 0 && ts.has(id) {
					shared[i]++
				}
			}
		}
		order := make([]int, len(en.Quotes))
		for i := range order {
			order[i] = i
		}
		slices.SortStableFunc(order, func(x, y int) int { return cmp.Compare(shared[y], shared[x]) })
		a.Quote = en.Quotes[order[0]]
		if len(order) > 1 {
			if next := en.Quotes[order[1]]; len(a.Text)+len(a.Quote.Text)+len(next.Text) <= maxReply {
				a.Also = []Quote{next}
			}
		}
	}
	if len(a.Text)+len(a.Quote.Text) > maxReply {
		a.Text = truncate(a.Text, maxReply-len(a.Quote.Text))
	}
	return a
}

// explainTerms splits the question's terms into those the fact holds and the rest.
func (e *Engine) explainTerms(q *query, en *entry) (matched, unmatched []string) {
	if len(q.ids) == 0 {
		return nil, nil
	}
	// Both lists share one allocation, each capped at its length.
	var buf [32]bool
	held := buf[:0]
	n := 0
	for _, id := range q.ids {
		h := id >= 0 && en.all.has(id)
		held = append(held, h)
		if h {
			n++
		}
	}
	all := make([]string, len(q.ids))
	m, u := 0, n
	for i, h := range held {
		if h {
			all[m], m = q.terms[i], m+1
		} else {
			all[u], u = q.terms[i], u+1
		}
	}
	if n > 0 {
		matched = all[:n:n]
	}
	if n < len(all) {
		unmatched = all[n:]
	}
	return matched, unmatched
}

func (e *Engine) tooLong(text string) Answer {
	return Answer{
		Question: truncate(Clean(text[:min(len(text), 4*MaxQuestionLen)]), 80), Status: StatusMeta,
		Text: fmt.Sprintf("That question is too long for me. Please ask a shorter question (at most %d characters).", MaxQuestionLen),
	}
}

// truncate cuts s to at most n bytes on a rune boundary, marking the cut.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	if n <= len("…") {
		return ""
	}
	cut := n - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strings.TrimSpace(s[:cut]) + "…"
}

func round(x float64) float64 {
	return math.Round(min(max(x, 0), 1)*1000) / 1000
}

// scratch is a reusable accumulator: the weight each document collects from
// the question's terms, and which documents were touched. Engines keep them
// in a sync.Pool so a question allocates no per-document memory.
type scratch struct {
	acc     []float64 // the sum of weights
	touched []int32
	// dot is each variant's dot product with the question; closest each
	// entry's best cosine similarity over its variants.
	dot, closest       []float64
	dotted, closestSet []int32
	cent               []float64
	// dots holds dot products, as dots gives them.
	dots  []float32
	class []float64
	every []int32
	pick  []int
	full  []scored
	// held counts, for each entry, the question's names it holds; heldSet
	// lists the entries counted.
	held    []int32
	heldSet []int32
	// ints holds integer dot products; qa a question's meaning at int16
	// precision.
	ints []int32
	qa   []int16
}

// meaningInts is the question's meaning v at int16 precision, with its
// scale (see roundRow), in the scratch's space.
func (sc *scratch) meaningInts(v []float32) ([]int16, float64) {
	sc.qa = slices.Grow(sc.qa[:0], len(v))[:len(v)]
	return sc.qa, roundRow(sc.qa, v)
}

// scored is an entry index with a score, for shortlists.
type scored struct {
	i int
	s float64
}

// closestVariants computes, for every entry with a question variant sharing
// a term with the question, the weighted cosine similarity of its closest
// variant. The result, and the dot products sameKind reads, are valid until
// the next call.
func (sc *scratch) closestVariants(q *query, e *Engine) (closest []float64) {
	// The tables are read through locals, which the compiler can keep in
	// registers, and the loops are written without branches that depend on
	// the data (min, max and a count the compiler computes without a
	// jump), which a processor cannot predict: each takes a few
	// nanoseconds for every variant touched, some five hundred a question.
	dot, dotted := sc.dot, sc.dotted
	for _, v := range dotted {
		dot[v] = 0
	}
	closest = sc.closest
	for _, f := range sc.closestSet {
		closest[f] = 0
	}
	if len(dot) < len(e.variantOf) {
		dot, dotted = make([]float64, len(e.variantOf)), make([]int32, len(e.variantOf))
	}
	if len(closest) < len(e.entries) {
		closest = make([]float64, len(e.entries))
		sc.closestSet = make([]int32, len(e.entries))
	}
	// Each variant is listed once at most, and each entry: a list is
	// written at its end, and grows by one where the item is new.
	dotted, closestSet := dotted[:len(e.variantOf)], sc.closestSet[:len(e.entries)]
	n := 0
	for _, k := range q.known {
		w := k.w * e.weight[k.id]
		for _, v := range e.varPostings[k.id] {
			d := dot[v]
			dotted[n] = v
			if d == 0 {
				n++
			}
			dot[v] = d + w
		}
	}
	dotted = dotted[:n]
	norm, variantOf, variantNorm := q.norm, e.variantOf, e.variantNorm
	n = 0
	for _, v := range dotted {
		f := variantOf[v]
		c := closest[f]
		closestSet[n] = f
		if c == 0 {
			n++
		}
		// max(c, x) on the bits: of two floats that are not negative the
		// larger has the larger bits (and a NaN, which max keeps, larger
		// bits than any), and an integer max is a conditional move, where
		// the float max's care for NaN and signed zeros is four more steps
		// that the next variant of the same entry waits for. x is positive:
		// the dot product and the norms add up positive weights.
		x := min(1, dot[v]/(norm*variantNorm[v]))
		closest[f] = math.Float64frombits(max(math.Float64bits(c), math.Float64bits(x)))
	}
	sc.dot, sc.dotted, sc.closest, sc.closestSet = dot, dotted, closest, closestSet[:n]
	return closest
}

// sameKind is the weighted cosine similarity of entry i's closest variant
// of the kind numbered kind (see Engine.kinds; -1 for none), after
// closestVariants: 0 when no such variant shares a term with the question.
// Only the few candidates need it, so it is not worked out for every entry
// touched.
func (sc *scratch) sameKind(q *query, e *Engine, i, kind int) float64 {
	if kind < 0 {
		return 0
	}
	var same uint64 // the bits of 0.0
	g := i*len(e.kinds) + kind
	for _, v := range e.kindVariants[e.kindStart[g]:e.kindStart[g+1]] {
		// A variant no term of the question touched has a dot product of 0.
		if d := sc.dot[v]; d != 0 {
			// the float max on the bits, as closestVariants takes it
			same = max(same, math.Float64bits(min(1, d/(q.norm*e.variantNorm[v]))))
		}
	}
	return math.Float64frombits(same)
}

// centroids is the meaning similarity of the question to every entry.
func (sc *scratch) centroids(e *Engine, qv []float32) []float64 {
	if len(sc.cent) < len(e.entries) {
		sc.cent = make([]float64, len(e.entries))
	}
	sc.dots = slices.Grow(sc.dots[:0], len(e.entries))[:len(e.entries)]
	dots(qv, e.centroid, sc.dots)
	for i, x := range sc.dots {
		sc.cent[i] = float64(x)
	}
	return sc.cent
}

// all lists the entry indexes 0 to n-1.
func (sc *scratch) all(n int) []int32 {
	for len(sc.every) < n {
		sc.every = append(sc.every, int32(len(sc.every)))
	}
	return sc.every[:n]
}

// accumulate adds up, for every document holding a question term, the
// weights of the terms it holds. The result is valid until the next call.
func (sc *scratch) accumulate(q *query, postings [][]int32, docs int) []float64 {
	// As closestVariants, through locals and without branches on the data.
	acc, touched := sc.acc, sc.touched
	for _, d := range touched {
		acc[d] = 0
	}
	if len(acc) < docs {
		acc, touched = make([]float64, docs), make([]int32, docs)
	}
	touched = touched[:docs] // each document is listed once at most
	n := 0
	for i, id := range q.ids {
		if id < 0 {
			continue
		}
		w := q.w[i]
		for _, d := range postings[id] {
			a := acc[d]
			touched[n] = d
			if a == 0 {
				n++
			}
			acc[d] = a + w
		}
	}
	sc.acc, sc.touched = acc, touched[:n]
	return acc
}

// namesHeld counts the question's names (the terms that name someone or
// something) and, for every entry, how many of them it holds: the entry
// misses the rest. The postings list the entries that hold each term, so
// the names are counted once for all the entries, not looked up in each.
// held is valid until the next call.
func (sc *scratch) namesHeld(q *query, postings [][]int32, docs int) (names int, held []int32) {
	held = sc.held
	for _, d := range sc.heldSet {
		held[d] = 0
	}
	if len(held) < docs {
		held = make([]int32, docs)
	}
	set := sc.heldSet[:0]
	for k, id := range q.ids {
		if !q.entity[k] {
			continue
		}
		names++
		if id < 0 {
			continue // a name no entry holds
		}
		for _, d := range postings[id] {
			if held[d] == 0 {
				set = append(set, d)
			}
			held[d]++
		}
	}
	sc.held, sc.heldSet = held, set
	return names, held
}
