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

// Words that give a number or a time.
var (
	quantityWords = setOf(`several few dozen dozens hundreds thousands millions billions half quarter`)
	timeWords     = setOf(`january february march april may june july august september october november
december monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow tonight
night morning afternoon evening week weeks month months year years decade soon start beginning during
ago recently whenever often early frequently regularly midnight noon midday dawn dusk weekend weekends mornings afternoons evenings nights mondays
tuesdays wednesdays thursdays fridays saturdays sundays spring summer autumn winter`)
)

// details are the numbers, sums of money and times a text gives, as words.
type details struct {
	numbers, money, times []string
	// spans are the numbers that count days, months or years: "six
	// months", "several weeks".
	spans []string
}

// spanUnits count time.
var spanUnits = setOf(`second seconds minute minutes hour hours day days week weeks month months year years
decade decades`)

// moneyAsks are words of a question about money: "how much did it cost".
var moneyAsks = setOf(`pay paid pays paying cost costs costing price priced spend spent spending worth
budget fee fees salary wage wages money dollars euros charge charged`)

// moneyWords mark a number as a sum or share: "310 million dollars", "40 percent".
var moneyWords = setOf(`dollar dollars euro euros pound pounds million millions billion billions
percent per cent usd eur gbp budget cost costs price`)

// detailsOf lists the numbers and times in a text's words.
func detailsOf(ws []word) details {
	var d details
	for i, w := range ws {
		switch {
		case isYear(w.text):
			d.times = appendNew(d.times, w.text) // a year is a time, not a count
		case isDigits(w.text) || w.in(quantityWord):
			d.numbers = appendNew(d.numbers, w.text)
			if i+1 < len(ws) && ws[i+1].in(spanUnit) {
				d.spans = appendNew(d.spans, w.text+" "+ws[i+1].text)
			}
			if i+1 < len(ws) && ws[i+1].in(moneyWord) || i > 0 && ws[i-1].in(moneyWord) {
				d.money = appendNew(d.money, w.text)
			}
		case w.in(timeWord):
			d.times = appendNew(d.times, w.text)
		}
	}
	return d
}

// isYear reports whether a word is a year of the last two centuries.
func isYear(w string) bool {
	return len(w) == 4 && isDigits(w) && (strings.HasPrefix(w, "19") || strings.HasPrefix(w, "20"))
}

func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// freshIn reports whether have holds a word that asked does not.
func freshIn(have, asked []string) bool {
	for _, h := range have {
		if !slices.Contains(asked, h) {
			return true
		}
	}
	return false
}

// givesAsked reports whether the entry gives the sort of thing the question
// asks for, beyond what the question itself says: a "who" or "where" needs
// a name the question does not give by name, a "when" a time, a "how many"
// a number. Other kinds ask for nothing the text can show.
func (e *Engine) givesAsked(q *query, en *entry) bool {
	person := asksPerson(q.kind) && (q.kind.kind == KindWho || q.kind.named)
	switch {
	case q.kind.kind == KindWho || q.kind.kind == KindPlace || person:
		of := map[string]bool(nil) // any name will do
		switch {
		case person && len(e.people) > 0:
			of = e.people
		case q.kind.kind == KindPlace && len(e.places) > 0:
			of = e.places
		}
		for _, g := range en.names {
			if !slices.Contains(q.byName, g) && (of == nil || of[g]) {
				return true
			}
		}
		return false
	case q.kind.kind == KindTime:
		return freshIn(en.details.times, q.details.times)
	case q.kind.kind == KindAmount && q.money:
		return freshIn(en.details.money, q.details.numbers)
	case q.kind.kind == KindDuration:
		return freshIn(en.details.spans, q.details.spans)
	case q.kind.kind == KindAmount || q.kind.kind == KindCount:
		return freshIn(en.details.numbers, q.details.numbers)
	}
	return true
}

// Phrases that mark what a question asks for, beyond its kind. Each is a
// lower-case substring of the cleaned question.
var (
	// opinionMarkers ask for a view or a prediction, which no article fact gives.
	opinionMarkers = newPhrases("your view", "your opinion", "you think", "do you agree", "you believe",
		"you feel", "in your", "predict", "would you", "should i")
	// specificMarkers ask for more precision than a summary: names, exact terms.
	specificMarkers = newPhrases("exactly", "specific", "precisely", "in detail", "details", "names",
		"name of", "the name", "full list", "list all", "which one", "what kind of", "what type of", "concrete",
		"in particular", "which particular", "what particular")
)

func hasMarker(s string, markers *phrases) float64 {
	if markers.in(s) {
		return 1
	}
	return 0
}

// candidate is an entry (fact or gap) weighed against a question.
type candidate struct {
	index int
	// gap marks a known gap: the article does not say what it asks.
	gap bool
	// coverage is the share of the question's term weight the entry holds;
	// closest the similarity of its nearest question variant, by terms;
	// sameKind that of its nearest variant asking the same kind of question.
	coverage, closest, sameKind float64
	// centroid, nearest and answer are similarities of meaning: to the mean
	// of its variants, to its nearest variant, to its answer and quotes;
	// both weighs words and meaning together, variant by variant.
	centroid, nearest, answer, both float64
	// fit: the entry answers this kind of question; focus: it mentions the
	// thing asked about; typed: it gives the detail the kind needs.
	fit, focus, typed bool
	// missing counts the names in the question the entry never mentions.
	missing int
	// exact is set when the question is one of the entry's variants, as
	// written (case, spacing and end punctuation aside).
	exact bool
	// logit and p are the ranker's log-odds and probability that the
	// entry's answer is right.
	logit, p float64
	// class is the classifier's probability of the entry.
	class float64
}

// lead is how far x stands above the best of the others.
type leads struct{ coverage, closest, nearest, both, class float64 }

// feature is one named input of a fitted model.
type feature struct {
	name string
	of   func(c *candidate, l leads) float64
}

func rankerNames() []string {
	out := make([]string, len(rankerFeatures))
	for i, f := range rankerFeatures {
		out[i] = f.name
	}
	return out
}

func gateNames() []string {
	out := make([]string, len(gateFeatures))
	for i, f := range gateFeatures {
		out[i] = f.name
	}
	return out
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// rankerFeatures describe one fact for one question.
var rankerFeatures = []feature{
	{"coverage", func(c *candidate, _ leads) float64 { return c.coverage }},
	{"exact", func(c *candidate, _ leads) float64 { return b2f(c.exact) }},
	{"closest", func(c *candidate, _ leads) float64 { return c.closest }},
	{"closest_same_kind", func(c *candidate, _ leads) float64 { return c.sameKind }},
	{"meaning_centroid", func(c *candidate, _ leads) float64 { return c.centroid }},
	{"meaning_nearest", func(c *candidate, _ leads) float64 { return c.nearest }},
	{"words_and_meaning", func(c *candidate, _ leads) float64 { return c.both }},
	{"meaning_answer", func(c *candidate, _ leads) float64 { return c.answer }},
	{"kind_fit", func(c *candidate, _ leads) float64 { return b2f(c.fit) }},
	{"focus_held", func(c *candidate, _ leads) float64 { return b2f(c.focus) }},
	{"detail_held", func(c *candidate, _ leads) float64 { return b2f(c.typed) }},
	{"names_missing", func(c *candidate, _ leads) float64 { return float64(c.missing) }},
	{"coverage_lead", func(_ *candidate, l leads) float64 { return l.coverage }},
	{"closest_lead", func(_ *candidate, l leads) float64 { return l.closest }},
	{"meaning_lead", func(_ *candidate, l leads) float64 { return l.nearest }},
	{"words_and_meaning_lead", func(_ *candidate, l leads) float64 { return l.both }},
	{"classifier", func(c *candidate, _ leads) float64 { return c.class }},
	{"classifier_lead", func(_ *candidate, l leads) float64 { return l.class }},
}

// verdict is what the gate weighs: the question, its likeliest fact, the
// runner-up and the nearest known gap.
type verdict struct {
	q    *query
	best *candidate
	// at is best's index in the candidates, -1 with no best
	at             int
	second         float64 // the runner-up's ranker log-odds
	gap            candidate
	gapSeen        bool
	focusMeaning   float64
	nameLikeness   float64
	foreign        float64
	opinion, exact float64
}

// gateFeatures describe a question and its likeliest fact.
var gateFeatures = []gateFeature{
	{"rank_logit", func(v *verdict) float64 { return v.best.logit }},
	{"rank_margin", func(v *verdict) float64 { return v.best.logit - v.second }},
	{"coverage", func(v *verdict) float64 { return v.best.coverage }},
	{"closest", func(v *verdict) float64 { return v.best.closest }},
	{"closest_same_kind", func(v *verdict) float64 { return v.best.sameKind }},
	{"meaning_nearest", func(v *verdict) float64 { return v.best.nearest }},
	{"meaning_answer", func(v *verdict) float64 { return v.best.answer }},
	{"kind_fit", func(v *verdict) float64 { return b2f(v.best.fit) }},
	{"focus_held", func(v *verdict) float64 { return b2f(v.best.focus) }},
	{"focus_meaning", func(v *verdict) float64 { return v.focusMeaning }},
	{"detail_held", func(v *verdict) float64 { return b2f(v.best.typed) }},
	{"names_missing", func(v *verdict) float64 { return float64(v.best.missing) }},
	{"gap_lead", func(v *verdict) float64 { return v.gap.logit - v.best.logit }},
	{"gap_closest_lead", func(v *verdict) float64 { return v.gap.closest - v.best.closest }},
	{"gap_same_kind_lead", func(v *verdict) float64 { return v.gap.sameKind - v.best.sameKind }},
	{"gap_meaning_lead", func(v *verdict) float64 { return v.gap.nearest - v.best.nearest }},
	{"asks_outcome", func(v *verdict) float64 { return b2f(v.q.kind.kind == KindOutcome) }},
	{"asks_opinion", func(v *verdict) float64 { return v.opinion }},
	{"asks_exactly", func(v *verdict) float64 { return v.exact }},
	{"unknown_name", func(v *verdict) float64 { return v.nameLikeness }},
	{"foreign_share", func(v *verdict) float64 { return v.foreign }},
	{"terms", func(v *verdict) float64 { return math.Log1p(float64(len(v.q.terms))) }},
	{"asks_what", func(v *verdict) float64 { return b2f(v.q.kind.kind == KindWhat) }},
	{"asks_who", func(v *verdict) float64 { return b2f(v.q.kind.kind == KindWho) }},
	{"asks_where", func(v *verdict) float64 { return b2f(v.q.kind.kind == KindPlace) }},
	{"asks_when", func(v *verdict) float64 { return b2f(v.q.kind.kind == KindTime) }},
	{"asks_number", func(v *verdict) float64 {
		return b2f(v.q.kind.kind == KindCount || v.q.kind.kind == KindAmount || v.q.kind.kind == KindDuration)
	}},
	{"asks_why", func(v *verdict) float64 { return b2f(v.q.kind.kind == KindReason) }},
	{"asks_words", func(v *verdict) float64 { return b2f(v.q.kind.kind == KindQuote) }},
	{"asks_yes_no", func(v *verdict) float64 { return b2f(v.q.kind.kind == KindYesNo) }},
	{"keywords_only", func(v *verdict) float64 { return b2f(!opensQuestion(v.q.low)) }},
	{"classifier", func(v *verdict) float64 { return v.best.class }},
	{"classifier_none", func(v *verdict) float64 { return noneP(v.q) }},
	{"classifier_top", func(v *verdict) float64 { return topP(v.q) }},
}

// topP is the classifier's highest probability for the question, none
// included; 0 without a classifier.
func topP(q *query) float64 {
	if q.clf == nil {
		return 0
	}
	return float64(largest(q.clf))
}

type gateFeature struct {
	name string
	of   func(v *verdict) float64
}

// shortlist is how many entries each signal nominates for scoring, and
// classShortlist how many the classifier does (its likeliest rarely miss,
// and each nominee costs a comparison with all its variants); fullMeaning
// how many of them, the likeliest, are compared with each of their
// variants by meaning.
const (
	shortlist      = 5
	classShortlist = 2
	maxShortlist   = shortlist
	fullMeaning    = 6
)

// candidates weighs the entries (facts and gaps) that share a word or a
// meaning with the question, best first by the ranker.
func (e *Engine) candidates(q *query) []candidate {
	return e.candidatesTo(nil, q)
}

// candidatesTo is candidates, written over dst's room where it has enough.
func (e *Engine) candidatesTo(dst []candidate, q *query) []candidate {
	sc := e.scratch.Get().(*scratch)
	defer e.scratch.Put(sc)
	closest := sc.closestVariants(q, e)
	acc := sc.accumulate(q, e.postings, len(e.entries))
	var cent []float64
	if q.vec != nil {
		cent = sc.centroids(e, q.vec)
	}
	pick := sc.pick[:0]
	exact, isExact := e.exact[q.key]
	if isExact {
		pick = append(pick, exact)
	}
	nominate := func(score []float64, from []int32, size int) {
		var top [maxShortlist]scored
		n := 0
		// floor is the score to beat, the last kept once size are kept:
		// most scores fall below it, and a test on a register is cheap.
		floor, floorI := 0.0, 0
		for _, i := range from {
			s := score[i]
			if s < floor || s == floor && (n < size || int(i) > floorI) {
				continue
			}
			// keep the best size of them, best first; ties keep the earlier entry first
			k := min(n, size-1)
			for k > 0 && (top[k-1].s < s || top[k-1].s == s && top[k-1].i > int(i)) {
				top[k] = top[k-1]
				k--
			}
			top[k] = scored{int(i), s}
			n = min(n+1, size)
			if n == size {
				floor, floorI = top[n-1].s, top[n-1].i
			}
		}
		for _, t := range top[:n] {
			if !slices.Contains(pick, t.i) {
				pick = append(pick, t.i)
			}
		}
	}
	nominate(acc, sc.touched, shortlist)
	nominate(closest, sc.touched, shortlist)
	if cent != nil {
		nominate(cent, sc.all(len(e.entries)), shortlist)
	}
	e.classify(q)
	if q.clf != nil {
		nominate(e.classScores(q, sc), sc.all(len(e.entries)), classShortlist)
	}
	for _, i := range q.also {
		if !slices.Contains(pick, i) {
			pick = append(pick, i)
		}
	}
	sc.pick = pick
	// Only the likeliest few, by words and meaning together, are compared
	// with each of their variants by meaning; the rest stand by their
	// centroid. The few are enough: the rest seldom win.
	full := sc.full[:0]
	for _, i := range pick {
		s := acc[i]/max(q.total, 1e-9) + closest[i]
		if cent != nil {
			s += cent[i]
		}
		full = append(full, scored{i, s})
	}
	slices.SortStableFunc(full, func(a, b scored) int { return cmp.Compare(b.s, a.s) })
	sc.full = full
	out := slices.Grow(dst[:0], len(pick))
	kind := slices.Index(e.kinds, q.kind.kind) // -1 when no variant asks it
	names, held := sc.namesHeld(q, e.postings, len(e.entries))
	var qa []int16
	var qaScale float64
	if cent != nil {
		qa, qaScale = sc.meaningInts(q.vec)
	}
	for rank, f := range full {
		i := f.i
		en := e.entries[i]
		c := candidate{index: i, gap: en.gap, coverage: acc[i] / max(q.total, 1e-9), closest: closest[i], sameKind: sc.sameKind(q, e, i, kind),
			exact: isExact && exact == i}
		if cent != nil {
			c.centroid = cent[i]
			if rank < fullMeaning {
				c.nearest, c.both = e.nearestVariant(q, sc, en, qa, qaScale)
			} else {
				c.nearest, c.both = c.centroid, (c.centroid+c.closest)/2
			}
			c.answer = float64(dot(q.vec, e.row(e.answerMean, i)))
		}
		c.class = e.classP(q, i)
		c.fit = en.gap || e.fitsKind(q, en)
		c.focus = e.holdsFocus(q, en)
		c.typed = en.gap || e.givesAsked(q, en)
		c.missing = names - int(held[i])
		out = append(out, c)
	}
	e.score(out, e.modelFor(q))
	return out
}

// score sets each fact's ranker log-odds and probability and sorts them
// best first; ties go to the fact listed first in the knowledge base.
func (e *Engine) score(facts []candidate, m *Model) {
	if m != nil && len(m.Ranker.W) > 0 {
		// One row at a time, in a buffer on the stack for the features
		// there are: the rows are not kept.
		var buf [32]float64
		x := buf[:0]
		if len(rankerFeatures) > len(buf) {
			x = make([]float64, 0, len(rankerFeatures))
		}
		x = x[:len(rankerFeatures)]
		var room [16]leads
		ls := room[:0]
		if len(facts) > len(room) {
			ls = make([]leads, 0, len(facts))
		}
		ls = leadsOf(facts, ls[:len(facts)])
		for i := range facts {
			rankerRow(x, &facts[i], ls[i])
			facts[i].logit = m.Ranker.logit(x)
			facts[i].p = sigmoid(facts[i].logit)
		}
	}
	slices.SortFunc(facts, func(a, b candidate) int {
		return cmp.Or(cmp.Compare(b.logit, a.logit), cmp.Compare(a.index, b.index))
	})
}

// rankerInputs are the ranker's features of every fact, in the order given.
func rankerInputs(facts []candidate) [][]float64 {
	out := make([][]float64, len(facts))
	n := len(rankerFeatures)
	all := make([]float64, len(facts)*n) // one allocation for every row
	ls := leadsOf(facts, make([]leads, len(facts)))
	for i := range facts {
		out[i] = all[i*n : (i+1)*n : (i+1)*n]
		rankerRow(out[i], &facts[i], ls[i])
	}
	return out
}

// rankerRow sets x to the ranker's features of fact c, whose leads are l.
func rankerRow(x []float64, c *candidate, l leads) {
	for k, f := range rankerFeatures {
		x[k] = f.of(c, l)
	}
}

// leadsOf sets and returns out[i], for each fact i of facts, the least of
// its signals' differences to each other fact's, c.coverage-o.coverage
// and so on: for a fact alone, its signals themselves. The least
// difference is the difference to the largest of the others, rounding
// being monotonic, so each is taken once, from the largest before and
// after the fact, not for every other fact: the same to the last bit for
// the finite signals these are.
func leadsOf(facts []candidate, out []leads) []leads {
	if len(facts) == 1 {
		c := &facts[0]
		out[0] = leads{c.coverage, c.closest, c.nearest, c.both, c.class}
		return out
	}
	ninf := math.Inf(-1)
	// out[i] is first the largest of each signal after fact i
	after := leads{ninf, ninf, ninf, ninf, ninf}
	for i := len(facts) - 1; i >= 0; i-- {
		out[i] = after
		c := &facts[i]
		after = leads{max(after.coverage, c.coverage), max(after.closest, c.closest), max(after.nearest, c.nearest),
			max(after.both, c.both), max(after.class, c.class)}
	}
	before := leads{ninf, ninf, ninf, ninf, ninf}
	for i := range facts {
		c, a := &facts[i], out[i]
		out[i] = leads{c.coverage - max(before.coverage, a.coverage), c.closest - max(before.closest, a.closest),
			c.nearest - max(before.nearest, a.nearest), c.both - max(before.both, a.both), c.class - max(before.class, a.class)}
		before = leads{max(before.coverage, c.coverage), max(before.closest, c.closest), max(before.nearest, c.nearest),
			max(before.both, c.both), max(before.class, c.class)}
	}
	return out
}

// nearestVariant is the meaning similarity of the entry's nearest variant,
// and the best mean of the word and meaning similarities of one variant: a
// variant near in both words and meaning ("Who is Antony Blinken?" for "who
// is blinken") beats one near in words only ("who is tony").
func (e *Engine) nearestVariant(q *query, sc *scratch, en *entry, a []int16, scale float64) (nearest, both float64) {
	nearest, both = -1, -1
	// The variants' meanings are compared all together first, in integers:
	// the question's meaning a at int16 precision (its scale a 65,534th of
	// its largest element) with the variants' at int8, as variantQ holds
	// them, which the processor multiplies and adds sixteen at a time
	// where float32 took eight, each first converted and scaled. The
	// result is within 2e-4 of the float32 dot product, some 1e-5 usually.
	sc.ints = slices.Grow(sc.ints[:0], len(en.Questions))[:len(en.Questions)]
	e.variantQ.intDots(a, en.firstVariant, sc.ints)
	for k := range en.Questions {
		v := en.firstVariant + k
		m := float64(sc.ints[k]) * scale * float64(e.variantQ.Scales[v])
		// lex is 0 for a variant no term of the question touched, whose dot
		// product is 0, and the weighted cosine otherwise: worked out for
		// every variant and kept or cleared by a mask, without a branch on
		// the data the processor would mispredict half the time. (The
		// quotient of a variant left untouched, 0 over norms that may be
		// 0, is dropped whatever it is.)
		d, keep := sc.dot[v], uint64(0)
		if d != 0 {
			keep = ^uint64(0) // a conditional move
		}
		lex := math.Float64frombits(math.Float64bits(min(1, d/(q.norm*e.variantNorm[v]))) & keep)
		nearest, both = max(nearest, m), max(both, (m+lex)/2)
	}
	return nearest, both
}

// judge builds what the gate weighs about the question and its likeliest
// fact: the first of cands that is not a gap, unless that one lacks the
// very sort of thing asked (a reason, a date, a number) and another near
// it does not. "Why is that a problem for Washington?" after a question on
// Germany and China is not answered from the overview of Germany, which
// gives no reason, when the fact on Europe's reluctance is near.
func (e *Engine) judge(q *query, cands []candidate) *verdict {
	v := e.judgeAt(q, cands, firstFact(cands))
	if v.best == nil || v.gapNearer() || !e.lacksKind(q, v.best) {
		return v
	}
	if i := e.fitting(q, cands, v.best); i >= 0 {
		passed := v.at
		v = e.judgeAt(q, cands, i)
		if q.kind.kind == KindReason {
			// a fact giving no reason is no rival to one that does: the
			// margin is to the likeliest fact after it. A number or a date
			// is held by many facts that do not answer, so a fact passed
			// over for lacking one stays a rival.
			v.second = -10
			for k := range cands {
				if !cands[k].gap && k != i && k != passed {
					v.second = cands[k].logit
					break
				}
			}
		}
	}
	return v
}

// lacksKind reports whether what the fact lacks is the sort of thing the
// question asks for, and nothing before it: a reason, a date, a number.
func (e *Engine) lacksKind(q *query, c *candidate) bool {
	want := kindWants[q.kind.kind]
	return want != "" && e.lacking(q, c) == want
}

// fittingShare is how likely, beside the likeliest fact, another must be
// for judge to weigh it instead. Any share from 0.25 to 0.6 changed the
// same questions of the bank and the tuning dialogues: the gate decides.
const fittingShare = 0.4

// fitting is the index of the likeliest fact after best that lacks nothing
// the question asks for, when it is at least fittingShare as likely as
// best; otherwise -1.
func (e *Engine) fitting(q *query, cands []candidate, best *candidate) int {
	for i := range cands {
		c := &cands[i]
		if c.gap || c == best {
			continue
		}
		if c.p < best.p*fittingShare {
			return -1
		}
		if e.lacking(q, c) == "" {
			return i
		}
	}
	return -1
}

// judgeAt builds what the gate weighs about the question and the fact
// cands[best], beside the first gap and the likeliest other fact.
func (e *Engine) judgeAt(q *query, cands []candidate, best int) *verdict {
	v := &verdict{q: q, second: -10, at: best}
	v.gap.logit = -10
	if best >= 0 {
		v.best = &cands[best]
	}
	for i := range cands {
		c := &cands[i]
		switch {
		case c.gap && !v.gapSeen:
			v.gap, v.gapSeen = *c, true
		case !c.gap && i != best && v.second == -10:
			v.second = c.logit
		}
	}
	if v.best != nil {
		v.focusMeaning = e.focusMeaning(q, e.entries[v.best.index])
	}
	s := q.low
	v.opinion = hasMarker(s, opinionMarkers)
	v.exact = hasMarker(s, specificMarkers)
	v.nameLikeness = e.nameLikeness(q.words)
	var foreign float64
	for k, id := range q.ids {
		if id < 0 && !e.lx.knownStem(q.terms[k]) {
			foreign += q.w[k]
		}
	}
	if q.total > 0 {
		v.foreign = foreign / q.total
	}
	return v
}

// gapNearer reports whether the ranker finds a known gap at least as likely
// as the best fact, and the gap's questions of the same kind come as near:
// the question is nearer something the article does not say than anything
// it does. ("When was it published" is not "where was it published".)
func (v *verdict) gapNearer() bool {
	return v.gapSeen && !v.best.exact && (v.gap.exact || v.gap.logit >= v.best.logit && v.gap.sameKind >= v.best.sameKind)
}

// inputs are the gate's inputs, in a list of their own.
func (v *verdict) inputs() []float64 {
	return v.inputsTo(make([]float64, 0, len(gateFeatures)))
}

// inputsTo appends the gate's inputs to dst.
func (v *verdict) inputsTo(dst []float64) []float64 {
	for _, f := range gateFeatures {
		dst = append(dst, f.of(v))
	}
	return dst
}

// holdsFocus reports whether the entry's answer or quotes mention the thing
// the question asks about: "which bank" needs a fact that speaks of a bank,
// not one whose askers did.
func (e *Engine) holdsFocus(q *query, en *entry) bool {
	for _, id := range q.focus {
		if id < 0 || !en.said.has(id) && !en.speaker.has(id) {
			return saysWords(e.focusStems(q), en)
		}
	}
	return true
}

// focusStems are the stems of the meaningful words of the thing asked
// about, as written, for saysWords: for each word, its stem or another
// that stands for it ("owner": "own", as in "Russia-owned"). They are read
// once a question, for every candidate to look up.
func (e *Engine) focusStems(q *query) [][]string {
	if q.focusStems != nil && q.focusRead == q.kind.focus {
		return q.focusStems
	}
	q.focusStems, q.focusRead = [][]string{}, q.kind.focus
	for _, w := range splitWords(q.kind.focus) {
		if stopWords[w.text] || weakWords[w.text] {
			continue
		}
		alts := []string{e.lx.stem(w.text)}
		if v := e.agentVerb(w.text); v != "" {
			alts = append(alts, v)
		}
		if slices.Contains(businessNouns, w.text) {
			for _, b := range businessNouns {
				alts = append(alts, e.lx.stem(b))
			}
		}
		q.focusStems = append(q.focusStems, alts)
	}
	return q.focusStems
}

// businessNouns name a body that runs or sells something, and stand for
// one another in the thing asked about: "what company runs the tram" is
// answered by "Marrick Regional Transit, the agency that operates it".
var businessNouns = strings.Fields(`company companies firm firms agency agencies corporation corporations operator
operators`)

// headNoun is the noun a focus is about: "builder" of "builder of nord
// stream 2", "bank" of "bank".
func headNoun(focus string) string {
	head, _, _ := strings.Cut(focus, " of ")
	if i := strings.LastIndexByte(head, ' '); i >= 0 {
		head = head[i+1:]
	}
	return head
}

// agentVerb is the stem of the verb a body asked about is named for
// ("owner", "builders": "own", "build"), "" for any other word: a fact
// saying "Russia-owned" names the owner.
func (e *Engine) agentVerb(w string) string {
	if !orgNouns[w] {
		return ""
	}
	for _, suffix := range []string{"ers", "er"} {
		if root, ok := strings.CutSuffix(w, suffix); ok && len(root) >= 3 {
			return e.lx.stem(root)
		}
	}
	return ""
}

// saysWords reports whether the entry's answer or quotes use, for every
// meaningful word of a phrase, one of its stems, as written: "foreign
// minister" stands in "Turkey's foreign minister" even where the synonyms
// read that as a name.
func saysWords(stems [][]string, en *entry) bool {
	for _, alts := range stems {
		if !slices.ContainsFunc(alts, func(st string) bool { return en.saidStems[st] }) {
			return false
		}
	}
	return true
}

// lacking says what the fact lacks that the question asks for, or "" when
// it lacks nothing: the kind of thing asked (a name, a time, a number, a
// reason, the words of the one asked about), the thing named, or anything
// at all when the question asks what happened later or for a view.
func (e *Engine) lacking(q *query, c *candidate) string {
	en := e.entries[c.index]
	switch k := q.kind.kind; {
	case q.opinion:
		return "a view of its own; it reports what people said and did"
	case k == KindOutcome:
		return "what happened after it was written"
	case (q.kind.named || orgNouns[headNoun(q.kind.focus)] || documentNouns[headNoun(q.kind.focus)]) && !c.focus:
		return fmt.Sprintf("the name of the %s asked about", q.kind.focus)
	case attributeNouns[q.kind.focus] && !c.focus:
		return fmt.Sprintf("the %s asked about", q.kind.focus)
	case e.attributeMissing(q, en) != "":
		return fmt.Sprintf("the %s asked about", e.attributeMissing(q, en))
	case (k == KindYesNo || asksNumberOrTime(k)) && e.entityMissing(q, en) != "":
		return fmt.Sprintf("anything about %s", e.entityMissing(q, en))
	case k == KindYesNo && e.untoldRole(q) != "":
		return fmt.Sprintf("anything about a %s; the article never mentions one", e.untoldRole(q))
	case (q.kind.named || asksPerson(q.kind) && k == KindWho) && hasAny(strings.ToLower(en.Answer), unnamedMarkers):
		return fmt.Sprintf("the name of the %s asked about; it does not give it", cmp.Or(q.kind.focus, "person"))
	case q.compares && !en.compares && !e.tellsBoth(q.sides, en):
		return "that comparison"
	case q.verbatim && !en.quotesWords:
		return "the exact words; it reports them only in its own words"
	case q.reaction && !reportsReaction(en.Answer):
		return "a reaction or a reply; it reports none"
	case len(q.excluded) > 0 && !asksNumberOrTime(k) && !e.beyond(q, en):
		return "anything beyond what the question sets aside"
	case asksPerson(q.kind) && (k == KindWho || q.kind.named) && (!c.typed || !e.holdsRole(q, en)):
		return fmt.Sprintf("the name of the %s asked about", cmp.Or(q.kind.focus, "person"))
	case e.vagueMention(q, en) != "":
		return fmt.Sprintf("which %s; it mentions them without saying which", q.picked)
	case q.asksCity && len(e.reading.Cities) > 0 && !e.namesCity(q, en):
		return "the city asked about"
	case asksPerson(q.kind) && e.postModifierMissing(q, en) != "":
		return fmt.Sprintf("anyone who is %s; it names no such post", q.kind.focus)
	case k == KindWho || k == KindPlace:
		if !c.typed {
			return "a name beyond those in the question"
		}
	case k == KindTime || k == KindCount || k == KindAmount || k == KindDuration:
		if !c.typed || q.kind.grain != "" && !preciseEnough(q.kind.grain, en.Answer) {
			return kindWants[k]
		}
	case k == KindReason || k == KindQuote || k == KindManner:
		if !c.fit {
			return kindWants[k]
		}
	}
	return ""
}

// vagueMention is the plural thing a question asks to have picked out
// ("which companies", "what threats exactly") when the
// fact speaks of such things only in general: no name, list or number
// stands by them ("any company or institution", "some choices", "bombastic
// threats"); "" otherwise.
func (e *Engine) vagueMention(q *query, en *entry) string {
	if !q.pickedRead {
		q.picked, q.pickedRead = pickedOut(q.low), true
	}
	noun := q.picked
	if noun == "" || !e.speaksOf(en, noun) {
		return ""
	}
	terms := e.lx.terms(noun)
	same := func(w string) bool { return e.holdsTermOf(w, terms) }
	found := false
	for k := -1; k < len(en.Quotes); k++ {
		text := en.Answer
		if k >= 0 {
			text = en.Quotes[k].Text
		}
		ws := strings.Fields(text)
		for i, w := range ws {
			core := strings.ToLower(strings.Trim(w, ".,;:!?\"'()—"))
			if !same(core) {
				continue
			}
			found = true
			if specificsBeside(ws, i) || listsNames(text) {
				return ""
			}
		}
	}
	if !found {
		return ""
	}
	return noun
}

// holdsTermOf reports whether a lower-cased word of a fact's text has one
// of the terms given, as the lexicon reads it alone: the term of the
// synonym group it is a word of, or else its stem. It reads no more than
// that, to spare analysing every word of every fact a question reaches.
func (e *Engine) holdsTermOf(w string, terms []string) bool {
	if w == "" || stopWords[w] {
		return false
	}
	if strings.ContainsAny(w, "'’-.") || numberWords[w] != "" {
		// "Turkey's", "natural-gas", "u.s", "two": as the lexicon reads them
		return slices.ContainsFunc(e.lx.terms(w), func(t string) bool { return slices.Contains(terms, t) })
	}
	st := e.lx.stem(w)
	if g, ok := e.lx.phrases[st]; ok {
		return slices.Contains(terms, g)
	}
	return slices.Contains(terms, st)
}

// specificsBeside reports whether a list, a name or a number stands within
// two words of word i: "the foreign ministers of Britain, France and
// Germany", "three embassies", "issues: Turkey ...".
func specificsBeside(ws []string, i int) bool {
	if strings.HasSuffix(ws[i], ":") || i+1 < len(ws) && (strings.HasPrefix(ws[i+1], "(") || ws[i+1] == "of") {
		return true // "the rules of the international system"
	}
	for k := max(0, i-2); k <= min(len(ws)-1, i+2); k++ {
		if k == i {
			continue
		}
		w := strings.Trim(ws[k], ".,;:!?\"'()—")
		if w == "" || opensSentence(ws, k) && stopWords[strings.ToLower(w)] {
			// "The ...", `said, "When our allies ...`: a capital that only
			// opens the text, a sentence or a quote
			continue
		}
		if r := []rune(w)[0]; unicode.IsUpper(r) || unicode.IsDigit(r) || numberWords[strings.ToLower(w)] != "" || strings.EqualFold(w, "both") {
			return true
		}
		if k > i && (strings.EqualFold(w, "including") || strings.EqualFold(w, "namely") || strings.EqualFold(w, "such") || strings.EqualFold(w, "like")) {
			return true
		}
	}
	return false
}

// opensSentence reports whether word k of ws opens a sentence or a quote.
func opensSentence(ws []string, k int) bool {
	if r, _ := utf8.DecodeRuneInString(ws[k]); k == 0 || strings.ContainsRune("\"“'(", r) {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(ws[k-1])
	return strings.ContainsRune(".!?:", r)
}

// listsNames reports whether a text lists names: two commas or more each
// followed by a capitalised word ("Turkey, Afghanistan, China ... and
// Iran"), or two asides in parentheses ("... (cargo plane), ... (Kabul)").
func listsNames(text string) bool {
	if strings.Count(text, "(") >= 2 {
		return true
	}
	n := 0
	for i := strings.Index(text, ", "); i >= 0; {
		rest := text[i+2:]
		if r, _ := utf8.DecodeRuneInString(rest); unicode.IsUpper(r) {
			n++
		}
		j := strings.Index(rest, ", ")
		if j < 0 {
			break
		}
		i += 2 + j
	}
	return n >= 2
}

// pickedOut is the plural thing a lower-cased question asks to have picked
// out: "which companies", "what threats did he make exactly"; "" for any
// other question. "These" and "those" mostly point back ("those
// sanctions"), and ask nothing picked out.
func pickedOut(low string) string {
	if !strings.Contains(low, "which") && !strings.Contains(low, "what") {
		return "" // most questions: nothing to read
	}
	var room [48]string // the words, on the stack: they point into low
	ws := room[:0]
	for w := range strings.FieldsFuncSeq(low, func(r rune) bool {
		return r == ' ' || r == '?' || r == '!' || r == '.' || r == ','
	}) {
		if len(ws) == len(room) {
			break
		}
		ws = append(ws, w)
	}
	plural := func(w string) bool {
		return len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") &&
			!strings.HasSuffix(w, "'s") && !strings.HasSuffix(w, "s'") && !stopWords[w] && !auxWords[w]
	}
	specific := specificMarkers.in(low) || strings.Contains(low, "actually")
	for i, w := range ws {
		switch w {
		case "which":
		case "what":
			if !specific {
				// a bare "what" opening the question: further on, it
				// mostly opens a clause ("and what ordinary Americans
				// get out of them")
				if p := whatPlural(ws, i, plural); p != "" && i <= 2 {
					return p
				}
				continue
			}
		default:
			continue
		}
		for k := i + 1; k < min(len(ws), i+4); k++ {
			if plural(ws[k]) {
				return ws[k]
			}
			if auxWords[ws[k]] || questionWords[ws[k]] {
				break
			}
		}
	}
	return ""
}

// whatPlural is the plural a bare "what" at ws[i] asks to have picked out:
// "what choices?", "what aggressive actions did they take?", "what are
// these choices?"; "" when the word after it is not that plural or a word
// describing it ("what to allies", "what kind of words").
func whatPlural(ws []string, i int, plural func(string) bool) string {
	at := func(k int) string {
		if k < len(ws) {
			return ws[k]
		}
		return ""
	}
	switch next := at(i + 1); {
	case plural(next) && next != "words":
		return next
	case (next == "are" || next == "were") && (at(i+2) == "these" || at(i+2) == "those") && plural(at(i+3)):
		return at(i + 3)
	case next != "" && !stopWords[next] && !auxWords[next] && !prepositions[next] && !questionWords[next] &&
		!kindWords[next] && plural(at(i+2)) && at(i+2) != "words" &&
		(at(i+3) == "" || auxWords[at(i+3)] || personalPronouns[at(i+3)]):
		// "what aggressive actions did they take", not "what ordinary
		// Americans get": the plural is what is asked, not a subject
		return at(i + 2)
	}
	return ""
}

// kindWords ask for a sort of thing: "what kind of", "what kinda".
var kindWords = setOf(`kind kinda kinds sort sorta sorts type types`)

// unnamedMarkers say in a fact's answer that the article names no one.
var unnamedMarkers = []string{"does not name", "doesn't name", "not named", "unnamed", "does not identify",
	"doesn't identify", "without naming"}

// kindWants names what each kind of question asks for.
var kindWants = map[Kind]string{
	KindTime: "that date or time", KindCount: "that number", KindAmount: "that amount",
	KindDuration: "how long", KindReason: "the reason", KindManner: "how",
	KindQuote: "what was said by the one asked about",
}

// fitsKind reports whether the fact answers the sort of question asked; for
// "what did X say", X must be the fact's speaker.
func (e *Engine) fitsKind(q *query, en *entry) bool {
	if q.kind.kind != KindQuote && !fits(q.kind.kind, en.Kinds) {
		return false
	}
	if q.kind.named && !e.holdsFocus(q, en) {
		return false // "the name of the law": a fact that never names it
	}
	if q.kind.grain != "" && !preciseEnough(q.kind.grain, en.Answer) {
		return false // "what day": "at the start of their meeting" is not a day
	}
	if q.kind.kind != KindQuote || len(q.speak) == 0 {
		return true
	}
	// "What did X say": X must have said it. A fact with no speaker set
	// counts when its answer reports speech and X is its subject, named in
	// its first words ("On Wednesday Blinken repeated ...").
	for _, id := range q.speak {
		if en.speaker.has(id) || len(en.speaker) == 0 && en.reportsSpeech && en.subject.has(id) {
			return true
		}
	}
	return false
}

// commonRank is the frequency rank below which a word is taken for an
// ordinary word even when capitalised: "World", "Central", "Western" rank
// under 600 among GloVe's words, "Taiwan" 656, "Merkel" 6266, "Lavrov" 11818.
const commonRank = 600

// common reports whether a word is among the most frequent English words.
func (e *Engine) common(w string) bool {
	if e.mean == nil {
		return false
	}
	i := e.mean.table.Find(w)
	return i >= 0 && e.mean.table.Rank(i) < commonRank
}

// unknownNames are the people and things a question names that the article
// never mentions ("Did Blinken meet Lavrov?"): words the question writes
// capitalised, not at its start, that neither the article nor the synonyms
// or answers of the knowledge base use (the words of question variants do
// not count: a gap's variant may well name Lavrov), that are no common
// English word and no place. A place stays a word like any other: "Is
// Italy in the E3?" is answered by what the article says of the E3.
func (e *Engine) unknownNames(text string) []string {
	names, _ := e.untold(text)
	return names
}

// unknownWord reports whether the knowledge base never uses a word, in
// any case.
func (e *Engine) unknownWord(w string) bool { return !e.lx.known(strings.ToLower(w)) }

// untold are the capitalised words of a question, the first aside, that
// the article never writes, read in one pass: names of people (see
// unknownNames), and places, words near one of the article's places in
// meaning and not near one of its people ("What did Blinken say about
// Syria?").
func (e *Engine) untold(text string) (names, places []string) {
	if strings.IndexFunc(text, unicode.IsLower) < 0 {
		return nil, nil // all capitals mark nothing
	}
	first := true
	for f := range strings.FieldsFuncSeq(text, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '’' }) {
		r, _ := utf8.DecodeRuneInString(f)
		if first || !unicode.IsUpper(r) {
			first = false
			continue
		}
		w, one := lettersWord(f) // most are: splitWords is spared
		if !one {
			if ws := splitWords(f); len(ws) == 1 {
				w, one = ws[0].text, true
			}
		}
		if !one || len(w) < 3 || stopWords[w] || e.told[e.lx.stem(w)] || timeWords[w] {
			continue
		}
		if fixed, ok := e.lx.correct(w); ok && e.told[e.lx.stem(fixed)] {
			continue // a misspelt word the article does know
		}
		switch {
		case e.placeLike(w):
			places = append(places, f)
		case !e.common(w) && !titles[w]:
			names = append(names, f)
		}
	}
	return names, places
}

// titles are forms of address, capitalised but naming no one.
var titles = setOf(`mister miss missus madam madame sir dame lord lady herr frau señor senor monsieur`)

// placeNear is how near in meaning a word must come to one of the article's
// places to be taken for a place: measured on GloVe, countries and cities
// come within 0.65 to 0.85 of the article's places, people's surnames
// within 0.15 to 0.55 ("Lavrov" 0.51, "Erdogan" 0.55, "Taiwan" 0.83).
const placeNear = 0.6

// personNear is how near in meaning a word may come to one of the
// article's people and still be taken for a place, however near it comes
// to one of its places: a fixed cut-off, set by hand on a few names
// measured on GloVe against Obama, Biden, Trump and the article's other
// people. "Putin" comes within 0.62 of a person (and 0.71 of Russia),
// "Karzai" 0.54; of 30 countries and cities tried, Mexico came nearest,
// 0.45 (Korea and Israel 0.43, Italy 0.26). Not all: "Iraq" comes within
// 0.5 and is read as a name the article never mentions ("The article
// doesn't mention Iraq"), which it does not.
const personNear = 0.5

// placeLike reports whether a word stands near one of the article's places
// and not near one of its people.
func (e *Engine) placeLike(w string) bool {
	if e.mean == nil || len(e.placeMeans) == 0 {
		return false
	}
	v := e.wordVector(w)
	if v == nil {
		return false
	}
	for k := 0; k+e.mean.dims <= len(e.personMeans); k += e.mean.dims {
		if float64(dot(v, e.personMeans[k:k+e.mean.dims])) >= personNear {
			return false // "Putin" comes near Russia, but also near Obama
		}
	}
	for k := 0; k+e.mean.dims <= len(e.placeMeans); k += e.mean.dims {
		if float64(dot(v, e.placeMeans[k:k+e.mean.dims])) >= placeNear {
			return true
		}
	}
	return false
}

// focusMeaning is how near in meaning the thing asked about stands to what
// the entry says: 1 when it says it, else the worst over the focus's words
// of the best cosine with a word of the answer or quotes; 1 when there is
// no focus.
func (e *Engine) focusMeaning(q *query, en *entry) float64 {
	if len(q.focus) == 0 || e.holdsFocus(q, en) {
		return 1
	}
	if e.mean == nil {
		return 0
	}
	worst := 1.0
	fv := make([]float32, e.mean.dims)
	for _, w := range splitWords(q.kind.focus) {
		if stopWords[w.text] || weakWords[w.text] {
			continue
		}
		if id, ok := e.termID[e.lx.stem(w.text)]; ok && (en.said.has(id) || en.speaker.has(id)) {
			continue
		}
		i := e.mean.table.Find(w.text)
		if i < 0 {
			return 0
		}
		clear(fv)
		e.mean.table.AddTo(fv, i, 1)
		unit(fv)
		best := 0.0
		for _, sw := range en.saidWords {
			best = max(best, float64(e.wordQ.dotRow(fv, int(sw))))
		}
		worst = min(worst, best)
	}
	return worst
}

// beyond reports whether an entry names something the question neither
// names nor sets aside ("which others besides Germany": a fact naming only
// Germany does not answer).
func (e *Engine) beyond(q *query, en *entry) bool {
	for _, g := range en.names {
		if !slices.Contains(q.terms, g) && !slices.Contains(q.excluded, g) {
			return true
		}
	}
	return false
}

// postModifiers make a post another one: the deputy secretary general is
// not the secretary general.
var postModifiers = setOf(`deputy deputies vice assistant acting interim`)

// postModifierMissing is a word of the post asked about that makes it
// another post ("deputy") and that the entry's answer and quotes never
// use, or "".
func (e *Engine) postModifierMissing(q *query, en *entry) string {
	for w := range strings.FieldsSeq(q.kind.focus) {
		if postModifiers[w] && !en.saidStems[e.lx.stem(w)] {
			return w
		}
	}
	return ""
}

// cityNouns ask for a city: "which city", "what town".
var cityNouns = setOf(`city cities town towns`)

// namesCity reports whether the entry's answer or quotes name one of the
// article's cities that the question does not: "Obama in 2009 was in
// which city?" is not answered by a fact naming only the United States.
func (e *Engine) namesCity(q *query, en *entry) bool {
	for _, c := range e.reading.Cities {
		st := e.lx.stem(c)
		if en.saidStems[st] && !slices.ContainsFunc(q.words, func(w word) bool { return e.lx.stem(w.text) == st }) {
			return true
		}
	}
	return false
}

// holdsRole reports whether an entry speaks of the post a question asks
// about: the post names someone the entry names ("the NATO chief" is
// Stoltenberg), or the entry's answer, quotes or curated questions use the
// post's words ("who took the photo, which photographer").
func (e *Engine) holdsRole(q *query, en *entry) bool {
	for _, id := range q.focus {
		if id >= 0 && en.said.has(id) && e.people[e.termName(id)] {
			return true
		}
	}
	var roles []string
	for _, w := range strings.Fields(q.kind.focus) {
		if w = strings.TrimSuffix(w, "'s"); !personRoles[w] || anyPost[w] {
			continue
		}
		for _, t := range e.lx.terms(w) {
			if id, ok := e.termID[t]; !ok || !en.all.has(id) {
				return false
			}
			roles = append(roles, t)
		}
	}
	// "the president of Iran": the post must stand by the place it is of,
	// not merely somewhere in the fact ("President Trump ... Iran"). A
	// place that names another thing ("the photographer of the Kabul
	// photo") is not what the post is of.
	terms := e.lx.terms(q.kind.focus)
	if !slices.ContainsFunc(terms, func(t string) bool { return e.places[t] }) {
		return true
	}
	for _, t := range e.lx.terms(e.postPlaces(q.kind.focus, en)) {
		if !e.places[t] {
			continue
		}
		for _, r := range roles {
			if !e.near(en, r, t, roleReach) {
				return false
			}
		}
	}
	return true
}

// postPlaces is the focus without the words of a place that names a thing
// the fact speaks of, with no post after it: "photographer of kabul photo",
// of a fact on the photo, keeps "photographer of photo"; "president of
// iran" and "iranian foreign minister" stay whole.
func (e *Engine) postPlaces(focus string, en *entry) string {
	ws := strings.Fields(focus)
	out := ws[:0:0]
	for i, w := range ws {
		rest := ws[i+1:]
		if len(rest) > 0 && !slices.ContainsFunc(rest, func(r string) bool { return personRoles[strings.TrimSuffix(r, "'s")] }) &&
			e.isPlaceWord(w) && e.speaksOf(en, rest[0]) {
			continue
		}
		out = append(out, w)
	}
	if len(out) == len(ws) {
		return focus
	}
	return strings.Join(out, " ")
}

// speaksOf reports whether the fact holds a word, in any of its readings.
func (e *Engine) speaksOf(en *entry, w string) bool {
	for _, t := range e.lx.terms(w) {
		if id, ok := e.termID[t]; ok && en.all.has(id) {
			return true
		}
	}
	return false
}

// isPlaceWord reports whether a word, or any text, reads as one of the
// knowledge base's places.
func (e *Engine) isPlaceWord(w string) bool {
	for _, t := range e.lx.terms(w) {
		if e.places[t] {
			return true
		}
	}
	return false
}

// anyPost are the person nouns any post fits: "which NATO official" is
// answered by a fact naming its secretary general.
var anyPost = setOf(`official officials`)

// roleReach is how many words apart a post and the place it is of may
// stand: "Foreign Minister Heiko Maas of Germany".
const roleReach = 4

// near reports whether terms a and b stand within reach words of each
// other in the fact's answer or one of its quotes. Term a may stand as a
// word of a phrase ("=foreign_minist" holds "minist"); b also as a word
// read alone ("Turkish" is Turkey in "his Turkish counterpart", read whole
// as the counterpart's name). A phrase read whole as one name holds both
// when a and b are its words: "Germany's foreign minister".
func (e *Engine) near(en *entry, a, b string, reach int) bool {
	texts := []string{en.Answer}
	for _, q := range en.Quotes {
		texts = append(texts, q.Text)
	}
	for _, text := range texts {
		at, stems, alone := e.termsAt(text)
		for i := range at {
			if at[i] != a && !phraseHolds(at[i], a) && stems[i] != a {
				continue
			}
			for j := max(0, i-reach); j <= min(len(at)-1, i+reach); j++ {
				if at[j] != b && stems[j] != b && alone[j] != b {
					continue
				}
				if at[i] == a || phraseHolds(at[i], a) || onePhrase(at, i, j) {
					return true
				}
			}
		}
	}
	return false
}

// onePhrase reports whether words i and j stand in one phrase read whole.
func onePhrase(at []string, i, j int) bool {
	for k := min(i, j); k < max(i, j); k++ {
		if at[k] != at[k+1] {
			return false
		}
	}
	return i != j
}

// phraseHolds reports whether the term of a phrase of several words holds
// the stem of one of them: "=foreign_minist" holds "minist".
func phraseHolds(phrase, stem string) bool {
	rest, ok := strings.CutPrefix(phrase, "=")
	if !ok || !strings.Contains(rest, "_") {
		return false
	}
	for part := range strings.SplitSeq(rest, "_") {
		if part == stem {
			return true
		}
	}
	return false
}

// namesCut drops the words of names several words long that hold a
// number ("Nord Stream 2", "the Visegrad Four"): a fact naming the
// pipeline gives no count.
func (e *Engine) namesCut(ws []word) []word {
	var room [32]string // on the stack for a question's words
	stems := room[:0]
	for _, w := range ws {
		stems = append(stems, e.lx.stem(w.text))
	}
	var out []word // made at the first cut: most texts keep every word
	for i := 0; i < len(ws); {
		n, _ := e.lx.longestPhrase(stems[i:])
		if n >= 2 && slices.ContainsFunc(ws[i:i+n], func(w word) bool { return isDigits(w.text) || w.in(quantityWord) }) {
			if out == nil {
				out = append(make([]word, 0, len(ws)), ws[:i]...)
			}
			i += n
			continue
		}
		if out != nil {
			out = append(out, ws[i])
		}
		i++
	}
	if out == nil {
		return ws
	}
	return out
}

// termsAt reads a text word by word: the term standing at each word (a
// phrase's term stands at each of its words), each word's stem, and the
// term of each word read alone ("Turkish" is Turkey, though "his Turkish
// counterpart" reads whole as the counterpart's name).
func (e *Engine) termsAt(text string) (at, stems, alone []string) {
	ws := splitWords(text)
	stems = make([]string, len(ws))
	alone = make([]string, len(ws))
	for i, w := range ws {
		stems[i] = e.lx.stem(w.text)
		alone[i] = stems[i]
		if n, g := e.lx.longestPhrase(stems[i : i+1]); n == 1 {
			alone[i] = g
		}
	}
	at = make([]string, len(ws))
	for i := 0; i < len(ws); {
		n, g := e.lx.longestPhrase(stems[i:])
		if n == 0 {
			at[i] = stems[i]
			i++
			continue
		}
		for j := i; j < i+n; j++ {
			at[j] = g
		}
		i += n
	}
	return at, stems, alone
}

// attributeMissing is an attribute noun the question asks about that the
// fact never mentions ("Germany's trade volume"), or "".
func (e *Engine) attributeMissing(q *query, en *entry) string {
	if asksAge(q.low) && !en.saidStems[e.lx.stem("age")] && !en.saidStems[e.lx.stem("aged")] && !en.saidStems[e.lx.stem("old")] {
		return "age" // "how old is he": a date is no age
	}
	for _, w := range q.words {
		if !attributeNouns[w.text] {
			continue
		}
		for _, t := range e.lx.terms(w.text) {
			if id, ok := e.termID[t]; !ok || !en.all.has(id) {
				return w.text
			}
		}
	}
	return ""
}

// asksAge reports whether a question, lower-cased, asks how old someone or
// something is.
func asksAge(low string) bool {
	return ageKeys.in(low) && ageAsks.MatchString(low)
}

var (
	ageAsks = regexp.MustCompile(`\b(?:how old|what age)\b`)
	ageKeys = newPhrases("how old", "what age")
)

// untoldRole is a post a question names that the article never mentions
// ("did Blinken meet the king of Belgium?"), or "".
func (e *Engine) untoldRole(q *query) string {
	for _, w := range q.words {
		if personRoles[w.text] && !e.told[e.lx.stem(w.text)] {
			return w.text
		}
	}
	return ""
}

// notOfName reports whether a capitalised word written beside a name the
// article never mentions is no part of it: a stop word ("Did"), or a word
// that alone names one of the knowledge base's synonym groups, a person, a
// place or anything else ("Blinken", "Turkish", "NATO").
func (e *Engine) notOfName(w string) bool {
	low := strings.ToLower(w)
	return stopWords[low] || e.lx.phrases[e.lx.stem(low)] != ""
}

// entityMissing is a name that a yes/no question, or one asking when, how
// many or how much, gives and the fact never mentions ("did Blinken meet
// any Russian officials" of a list of those he met, "how many embassies
// does Turkey have" of the American ones), or "".
func (e *Engine) entityMissing(q *query, en *entry) string {
	for k, id := range q.ids {
		if q.borrowed && k >= q.own {
			break // "when?" after who took the photo asks its date, not the photographer's
		}
		if q.entity[k] && id >= 0 && !en.all.has(id) {
			return e.nameOf(q.terms[k])
		}
	}
	return ""
}

// verbatimAsks ask for the exact words: "what were his exact words",
// "quote exactly what he said".
var verbatimAsks = newPhrases("exact words", "exact wording", "exactly what", "quote exactly", "word for word",
	"verbatim", "precise words", "exact quote", "what exactly was", "what exactly did", "exact phrase")

// comparison asks to compare: "is the tram quicker than the bus", "how does
// it compare with", "X versus Y".
var comparison = regexp.MustCompile(`\b(?:[a-z]+er|more|less|fewer|better|worse) (?:[a-z]+ ){0,2}than\b|\bcompar(?:e|ed|es|ing|ison)\b|\bversus\b|\bvs\.?\s`)

// comparesIn reports whether a text makes a comparison.
func comparesIn(text string) bool { return comparesLow(strings.ToLower(text)) }

// comparesLow is comparesIn of a text already lower-cased.
func comparesLow(low string) bool {
	if !comparisonKeys.in(low) {
		return false // the regexp has no literal to jump to: spare it
	}
	return comparison.MatchString(low)
}

// versusSides are the terms of the words either side of "vs" or "versus"
// in a lower-case question no other words make a comparison, or nil.
func (e *Engine) versusSides(low string) []string {
	loc := versus.FindStringSubmatchIndex(low)
	if loc == nil || comparison.MatchString(low[:loc[0]]+" "+low[loc[1]:]) {
		return nil
	}
	before, after := low[loc[2]:loc[3]], low[loc[4]:loc[5]]
	sides := e.lx.analyse(splitWords(before+" "+after), false).terms
	if len(sides) != 2 {
		return nil
	}
	return sides
}

// versus finds "X vs Y" and "X versus Y", with the words either side.
var versus = regexp.MustCompile(`([a-z0-9]+) (?:versus|vs\.?) ([a-z0-9]+)`)

// tellsBoth reports whether the entry's answer or quotes tell of both
// sides of a "vs" question.
func (e *Engine) tellsBoth(sides []string, en *entry) bool {
	if len(sides) == 0 {
		return false
	}
	for _, t := range sides {
		if id, ok := e.termID[t]; !ok || !en.said.has(id) {
			return false
		}
	}
	return true
}

// contrastsIn reports whether a text sets something against another in
// words a question rarely compares with: "a change from the past",
// "unlike Turkey", "behind schedule" (against the plan). A fact saying so
// answers "how does it compare".
func contrastsIn(text string) bool {
	low := strings.ToLower(text)
	return contrastKeys.in(low) && contrast.MatchString(low)
}

var (
	contrast = regexp.MustCompile(`\b(?:change from|unlike|different from|differs from|in contrast|whereas|` +
		`(?:behind|ahead of) schedule|(?:over|under) budget)\b`)
	contrastKeys = newPhrases("change from", "unlike", "different from", "differs from", "in contrast", "whereas",
		"schedule", "budget")
)

// comparisonKeys: every comparison the regexp finds holds one.
var comparisonKeys = newPhrases("than", "compar", "versus", "vs")

// asksNumberOrTime reports whether a kind of question asks for a number or
// a time, not for someone or something.
func asksNumberOrTime(k Kind) bool {
	return k == KindCount || k == KindAmount || k == KindDuration || k == KindTime
}
