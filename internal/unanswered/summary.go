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
	// "" when none had a candidate.
	Candidate string
	// Platforms counts the entries by platform.
	Platforms map[string]int
	// First and Last are when the question was first and last asked.
	First, Last time.Time
}

// Two phrasings are linked when their term sets A and B have a Jaccard
// similarity |A∩B| / |A∪B| of at least linkNum/linkDen (2/3). Paraphrases
// measured with the real engine link at 3/4 or more (4 terms, 3 shared),
// while different questions about the same subjects stop at 3/5 ("who is
// belgium's foreign minister" and "who is the foreign minister of france").
// The comparison is done in integers: linkDen·|A∩B| ≥ linkNum·|A∪B|.
const linkNum, linkDen = 2, 3

// Summarise groups entries by question, most asked first, for a curator.
// terms gives a question's normalised terms (answers.Engine.Terms); nil
// groups only phrasings that are identical up to case, spacing and
// punctuation.
//
// Phrasings are linked when their term sets are similar (Jaccard ≥ 2/3, see
// linkNum) and identical phrasings are always together; a group is a set of
// phrasings connected by links (single linkage). The result does not depend
// on the order of entries except for ties, which go to the one seen first. A
// phrasing with no terms (only stop words, or another language) joins only
// its identical phrasings.
//
// Entries with status meta (greetings, thanks, help, input problems) are not
// questions about the article and are left out.
//
// Groups are sorted by Count, most first, then by First, earliest first.
func Summarise(entries []Entry, terms func(string) []string) []Group {
	// Phrasings: entries grouped by their folded question.
	type phrasing struct {
		spellings map[string]int
		display   string // most frequent spelling, first seen on ties
		count     int
		first     int // index of its first entry
		terms     []int32
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
	if terms != nil {
		for p, ph := range ps {
			for _, t := range terms(ph.display) {
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
		}
	}

	// Link similar phrasings: only pairs that share a term can be similar.
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
				if similar(ph.terms, ps[q].terms) {
					a, b := find(p), find(q)
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
		groups = append(groups, a.g)
	}
	return groups
}

// similar reports whether two sorted term sets have a Jaccard similarity of
// at least linkNum/linkDen. Empty sets are similar to nothing.
func similar(a, b []int32) bool {
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
	return in > 0 && linkDen*in >= linkNum*union
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

// probe returns the terms of a phrasing to look up similar ones by: its
// rarest |A| - ceil(2|A|/3) + 1 terms. A phrasing with Jaccard similarity of
// 2/3 or more shares at least ceil(2|A|/3) of A's terms, so it holds one of
// these (prefix filtering); the common terms ("nato") are never scanned,
// which keeps a large log from costing a comparison per pair.
func probe(terms []int32, postings [][]int) []int32 {
	n := len(terms) - (2*len(terms)+2)/3 + 1
	if n >= len(terms) {
		return terms
	}
	rare := slices.Clone(terms)
	slices.SortFunc(rare, func(a, b int32) int {
		return cmp.Or(cmp.Compare(len(postings[a]), len(postings[b])), cmp.Compare(a, b))
	})
	return rare[:n]
}
