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

// Tuning of the matcher. Each was set by measuring the dev question set and
// the blind set in testdata/ with `bot eval`: a change that helped one and
// cost the other was not kept.
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
	// coverageShare is the part of the score from how much of the question
	// the fact covers; the rest is the closeness of its nearest question variant.
	coverageShare = 0.6
	// answerAt is the confidence from which a fact's answer is given.
	answerAt = 0.5
	// suggestAt is the score from which a fact is offered as "did you mean".
	suggestAt = 0.3
	// sentenceAt is the coverage from which an article sentence answers a
	// question no fact covers.
	sentenceAt = 0.85
	// fitSlack is how far below the top score a fact that fits the question's
	// kind may be and still be preferred to the top one that does not.
	fitSlack = 0.15
	// minCoverage is the least share of the question a fact must cover for
	// its answer to be given.
	minCoverage = 0.5
	// entityFactor raises the weight of names (synonym groups the article
	// writes capitalised): a fact that lacks the person or thing asked about
	// is the wrong fact.
	entityFactor = 1.5
	// focusFactor scales the score of a fact that never mentions the thing
	// the question asks about ("what model is the plane").
	focusFactor = 0.55
	// missingEntityFactor scales the score of a fact for each name in the
	// question it does not mention: "what did Stoltenberg say about China"
	// is not answered by what he said about Turkey.
	missingEntityFactor = 0.8
	// minClosest is the least similarity to one of a fact's questions for
	// its answer to be given: covering the words of a question only through
	// the answer's text is weak evidence.
	minClosest = 0.3
	// pruneMargin: facts that cannot score within this of the best are not
	// scored in full; it is wider than fitSlack, so pruning never changes the
	// fact chosen.
	pruneMargin = 0.25
	// shortlistShare: facts covering at least this share of what the best
	// covered fact covers are scored in full.
	shortlistShare = 0.5
	// maxSuggestions is the most "did you mean" questions offered.
	maxSuggestions = 3
	// maxReply is the longest answer plus quote, in bytes (so in characters too).
	maxReply = 800
)

// query is a question analysed for matching.
type query struct {
	text   string
	kind   questionKind
	terms  []string
	ids    []int32 // -1 for terms no fact holds
	w      []float64
	total  float64
	norm   float64    // the Euclidean norm of w
	known  []weighted // the terms some fact holds, sorted by id
	speak  termSet    // the terms of the quoted speaker, for quote questions
	focus  []int32    // the terms of the thing asked about; -1 for unknown ones
	entity []bool     // whether each term names someone or something
	noTerm bool
}

// exclusion is a phrase naming what the question is not about: "apart from
// the E3, who else ...", "how many besides the US".
var exclusion = regexp.MustCompile(`(?i)\b(?:apart from|aside from|besides|other than|except(?: for)?|excluding|not counting|leaving aside)\b[^,?;]*`)

// hasAnyFold is hasAny ignoring case, without lower-casing text when it
// holds no capital.
func hasAnyFold(text string, keys []string) bool {
	if strings.IndexFunc(text, unicode.IsUpper) >= 0 {
		text = strings.ToLower(text)
	}
	return hasAny(text, keys)
}

var exclusionKeys = []string{"apart", "aside", "besides", "other than", "except", "excluding", "counting", "leaving"}

func (e *Engine) analyseQuery(text string) query {
	q := query{text: text}
	text = expandChat(text)
	q.kind = detectKind(text)
	if hasAnyFold(text, exclusionKeys) {
		text = exclusion.ReplaceAllString(text, " ")
	}
	a := e.lx.analyse(splitWords(text), true)
	q.terms = a.terms
	q.ids = make([]int32, 0, len(a.terms))
	q.w = make([]float64, 0, len(a.terms))
	q.entity = make([]bool, 0, len(a.terms))
	q.known = make([]weighted, 0, len(a.terms))
	for _, t := range a.terms {
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
		if a.fuzzy[t] {
			w *= fuzzyFactor
		}
		q.ids = append(q.ids, id)
		q.entity = append(q.entity, e.lx.isName(t))
		q.w = append(q.w, w)
		q.total += w
		q.norm += w * w
	}
	q.norm = math.Sqrt(q.norm)
	for i, id := range q.ids {
		if id >= 0 {
			q.known = append(q.known, weighted{id, q.w[i]})
		}
	}
	slices.SortFunc(q.known, func(a, b weighted) int { return cmp.Compare(a.id, b.id) })
	q.noTerm = len(q.terms) == 0
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
		if len(q.speak) == 0 {
			// "what does fair share, fair say mean": no one named speaks
			q.kind = questionKind{kind: KindWhat, focus: q.kind.focus, named: q.kind.named, grain: q.kind.grain}
		}
	}
	return q
}

// weighted is a term id with its weight in the question.
type weighted struct {
	id int32
	w  float64
}

// candidate is a fact scored against a query.
type candidate struct {
	index    int
	coverage float64 // share of the question's weight the fact holds
	bound    float64 // the most the score can be
	closest  float64 // similarity to the nearest question variant
	score    float64
	fit      bool // the fact answers this kind of question
	usable   bool // a fitting fact, or a gap matching more than names
}

// rank scores every fact sharing a term with the query and returns them best
// first. Ties go to the fact listed first in the knowledge base.
func (e *Engine) rank(q query) []candidate {
	if q.total == 0 {
		return nil
	}
	sc := e.scratch.Get().(*scratch)
	defer e.scratch.Put(sc)
	closest := sc.closestVariants(q, e)
	acc := sc.accumulate(q, e.postings, len(e.entries))
	top := 0.0
	for _, f := range sc.touched {
		top = max(top, acc[f])
	}
	var cands []candidate
	for _, f := range sc.touched {
		if acc[f] >= top*shortlistShare {
			// The similarity to any variant is at most the norm of the
			// question's terms the fact holds over the question's norm
			// (Cauchy-Schwarz), which bounds the score from above.
			cov := acc[f] / q.total
			closest := min(1, math.Sqrt(sc.sq[f])/q.norm)
			cands = append(cands, candidate{index: int(f), coverage: cov, bound: coverageShare*cov + (1-coverageShare)*closest})
		}
	}
	// Score the most promising first, and stop where no fact left can come
	// within pruneMargin of the best score.
	slices.SortFunc(cands, func(a, b candidate) int {
		if c := cmp.Compare(b.bound, a.bound); c != 0 {
			return c
		}
		return cmp.Compare(a.index, b.index)
	})
	best := 0.0
	for i := range cands {
		c := &cands[i]
		if c.bound < best-pruneMargin {
			cands = cands[:i]
			break
		}
		en := e.entries[c.index]
		c.closest = closest[c.index]
		c.score = coverageShare*c.coverage + (1-coverageShare)*c.closest
		if !e.holdsFocus(q, en) {
			c.score *= focusFactor
		}
		for i, id := range q.ids {
			if q.entity[i] && !en.all.has(id) {
				c.score *= missingEntityFactor
			}
		}
		c.fit = en.gap || e.fitsKind(q, en)
		best = max(best, c.score)
	}
	slices.SortFunc(cands, func(a, b candidate) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(a.index, b.index)
	})
	return cands
}

// matchesBeyondNames reports whether the fact shares with the question a
// word that is not a name: a known gap about Stoltenberg's nationality must
// not catch every question about Stoltenberg.
func (e *Engine) matchesBeyondNames(q query, en *entry) bool {
	for i, id := range q.ids {
		if id >= 0 && !q.entity[i] && !weakWords[q.terms[i]] && en.all.has(id) {
			return true
		}
	}
	return false
}

// holdsFocus reports whether the fact mentions the thing the question asks about.
func (e *Engine) holdsFocus(q query, en *entry) bool {
	for _, id := range q.focus {
		if id < 0 || !en.all.has(id) {
			return false
		}
	}
	return true
}

// fitsKind reports whether the fact answers the sort of question asked; for
// "what did X say", X must be the fact's speaker.
func (e *Engine) fitsKind(q query, en *entry) bool {
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

// Answer answers one question. It never fails: a question the article cannot
// answer gets StatusUnknown or StatusSuggest, bad input gets StatusMeta.
func (e *Engine) Answer(question string) Answer {
	if len(question) > 4*MaxQuestionLen {
		return e.tooLong(question)
	}
	text := Clean(question)
	if utf8.RuneCountInString(text) > MaxQuestionLen {
		return e.tooLong(text)
	}
	if text == "" {
		return e.meta("", metaEmpty)
	}
	var greeted metaKind
	for _, seg := range segments(text) {
		if m := metaOf(seg); m != metaNone {
			if m == metaHelp {
				return e.meta(seg, metaHelp)
			}
			greeted = cmp.Or(greeted, m)
			continue
		}
		a := e.answer(seg)
		if greeted != metaNone && a.Status != StatusAnswered {
			return e.meta(text, greeted)
		}
		return a
	}
	return e.meta(text, cmp.Or(greeted, metaEmpty))
}

// answer answers one question segment.
func (e *Engine) answer(text string) Answer {
	q := e.analyseQuery(text)
	cands := e.rank(q)
	why := Explanation{Kind: string(q.kind.kind), Terms: q.terms}
	if q.kind.kind == KindQuote {
		why.Kind += " (speaker: " + q.kind.speaker + ")"
	}
	if len(cands) == 0 {
		why.Reason = "no fact shares a word with the question"
		if q.noTerm {
			why.Reason = "the question has no words to match"
		}
		return e.fallback(q, why, nil)
	}
	best := e.choose(q, cands)
	en := e.entries[best.index]
	why.Score, why.Coverage, why.Closest = best.score, best.coverage, best.closest
	why.Matched, why.Unmatched = e.explainTerms(q, en)
	for _, c := range cands {
		if c.index != best.index {
			why.RunnerUp, why.RunnerUpScore = e.entries[c.index].ID, c.score
			break
		}
	}
	conf := best.score
	switch {
	case en.gap && conf >= suggestAt && best.usable:
		why.Reason = "the nearest entry is a known gap: the article does not say"
		return e.reply(q, StatusUnknown, en, conf, en.Answer, nil, why)
	case en.gap:
		why.Reason = "the nearest entry is a known gap, but it shares only names with the question"
		return e.fallback(q, why, cands)
	case conf >= answerAt && best.fit && best.closest >= minClosest && best.coverage >= minCoverage:
		why.Reason = fmt.Sprintf("coverage %.2f, nearest variant %.2f", best.coverage, best.closest)
		return e.reply(q, StatusAnswered, en, conf, en.Answer, nil, why)
	case conf >= answerAt && best.fit:
		why.Reason = fmt.Sprintf("fact %q covers %.2f of the question, its nearest question %.2f: too little", en.ID, best.coverage, best.closest)
		return e.fallback(q, why, cands)
	case conf >= answerAt:
		why.Reason = fmt.Sprintf("the question asks %s; fact %q does not answer that", why.Kind, en.ID)
		text := "The article doesn't say. What it does say: " + en.Answer
		return e.reply(q, StatusUnknown, en, conf*0.5, text, e.suggestions(cands, best.index), why)
	}
	why.Reason = fmt.Sprintf("score %.2f is below %.2f", conf, answerAt)
	return e.fallback(q, why, cands)
}

// choose picks the candidate to reply with. A candidate is usable when it
// is a fact that answers this kind of question, or a known gap sharing more
// than names with the question. The best usable candidate wins when it
// scores nearly as well as the top one ("why is Turkey holding off" goes to
// the fact that gives the reason, not to the one that only says it is);
// otherwise the top one stands, and the reply says what it does not answer.
func (e *Engine) choose(q query, cands []candidate) candidate {
	for i := range cands {
		c := &cands[i]
		if e.entries[c.index].gap {
			c.usable = e.matchesBeyondNames(q, e.entries[c.index])
		} else {
			c.usable = c.fit
		}
	}
	for _, c := range cands {
		if c.usable {
			if c.score >= cands[0].score-fitSlack {
				return c
			}
			break
		}
	}
	return cands[0]
}

// fallback answers from the article's own sentences when one covers the
// question well, and otherwise says the article doesn't say, with "did you
// mean" suggestions when facts come close.
func (e *Engine) fallback(q query, why Explanation, cands []candidate) Answer {
	if s, cov := e.bestSentence(q); s != nil && cov >= sentenceAt {
		why.Reason += fmt.Sprintf("; article sentence in paragraph %d covers %.2f of the question", s.Paragraph, cov)
		return Answer{
			Question: q.text, Status: StatusAnswered,
			Text:       fmt.Sprintf("The article speaks to that in paragraph %d:", s.Paragraph),
			Quote:      s.Quote,
			Confidence: round(cov * answerAt / sentenceAt * 0.95),
			Why:        why,
		}
	}
	sugg := e.suggestions(cands, -1)
	if len(sugg) > 0 {
		conf := 0.0
		if len(cands) > 0 {
			conf = cands[0].score
		}
		return Answer{
			Question: q.text, Status: StatusSuggest,
			Text:        "I'm not sure the article answers that. Did you mean one of these?",
			Suggestions: sugg, Confidence: round(conf), Why: why,
		}
	}
	return Answer{
		Question: q.text, Status: StatusUnknown,
		Text: "The article doesn't say anything about that.", Why: why,
	}
}

// bestSentence is the article sentence covering most of the question, and how much.
func (e *Engine) bestSentence(q query) (*sentence, float64) {
	if q.total == 0 {
		return nil, 0
	}
	sc := e.scratch.Get().(*scratch)
	defer e.scratch.Put(sc)
	acc := sc.accumulate(q, e.sentPostings, len(e.sentences))
	best, bestCov := -1, 0.0
	for _, s := range sc.touched {
		cov := acc[s] / q.total
		if cov > bestCov || (cov == bestCov && int(s) < best) {
			best, bestCov = int(s), cov
		}
	}
	if best < 0 || !sentenceFits(q.kind.kind, e.sentences[best].Text) {
		return nil, 0
	}
	return &e.sentences[best], bestCov
}

// sentenceFits checks a sentence can answer the kind of question: a "when"
// needs a date or day, a "how many" a number.
func sentenceFits(k Kind, s string) bool {
	switch k {
	case KindWhat, KindYesNo, KindManner, KindWho, KindPlace, KindReason:
		return true
	case KindTime:
		return hasNumber(s) || strings.Contains(s, "day") || strings.Contains(s, "week") || strings.Contains(s, "year")
	case KindCount, KindDuration:
		return hasNumber(s)
	}
	return false // amounts and quotes need a curated fact
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

// suggestions are the first questions of the best facts other than skip.
func (e *Engine) suggestions(cands []candidate, skip int) []string {
	var out []string
	for _, c := range cands {
		en := e.entries[c.index]
		if c.index == skip || en.gap || c.score < suggestAt || len(out) == maxSuggestions {
			continue
		}
		out = append(out, en.Questions[0])
	}
	return out
}

// reply builds an Answer from a fact, choosing the quote that shares most with
// the question.
func (e *Engine) reply(q query, st Status, en *entry, conf float64, text string, sugg []string, why Explanation) Answer {
	a := Answer{
		Question: q.text, Status: st, Text: text, Confidence: round(conf),
		FactID: en.ID, Suggestions: sugg, Why: why,
	}
	if len(en.Quotes) > 0 {
		bestQ, bestN := 0, -1
		for i, ts := range en.quoteTerms {
			n := 0
			for _, id := range q.ids {
				if id >= 0 && ts.has(id) {
					n++
				}
			}
			if n > bestN {
				bestQ, bestN = i, n
			}
		}
		a.Quote = en.Quotes[bestQ]
	}
	if len(a.Text)+len(a.Quote.Text) > maxReply {
		a.Text = truncate(a.Text, maxReply-len(a.Quote.Text))
	}
	return a
}

// explainTerms splits the question's terms into those the fact holds and the rest.
func (e *Engine) explainTerms(q query, en *entry) (matched, unmatched []string) {
	for i, id := range q.ids {
		if id >= 0 && en.all.has(id) {
			matched = append(matched, q.terms[i])
		} else {
			unmatched = append(unmatched, q.terms[i])
		}
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
	acc, sq []float64 // the sum of weights, and of squared weights
	touched []int32
	// dot is each variant's dot product with the question; closest each
	// entry's best cosine similarity over its variants.
	dot, closest       []float64
	dotted, closestSet []int32
}

// closestVariants computes, for every fact with a question variant sharing a
// term with the question, the weighted cosine similarity of its closest
// variant. The result is valid until the next call.
func (sc *scratch) closestVariants(q query, e *Engine) []float64 {
	for _, v := range sc.dotted {
		sc.dot[v] = 0
	}
	for _, f := range sc.closestSet {
		sc.closest[f] = 0
	}
	sc.dotted, sc.closestSet = sc.dotted[:0], sc.closestSet[:0]
	if len(sc.dot) < len(e.variantOf) {
		sc.dot = make([]float64, len(e.variantOf))
	}
	if len(sc.closest) < len(e.entries) {
		sc.closest = make([]float64, len(e.entries))
	}
	for _, k := range q.known {
		for _, v := range e.varPostings[k.id] {
			if sc.dot[v] == 0 {
				sc.dotted = append(sc.dotted, v)
			}
			sc.dot[v] += k.w * e.weight[k.id]
		}
	}
	for _, v := range sc.dotted {
		f := e.variantOf[v]
		if sc.closest[f] == 0 {
			sc.closestSet = append(sc.closestSet, f)
		}
		sc.closest[f] = max(sc.closest[f], min(1, sc.dot[v]/(q.norm*e.variantNorm[v])))
	}
	return sc.closest
}

// accumulate adds up, for every document holding a question term, the
// weights of the terms it holds. The result is valid until the next call.
func (sc *scratch) accumulate(q query, postings [][]int32, docs int) []float64 {
	for _, d := range sc.touched {
		sc.acc[d], sc.sq[d] = 0, 0
	}
	sc.touched = sc.touched[:0]
	if len(sc.acc) < docs {
		sc.acc, sc.sq = make([]float64, docs), make([]float64, docs)
	}
	for i, id := range q.ids {
		if id < 0 {
			continue
		}
		w := q.w[i]
		for _, d := range postings[id] {
			if sc.acc[d] == 0 {
				sc.touched = append(sc.touched, d)
			}
			sc.acc[d] += w
			sc.sq[d] += w * w
		}
	}
	return sc.acc
}
