package answers

import "strings"

// wordNear is how near in meaning two different words must come to stand
// for each other. Measured on the GloVe vectors, the words paraphrases swap
// come within 0.60 to 0.77 ("old" and "age" 0.60, "minister" and
// "secretary" 0.70, "cost" and "pay" 0.77), while a word a fact lacks finds
// no better than 0.52 to 0.57 among its words ("population" among Turkey's,
// "capital" among the E3's).
const wordNear = 0.6

// Meaning is what a text says, as the engine reads it: its content words,
// each with its term (a synonym group or a stem), its word vector and its
// weight (rare words weigh more, see meaning.go), and the kind of answer it
// asks for. The zero Meaning says nothing and is like nothing.
type Meaning struct {
	kind  Kind
	words []sense
}

// sense is one content word of a Meaning.
type sense struct {
	term string
	// fixed marks a word that only its own term can stand for: a synonym
	// group of the knowledge base (a person, a country, "price") or a place
	// that is no everyday word ("Spain", not "world", "capital" or "state",
	// whose vectors sit as near the article's places). Two such words are
	// different things however near their vectors come ("Belgium" and
	// "France").
	fixed  bool
	vec    []float32 // unit length; nil when the vectors lack the word
	weight float64
}

// Meaning reads text as a question is read: cleaned, chat spellings
// expanded, typos corrected. Without word vectors, two words stand for each
// other only when their terms are the same.
func (e *Engine) Meaning(text string) Meaning {
	text = expandChat(Clean(text))
	return Meaning{kind: e.reader.kind(text).kind, words: e.senses(text)}
}

// FactMeaning is the meaning of everything the fact or gap id holds: its
// questions, answer and quotes, which answer any kind of question. ok is
// false when the engine has no such id.
func (e *Engine) FactMeaning(id string) (m Meaning, ok bool) {
	en := e.entryByID(id)
	if en == nil {
		return Meaning{}, false
	}
	texts := append([]string{en.Answer}, en.Questions...)
	for _, q := range en.Quotes {
		texts = append(texts, q.Text)
	}
	return Meaning{kind: KindWhat, words: e.senses(strings.Join(texts, "\n"))}, true
}

// senses are the content words of a cleaned text.
func (e *Engine) senses(text string) []sense {
	var out []sense
	for _, w := range e.lx.analyse(splitWords(text), true).words {
		if stopWords[w.text] {
			continue
		}
		s := sense{term: e.lx.stem(w.text), weight: 1}
		if n, group := e.lx.longestPhrase([]string{s.term}); n == 1 {
			s.term, s.fixed = group, true
		}
		if e.mean != nil {
			if i := e.mean.find(w.text); i >= 0 {
				s.vec = make([]float32, e.mean.dims)
				e.mean.table.AddTo(s.vec, i, 1)
				unit(s.vec)
				s.weight = float64(sifWeight(e.mean.table.Rank(i)))
			}
			s.fixed = s.fixed || e.placeLike(w.text) && !e.common(w.text)
		}
		out = append(out, s)
	}
	return out
}

// Similarity is how alike two meanings are, in [0, 1]: the share of the
// word weight of each text that the other holds, as the same term or as a
// word near in meaning (see wordNear), whichever share is less. Texts that
// each name a thing the other does not ("Belgium's foreign minister",
// "France's") are not alike at all, nor are texts asking for different
// kinds of answer ("how much" and "how many", "when" and "where", what
// someone said and what they did).
func (m Meaning) Similarity(o Meaning) float64 {
	if otherKinds(m.kind, o.kind) || m.aside(o) && o.aside(m) {
		return 0
	}
	return min(m.CoveredBy(o), o.CoveredBy(m))
}

// otherKinds reports whether two kinds ask for different sorts of answer.
// "What" may ask for any sort, but not for what someone said.
func otherKinds(a, b Kind) bool {
	switch {
	case a == b:
		return false
	case a == KindQuote || b == KindQuote:
		return true
	}
	return a != KindWhat && b != KindWhat
}

// aside reports whether m has a fixed word that o does not hold.
func (m Meaning) aside(o Meaning) bool {
	for _, s := range m.words {
		if s.fixed && !o.holds(s) {
			return true
		}
	}
	return false
}

// CoveredBy is the share of m's word weight that o holds, as the same term
// or a word near in meaning, in [0, 1]: how much of a question a fact's
// meaning speaks of. It is 0 when m has no content word.
func (m Meaning) CoveredBy(o Meaning) float64 {
	held, total := m.heldBy(o)
	if total == 0 {
		return 0
	}
	return held / total
}

// heldBy sums the weight of m's words and of those o holds.
func (m Meaning) heldBy(o Meaning) (held, total float64) {
	for _, s := range m.words {
		total += s.weight
		if o.holds(s) {
			held += s.weight
		}
	}
	return held, total
}

// holds reports whether m has s's term, or a word near s in meaning that
// is not, like s, a fixed thing of its own.
func (m Meaning) holds(s sense) bool {
	for _, w := range m.words {
		if w.term == s.term {
			return true
		}
		if s.vec != nil && w.vec != nil && !(s.fixed && w.fixed) && dot(s.vec, w.vec) >= wordNear {
			return true
		}
	}
	return false
}
