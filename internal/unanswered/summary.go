package unanswered

import (
	"cmp"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/articlebot/articlebot/internal/answers"
)

// Group is one question as the curator should see it: the phrasings users
// asked it in and how often.
type Group struct {
	// Questions are the distinct phrasings, most frequent first (then first
	// seen). Phrasings that differ only in case, spacing or punctuation count
	// as one, shown in its most frequent spelling.
	Questions []string
	// Count is how many times the question was asked, in all phrasings.
	Count int
	// Candidate is the fact most often ranked best for the group's entries,
	// when it speaks of what the group asks (see nearFact); "" when no fact
	// comes near: as far as the facts tell, the article does not cover the
	// question.
	Candidate string
	// Platforms counts the entries by platform.
	Platforms map[string]int
	// First and Last are when the question was first and last asked.
	First, Last time.Time
}

// Reader reads questions for Summarise, as the engine reads them;
// *answers.Engine is one.
type Reader interface {
	// Terms gives a question's normalised terms.
	Terms(question string) []string
	// Meaning gives what a text means.
	Meaning(text string) answers.Meaning
	// FactMeaning gives what a fact or gap holds; ok is false for an id
	// the engine does not know.
	FactMeaning(id string) (m answers.Meaning, ok bool)
}

// Two phrasings are linked when they mean the same (answers.Meaning's
// Similarity is at least linkNear) and share at least a third of their
// terms (Jaccard |A∩B| / |A∪B| ≥ shareNum/shareDen). Measured with the real
// engine, paraphrases come to 0.71 or more ("When did Blinken become
// secretary of state?" and "when was blinken sworn in as secretary of
// state"), while a question asking more than another stays at 0.63 or less
// ("s400 price turkey" and "s400 price turkey russia deal"), and questions
// about different things at 0 (Belgium's foreign minister and France's).
// Paraphrases share at least a third of their terms, which lets Summarise
// compare only pairs that can link.
const (
	linkNear           = 0.7
	shareNum, shareDen = 1, 3
)

// nearFact is how much of a question's meaning (answers.Meaning's
// CoveredBy) the fact that came closest must speak of for the curator to be
// told to extend it. Measured with the real engine on unanswerable
// questions, those off the article's subjects stop at 0.55 ("whats the
// capital of hungary lol" and the facts on Hungary), while near misses of a
// fact start at about 0.6 ("What did Stoltenberg say about China?").
const nearFact = 0.6

// Summarise groups entries by question, most asked first, for a curator.
// r reads the questions (an *answers.Engine); nil groups only phrasings
// that are identical up to case, spacing and punctuation.
//
// Phrasings are linked when they mean the same (see linkNear) and
// identical phrasings are always together; a group is a set of phrasings
// connected by links (single linkage). The result does not depend on the
// order of entries except for ties, which go to the one seen first. A
// phrasing with no terms (only stop words, or another language) joins only
// its identical phrasings.
//
// Entries with status meta (greetings, thanks, help, input problems) are not
// questions about the article and are left out.
//
// Groups are sorted by Count, most first, then by First, earliest first.
func Summarise(entries []Entry, r Reader) []Group {
	// Phrasings: entries grouped by their folded question.
	type phrasing struct {
		spellings map[string]int
		display   string // most frequent spelling, first seen on ties
		count     int
		first     int // index of its first entry
		terms     []int32
		meaning   answers.Meaning
	}
	var ps []*phrasing
	byKey := map[string]int{}
	of := make([]int, len(entries)) // entry -> phrasing, -1 when left out
	for i, e := range entries {
		of[i] = -1
		if e.Status == string(answers.StatusMeta) || strings.TrimSpace(e.Question) == "" {
			continue
		}
		key := fold(e.Question)
		p, ok := byKey[key]
		if !ok {
			p = len(ps)
			byKey[key] = p
			ps = append(ps, &phrasing{spellings: map[string]int{}, display: e.Question, first: i})
		}
		of[i] = p
		ph := ps[p]
		ph.count++
		ph.spellings[e.Question]++
		if n := ph.spellings[e.Question]; n > ph.spellings[ph.display] {
			ph.display = e.Question
		}
	}

	// Terms, interned as sorted distinct ids, and the phrasings holding each.
	ids := map[string]int32{}
	var postings [][]int
	if r != nil {
		for p, ph := range ps {
			for _, t := range r.Terms(ph.display) {
				id, ok := ids[t]
				if !ok {
					id = int32(len(postings))
					ids[t] = id
					postings = append(postings, nil)
				}
				ph.terms = append(ph.terms, id)
			}
			slices.Sort(ph.terms)
			ph.terms = slices.Compact(ph.terms)
			for _, id := range ph.terms {
				postings[id] = append(postings[id], p)
			}
			if len(ph.terms) > 0 {
				ph.meaning = r.Meaning(ph.display)
			}
		}
	}

	// Link phrasings that mean the same: only pairs sharing enough terms
	// can, and only pairs sharing a term are looked at.
	parent := make([]int, len(ps))
	for p := range parent {
		parent[p] = p
	}
	find := func(p int) int {
		for parent[p] != p {
			parent[p] = parent[parent[p]]
			p = parent[p]
		}
		return p
	}
	seen := make([]int, len(ps)) // seen[q] == p+1 once p was compared with q
	for p, ph := range ps {
		for _, id := range probe(ph.terms, postings) {
			for _, q := range postings[id] {
				if q >= p || seen[q] == p+1 {
					continue
				}
				seen[q] = p + 1
				if a, b := find(p), find(q); a != b && share(ph.terms, ps[q].terms) && ph.meaning.Similarity(ps[q].meaning) >= linkNear {
					parent[max(a, b)] = min(a, b)
				}
			}
		}
	}

	// Build the groups in the order of their first entry.
	type acc struct {
		g       Group
		first   int
		members []int
		cands   map[string]int
		candAt  map[string]int // first entry ranking the candidate best
	}
	var accs []*acc
	groupOf := map[int]*acc{}
	for i, e := range entries {
		p := of[i]
		if p < 0 {
			continue
		}
		root := find(p)
		a, ok := groupOf[root]
		if !ok {
			a = &acc{first: i, g: Group{Platforms: map[string]int{}}, cands: map[string]int{}, candAt: map[string]int{}}
			groupOf[root] = a
			accs = append(accs, a)
		}
		if ps[p].first == i {
			a.members = append(a.members, p)
		}
		a.g.Count++
		a.g.Platforms[e.Platform]++
		if !e.Time.IsZero() {
			if a.g.First.IsZero() || e.Time.Before(a.g.First) {
				a.g.First = e.Time
			}
			if e.Time.After(a.g.Last) {
				a.g.Last = e.Time
			}
		}
		if len(e.Candidates) > 0 && e.Candidates[0] != "" {
			c := e.Candidates[0]
			if _, ok := a.candAt[c]; !ok {
				a.candAt[c] = i
			}
			a.cands[c]++
		}
	}

	slices.SortStableFunc(accs, func(x, y *acc) int {
		return cmp.Or(cmp.Compare(y.g.Count, x.g.Count), x.g.First.Compare(y.g.First), cmp.Compare(x.first, y.first))
	})
	groups := make([]Group, 0, len(accs))
	facts := map[string]fact{}
	for _, a := range accs {
		slices.SortStableFunc(a.members, func(x, y int) int {
			return cmp.Or(cmp.Compare(ps[y].count, ps[x].count), cmp.Compare(ps[x].first, ps[y].first))
		})
		for _, p := range a.members {
			a.g.Questions = append(a.g.Questions, ps[p].display)
		}
		// The most frequent best candidate; ties go to the one seen first.
		for c, n := range a.cands {
			cur := a.g.Candidate
			if cur == "" || n > a.cands[cur] || n == a.cands[cur] && a.candAt[c] < a.candAt[cur] {
				a.g.Candidate = c
			}
		}
		if a.g.Candidate != "" && !near(r, ps[a.members[0]].meaning, a.g.Candidate, facts) {
			a.g.Candidate = ""
		}
		groups = append(groups, a.g)
	}
	return groups
}

// fact is a fact's meaning, remembered for the groups that came closest to
// it; known is false for an id the engine does not have.
type fact struct {
	meaning answers.Meaning
	known   bool
}

// near reports whether the fact id speaks of what m asks (see nearFact).
// Without a reader, or for a fact the engine no longer has, it cannot tell
// and trusts the log. facts remembers the facts' meanings.
func near(r Reader, m answers.Meaning, id string, facts map[string]fact) bool {
	if r == nil {
		return true
	}
	f, ok := facts[id]
	if !ok {
		f.meaning, f.known = r.FactMeaning(id)
		facts[id] = f
	}
	return !f.known || m.CoveredBy(f.meaning) >= nearFact
}

// share reports whether two sorted term sets have a Jaccard similarity of
// at least shareNum/shareDen. Empty sets share nothing.
func share(a, b []int32) bool {
	in := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			in++
			i++
			j++
		}
	}
	union := len(a) + len(b) - in
	return in > 0 && shareDen*in >= shareNum*union
}

// fold is the key under which two phrasings are the same question: lower
// case, letters and digits only, single spaces. A question with no letter
// or digit keys on its trimmed text.
func fold(q string) string {
	f := strings.Join(strings.FieldsFunc(strings.ToLower(q), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r)
	}), " ")
	if f == "" {
		return strings.TrimSpace(q)
	}
	return f
}

// probe returns the terms of a phrasing to look up the ones it can link
// with by: its rarest |A| - ceil(|A|/3) + 1 terms. A phrasing with a
// Jaccard similarity of 1/3 or more shares at least ceil(|A|/3) of A's
// terms, so it holds one of these (prefix filtering); the most common
// terms ("nato") are seldom scanned, which keeps a large log from costing a
// comparison per pair.
func probe(terms []int32, postings [][]int) []int32 {
	n := len(terms) - (len(terms)+2)/3 + 1
	if n >= len(terms) {
		return terms
	}
	rare := slices.Clone(terms)
	slices.SortFunc(rare, func(a, b int32) int {
		return cmp.Or(cmp.Compare(len(postings[a]), len(postings[b])), cmp.Compare(a, b))
	})
	return rare[:n]
}
