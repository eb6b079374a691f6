package answers

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
)

// Kind is the sort of answer a question asks for, and the sorts of question a
// fact can answer.
type Kind string

// The kinds. KindWhat is any description; every fact answers it, and yes/no
// questions too.
const (
	KindWhat     Kind = "what"
	KindWho      Kind = "who"
	KindPlace    Kind = "place"
	KindTime     Kind = "time"
	KindCount    Kind = "count"
	KindDuration Kind = "duration"
	KindAmount   Kind = "amount"
	KindReason   Kind = "reason"
	KindManner   Kind = "manner"
	KindQuote    Kind = "quote"
	KindYesNo    Kind = "yesno"
	// KindOutcome asks what happened after the article: no fact can tell.
	KindOutcome Kind = "outcome"
)

// factKinds are the kinds a fact may declare.
var factKinds = []Kind{KindWho, KindPlace, KindTime, KindCount, KindDuration, KindAmount, KindReason, KindManner, KindQuote}

// questionKind is what the question asks for, and for KindQuote whose words.
type questionKind struct {
	kind Kind
	// speaker is the text naming who was quoted ("Heiko Maas"), for KindQuote.
	speaker string
	// focus is the thing asked about, when the question names it: "model" in
	// "what model is the plane", "foreign minister" in "who is Poland's
	// foreign minister". A fact that never mentions it does not answer.
	focus string
	// named is true when the question asks for the name of its focus ("the
	// name of the law"): a fact that does not mention the focus cannot answer.
	named bool
	// leads is set for "who leads", "who heads", "who runs": a person.
	leads bool
	// pronoun is set when the speaker asked about is only a pronoun: "what
	// did he say". Alone, such a question names no one.
	pronoun bool
	// grain is how precise a time question is: "clock" (what time), "day"
	// (what day, which date) or "year"; the answer must be that precise.
	grain string
}

// kindRule recognises one kind. The rule whose pattern matches earliest in
// the question wins; ties go to the rule listed first.
type kindRule struct {
	kind Kind
	pats []*regexp.Regexp
	// prefixes holds each pattern's leading literal text.
	prefixes []string
}

func rule(k Kind, patterns ...string) kindRule {
	r := kindRule{kind: k}
	for _, p := range patterns {
		re := regexp.MustCompile(p)
		prefix, _ := re.LiteralPrefix()
		if rest, anchored := strings.CutPrefix(p, "^"); anchored {
			prefix, _ = regexp.MustCompile(rest).LiteralPrefix() // checked with HasPrefix
		}
		r.pats = append(r.pats, re)
		r.prefixes = append(r.prefixes, prefix)
	}
	return r
}

// at is where the rule first matches s at the start of a word, or -1.
// has reports whether s holds a literal prefix, remembering the answers.
func (r kindRule) at(s string, has func(string) bool) int {
	best := -1
	for i, re := range r.pats {
		anchored := re.String()[0] == '^'
		switch {
		case r.prefixes[i] == "":
		case anchored && !strings.HasPrefix(s, r.prefixes[i]):
			continue // cheaper than asking the regexp
		case !anchored && !has(r.prefixes[i]):
			continue
		}
		for off := 0; off < len(s); {
			loc := re.FindStringIndex(s[off:])
			if loc == nil {
				break
			}
			i := off + loc[0]
			if i == 0 || !isWordByte(s[i-1]) {
				if best < 0 || i < best {
					best = i
				}
				break
			}
			if anchored {
				break
			}
			off = i + 1
		}
	}
	return best
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '\'' || b >= 0x80
}

const (
	aux        = `(?:is|was|are|were|did|does|do|has|have|had|will|would|can|could|should|might|may)`
	sayVerbs   = `(?:say|said|tell|told|claim|argue|warn|threaten|threatened|promise|reply|respond|answer|think|write|announce|add|concede|insist)`
	personNoun = `(?:person|people|man|woman|official|officials|minister|ministers|leader|leaders|journalist|reporter|author|writer|photographer|president|diplomat|group|groups|member|members|organi[sz]ation|colleagues|counterpart|allies|ally|administration)`
	timeNoun   = `(?:year|date|day|month|time|night|week)`
)

// The English words around "what" and "which" that ask for a place or a
// person; a knowledge base adds its own (Reading).
var (
	placeNouns = []string{"city", "cities", "country", "countries", "place", "places", "town", "nation",
		"nations", "location", "region", "capital", "airport"}
	placeMods  = []string{"other", "two", "three", "four", "central", "eastern", "western", "member", "allied", "foreign"}
	personMods = []string{"other", "foreign", "western", "two", "three", "four", "of the"}
)

// alternation is a regexp group matching any of words.
func alternation(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = regexp.QuoteMeta(w)
	}
	return "(?:" + strings.Join(q, "|") + ")"
}

// reader reads questions: what kind of answer they ask for, what they ask
// about, whether they ask what came later. It holds the English rules and a
// knowledge base's own words for them.
type reader struct {
	kindRules []kindRule
	later     []string
}

// newReader builds a reader with a knowledge base's words.
func newReader(r Reading) *reader {
	places := alternation(append(slices.Clone(placeNouns), r.PlaceNouns...))
	placeMod := alternation(append(slices.Clone(placeMods), r.Qualifiers...)) + ` `
	personMod := alternation(append(slices.Clone(personMods), r.Qualifiers...)) + ` `
	return &reader{
		later: append(slices.Clone(outcomePhrases), r.Later...),
		kindRules: []kindRule{
			rule(KindDuration, `how long\b`, `how much (?:extra |more |additional )?time\b`, `how much (?:later|earlier|longer|sooner)\b`, `how many (?:more )?(?:days|weeks|months|years)\b`),
			rule(KindCount, `how many\b`, `what (?:is the )?number of\b`),
			rule(KindAmount, `how (?:old|tall|far|big|large|fast|heavy|rich|expensive|costly|pricey)\b`, `what age\b`, `how much\b`,
				`what (?:is the |was the )?(?:total |annual |exact |overall )?(?:percent|percentage|proportion|share|price|cost|amount|sum|value|fee|budget)\b`, `at what (?:price|cost)\b`),
			rule(KindTime, `^when\b`, `when `+aux+`\b`, `what `+timeNoun+`\b`, `which `+timeNoun+`\b`, `since when\b`, `how soon\b`, `by when\b`),
			rule(KindPlace, `^where\b`, `where `+aux+`\b`, `where(?:'s| is)\b`, `what (?:`+placeMod+`)?`+places+`\b`, `which (?:`+placeMod+`)?`+places+`\b`, `from where\b`),
			rule(KindWho, `^who\b`, `who(?:m|se|s|'s)?\b`, `what (?:`+personMod+`)?`+personNoun+`\b`, `which (?:`+personMod+`)?`+personNoun+`\b`,
				`which [a-z]+ `+personNoun+`\b`),
			rule(KindReason, `why\b`, `how come\b`, `what(?:'s| is| was|s)? the (?:reason|cause)\b`, `for what reason\b`, `what (?:caused|causes)\b`),
			rule(KindManner, `^how `+aux+`\b`, `how (?:did|does|do|will|is|was) \w+`),
			rule(KindYesNo, `^`+aux+`\b`, `^(?:isnt|wasnt|didnt|doesnt|wont|arent|werent|hasnt|havent)\b`),
		},
	}
}

var (
	// quoteRules find "what did X say" and its kin; group 1 is X. Each is
	// tried only when the question holds its key.
	quoteRules = []struct {
		keys []string
		re   *regexp.Regexp
	}{
		{[]string{"what "}, regexp.MustCompile(`\bwhat (?:exactly |else |actually )?` + aux + ` (.+?) (?:exactly |actually |really |ever |also )?` + sayVerbs + `\b`)},
		{[]string{"how "}, regexp.MustCompile(`\bhow ` + aux + ` (.+?) (?:respond|react|reply|answer)\b`)},
		{[]string{"thing"}, regexp.MustCompile(`\b` + aux + ` (.+?) (?:say|said|tell|told|comment|respond|react|reply) (?:anything|something)\b`)},
		{[]string{"what "}, regexp.MustCompile(`\b(?:what (?:was|were|is|are)) (.+?)(?:s)? (?:words|response|reply|reaction|answer|comment|comments|quote|statement)\b`)},
		{[]string{"quote"}, regexp.MustCompile(`\b(?:quote|quotes) (?:from|by) (.+)$`)},
		{[]string{"what "}, regexp.MustCompile(`^what ([a-z][a-z .'-]*?) (?:said|say|says|told|answered|replied|responded)\b`)},
		{[]string{"talk", "spoke", "speak"}, regexp.MustCompile(`\bwhat (?:did|does|do|will|would) (.+?) (?:talk|speak) about\b|\bwhat (?:was|were|is) (.+?) (?:talking|speaking) about\b`)},
		{[]string{"response", "reaction", "reply", "answer", "comment", "remark", "statement", "words"}, regexp.MustCompile(`^(?:what (?:was|is|were|are) )?(?:the )?([a-z][a-z .]+?)(?:'s|s'|'|s)? (?:response|reaction|reply|answer|comments?|remarks?|statements?|words) (?:to|on|about|regarding|after|when)\b`)},
	}
)

// kind reads what a question asks for. The text is the cleaned question;
// case is ignored.
func (rd *reader) kind(text string) questionKind {
	s := strings.ToLower(strings.ReplaceAll(text, "’", "'"))
	// opensQuestion and the rules read "who's" as "who"
	if hasAny(s, sayStems) {
		for _, r := range quoteRules {
			if !hasAny(s, r.keys) {
				continue
			}
			if m := r.re.FindStringSubmatch(s); m != nil {
				speaker := cmp.Or(m[1:]...)
				if personalPronouns[strings.TrimSpace(speaker)] {
					return questionKind{kind: KindQuote, speaker: strings.TrimSpace(speaker), pronoun: true}
				}
				if !vagueSpeaker(speaker) {
					return questionKind{kind: KindQuote, speaker: speaker}
				}
			}
		}
	}
	if rd.isOutcome(s) {
		return questionKind{kind: KindOutcome}
	}
	if (strings.HasPrefix(s, "where") || strings.HasPrefix(s, "what") || strings.HasPrefix(s, "which")) && originQuestion.MatchString(s) {
		// "where is Stoltenberg from" asks for an origin, not for where he was.
		return questionKind{kind: KindPlace, focus: "origin"}
	}
	best, bestAt := KindWhat, len(s)+1
	var seen [16]struct {
		prefix string
		has    bool
	}
	n := 0
	has := func(prefix string) bool { // most patterns share a few prefixes: "what ", "how "
		for _, p := range seen[:n] {
			if p.prefix == prefix {
				return p.has
			}
		}
		h := strings.Contains(s, prefix)
		if n < len(seen) {
			seen[n].prefix, seen[n].has = prefix, h
			n++
		}
		return h
	}
	for _, r := range rd.kindRules {
		if i := r.at(s, has); i >= 0 && i < bestAt {
			best, bestAt = r.kind, i
			if i == 0 {
				break // nothing can match earlier, and ties go to the earlier rule
			}
		}
	}
	qk := questionKind{kind: best}
	qk.focus, qk.named = focusOf(s)
	qk.leads = best == KindWho && leadsQuestion.MatchString(s)
	if best == KindWhat && strings.HasPrefix(s, "which ") && personRoles[qk.focus] {
		qk.kind = KindWho // "which official did he brief": a person
	}
	if best == KindWhat && !opensQuestion(s) {
		qk = terseKind(s, qk)
	}
	for _, g := range grains {
		if hasAny(s, g.keys) && g.asked.MatchString(s) {
			qk.kind, qk.grain = KindTime, g.name // "on what exact date"
			break
		}
	}
	return qk
}

// grains are the precisions of time questions: what asks for each, and
// what an answer that precise holds.
var grains = []struct {
	name         string
	keys         []string // one of them stands in every question of the grain
	asked, given *regexp.Regexp
}{
	{"clock", []string{"time", "hour"}, regexp.MustCompile(`\b(?:what|which) (?:exact |precise )?(?:time|hour)(?: is| was| will| did| does| do| are| were|\?|$)`),
		regexp.MustCompile(`(?i)\b\d{1,2}(?::\d\d)? ?(?:a\.?m\.?|p\.?m\.?|o'clock)|\bnoon\b|\bmidnight\b|\b(?:morning|afternoon|evening|night)\b`)},
	{"day", []string{"day", "date"}, regexp.MustCompile(`\b(?:what|which|on what) (?:exact |precise |specific )?(?:day|date)\b|\bexact date\b`),
		regexp.MustCompile(`(?i)\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tomorrow)\b|\b(?:january|february|march|april|may|june|july|august|september|october|november|december) \d{1,2}\b|\b\d{1,2} (?:january|february|march|april|may|june|july|august|september|october|november|december)\b`)},
	{"year", []string{"year"}, regexp.MustCompile(`\b(?:what|which|in what|in which) year\b`),
		regexp.MustCompile(`\b(?:19|20)\d\d\b`)},
}

// preciseEnough reports whether an answer gives a time as precise as asked.
func preciseEnough(grain, answer string) bool {
	for _, g := range grains {
		if g.name == grain {
			return g.given.MatchString(answer)
		}
	}
	return true
}

var (
	// "what model is ...", "which hotel did ...": the noun after the question word.
	focusNoun = regexp.MustCompile(`^(?:so |and |but |ok |okay |hey |wait )?(?:what|which)(?:'s|s| is| was| are| were)?(?: the| a| an)?(?: (?:specific|exact|precise|particular|new|original|og|first|main|other|two|three|four|several|actual|official|real))* ([a-z]+)\b`)
	// "who leads the negotiating team", "who heads the commission"
	leadsQuestion = regexp.MustCompile(`^who (?:leads|led|heads|headed|runs|ran|chairs|chaired|commands|commanded|is leading|is heading|is in charge of)\b`)
	// "did the troops ever leave", "did they leave by September"
	outcomeDid = regexp.MustCompile(`\bdid .+ (?:ever|(?:by|after|before) (?:january|february|march|april|may|june|july|august|september|october|november|december))\b`)
	// "where is X from", "where does X come from"
	originQuestion = regexp.MustCompile(`^(?:where|(?:what|which) (?:country|nationality)) (?:is|was|are|were|does|do|did) .+? (?:come |hail |originally )?from\??$`)
	// "what's the name of the US law that ...": the thing named.
	focusNameOf = regexp.MustCompile(`^(?:(?:what|whats|what's|what is|what was|what are|what were)(?: the)? |the )?(?:name|names|title|official name) of (?:the |a |an |this |that )?([a-z0-9' ]+?)(?: that\b| which\b| who\b| whose\b| whom\b| in\b| on\b| at\b| for\b| from\b| with\b| by\b| behind\b| he\b| she\b| they\b| was\b| is\b| were\b| did\b| does\b| [a-z]+ing\b| [a-z]+ed\b|\?|$)`)
	// "hungary pm name?": a terse request for a name.
	focusTrailingName = regexp.MustCompile(`^([a-z0-9' ]+?)'?s? names?(?: pls| please)?\??$`)
	// "who is the US ambassador to NATO": the one asked about, in full.
	focusWho = regexp.MustCompile(`^who(?:'s|s| is| was| are| were) (?:the |a |an )?([a-z][a-z0-9' ]*?)\??$`)
	// "who is Poland's foreign minister": the words after the possessive.
	focusPossessive = regexp.MustCompile(`^(?:who|what)(?:'s|s| is| was| are| were) (?:the )?[a-z]+(?: [a-z]+){0,3}'s? ([a-z]+(?: [a-z]+)?)\??$`)
)

// outcomePhrases ask what happened after the article: "did Turkey end up
// buying them", "what happened next". An article reports its own days and
// cannot tell what came later; a knowledge base adds its own events
// ("after the summit").
var outcomePhrases = []string{"end up", "ended up", "ends up", "in the end", "eventually", "ultimately",
	"afterwards", "since then", "later on", "finally decide", "finally did", "finally do",
	"what happened next", "what happened after", "what happened later", "what happened then",
	"by the end of", "so far", "what came of", "came out of", "the outcome of", "the result of",
	"successor", "succeed", "be next", "next in line", "nowadays", "these days", "today", "currently",
	"still in office", "still in power", "still in charge", "anymore", "as of now", "at present"}

// isOutcome reports whether a question asks what happened after the article.
func (rd *reader) isOutcome(s string) bool {
	if hasAny(s, rd.later) {
		return true
	}
	if strings.HasPrefix(s, "did ") && (strings.HasSuffix(strings.TrimRight(s, "?!. "), " later") || strings.Contains(s, " later on")) {
		return true // "did turkey buy more s400 later"
	}
	return strings.Contains(s, "did ") && (strings.Contains(s, " ever") || strings.Contains(s, " by ") || strings.Contains(s, " after ") || strings.Contains(s, " before ")) && outcomeDid.MatchString(s)
}

// focusOf finds the thing a question asks about, or "".
func focusOf(s string) (focus string, named bool) {
	if strings.Contains(s, "name") || strings.Contains(s, "title") {
		if m := focusNameOf.FindStringSubmatch(s); m != nil {
			return withoutNameParts(m[1]), true // "the turkish gas exploration ship"
		}
		if m := focusTrailingName.FindStringSubmatch(s); m != nil && !opensQuestion(s) && strings.Count(m[1], " ") < 4 {
			return withoutNameParts(m[1]), true // "hungary pm name?"
		}
	}
	if strings.HasPrefix(s, "wh") && strings.Contains(s, "'") {
		if m := focusPossessive.FindStringSubmatch(s); m != nil {
			return m[1], false
		}
	}
	if m := focusWhoOf(s); m != "" {
		return m, false // "who is the US ambassador to NATO": all of it
	}
	if !strings.Contains(s, "what") && !strings.Contains(s, "which") {
		return "", false
	}
	if h := focusHead(s); h != "" {
		return h, false // "which white house official", "which russian arms maker"
	}
	if m := focusNoun.FindStringSubmatch(s); m != nil && !stopWords[m[1]] && !auxWords[m[1]] && !categoryNouns[m[1]] {
		return m[1], false
	}
	return "", false
}

// focusHead is the noun that heads "which ..." when it names a post, a
// body or a detail: "which white house official did he brief" asks for an
// official, "which russian arms maker builds it" for a maker.
func focusHead(s string) string {
	rest, ok := strings.CutPrefix(s, "which ")
	if !ok {
		return ""
	}
	ws := strings.Fields(rest)
	for i, w := range ws[:min(len(ws), 4)] {
		w = strings.Trim(w, "?!.,;:")
		if auxWords[w] || stopWords[w] && i > 0 {
			break
		}
		if personRoles[w] || orgNouns[w] || attributeNouns[w] {
			return w
		}
	}
	return ""
}

// focusWhoOf is the one asked about in a short who question, in full.
func focusWhoOf(s string) string {
	if !strings.HasPrefix(s, "who") {
		return ""
	}
	if m := focusWho.FindStringSubmatch(s); m != nil && strings.Count(m[1], " ") < 5 {
		return m[1]
	}
	return ""
}

// categoryNouns name a sort of answer, not a thing the fact must mention:
// "what resource is Turkey exploring for" is answered by "gas".
var categoryNouns = setOf(`resource resources thing things word words term terms phrase phrases adjective
adjectives noun verb type types kind kinds sort sorts issue issues topic topics subject subjects area areas
item items object role roles job jobs position positions country countries city cities place places person
people group groups year years day days date dates time times month months event events reason reasons
way ways part parts name names number numbers amount problem problems thing weapon weapons organization
organisations organizations language message point points promise promises warning warnings`)

// auxWords follow a question word without naming what is asked.
var auxWords = setOf(`is was are were did does do has have had will would can could should might may
happens happened happen about kind sort type exactly else`)

// sayStems are the parts of words a quote question needs: a say verb or a
// noun for what was said. Checking them first spares the quote rules.
var sayStems = []string{"say", "said", "tell", "told", "claim", "argu", "warn", "threaten", "promis", "repl", "talk", "spoke", "speak",
	"respon", "answer", "think", "writ", "announc", "added", "conced", "insist", "react", "comment", "word", "quote",
	"remark", "statement"}

// hasAny reports whether s contains one of keys.
func hasAny(s string, keys []string) bool {
	for _, k := range keys {
		if strings.Contains(s, k) {
			return true
		}
	}
	return false
}

// personalPronouns stand for a person named before.
var personalPronouns = setOf(`he she they him her them`)

// vagueSpeaker is true for speakers that name no one: "what did it say", "what
// does the article say".
func vagueSpeaker(s string) bool {
	switch strings.TrimSpace(s) {
	case "it", "this", "that", "they", "he", "she", "you", "i", "we":
		return true
	}
	// the article itself and its parts are not speakers
	for _, w := range strings.Fields(s) {
		switch strings.TrimSuffix(w, "s") {
		case "article", "story", "piece", "text", "report", "author", "writer", "headline", "subheadline",
			"subheading", "subtitle", "title", "caption", "summary", "photo", "picture", "byline", "paragraph":
			return true
		}
	}
	return false
}

// fits reports whether a fact with the given kinds answers a question of kind
// q. Every fact answers "what", yes/no and "how" (manner) questions: how
// something happened is told in too many ways to demand a tag.
func fits(q Kind, kinds []Kind) bool {
	switch q {
	case KindWhat, KindYesNo, KindManner:
		return true
	}
	return slices.Contains(kinds, q)
}

// speechVerb finds a verb reporting speech: "said", "warned", "urged".
var speechVerb = regexp.MustCompile(`(?i)\b(?:said|says|say|told|tells|warned|warns|urged|urges|encouraged|encourages|promised|promises|insisted|insists|repeated|repeats|praised|offered|conceded|emphasized|emphasised|argued|argues|stressed|called|described|added|asked|demanded|welcomed|thanked|threatened|threats)\b`)

// reportsSpeech reports whether an answer tells what someone said.
func reportsSpeech(answer string) bool { return speechVerb.MatchString(answer) }

// terseWords tell what a question of bare keywords asks for: "s400 price",
// "byline date", "belgian fm name". The first listed word found decides.
var terseWords = []struct {
	word  string
	kind  Kind
	grain string
}{
	{"time of day", KindTime, "clock"}, {"what time", KindTime, "clock"}, {"hour", KindTime, "clock"},
	{"exact date", KindTime, "day"}, {"date", KindTime, ""}, {"day", KindTime, "day"},
	{"year", KindTime, "year"}, {"when", KindTime, ""}, {"deadline", KindTime, ""},
	{"how many", KindCount, ""}, {"number", KindCount, ""}, {"count", KindCount, ""}, {"total", KindAmount, ""},
	{"price", KindAmount, ""}, {"cost", KindAmount, ""}, {"budget", KindAmount, ""}, {"worth", KindAmount, ""},
	{"percentage", KindAmount, ""}, {"percent", KindAmount, ""}, {"%", KindAmount, ""}, {"age", KindAmount, ""},
	{"length", KindDuration, ""}, {"how long", KindDuration, ""}, {"duration", KindDuration, ""},
	{"figures", KindCount, ""}, {"figure", KindCount, ""}, {"stats", KindCount, ""}, {"statistics", KindCount, ""},
	{"names", KindWho, ""}, {"name", KindWho, ""}, {"who", KindWho, ""},
	{"bio", KindWhat, ""}, {"biography", KindWhat, ""}, {"background", KindWhat, ""}, {"nationality", KindWhat, ""},
	{"birthplace", KindWhat, ""},
	{"reason", KindReason, ""}, {"why", KindReason, ""}, {"motive", KindReason, ""},
}

// questionOpeners begin a question in words, not keywords.
var questionOpeners = []string{"what", "which", "who", "whom", "whose", "when", "where", "why", "how",
	"is", "was", "are", "were", "did", "does", "do", "has", "have", "had", "will", "would", "can", "could",
	"should", "tell", "explain", "describe", "give", "list", "summari", "in what", "in which", "on what",
	"at what", "by when", "since when"}

// prepositions may stand before the question word: "by what", "under which".
var prepositions = setOf(`by in on at from to for with under over since until into about of after before
during through against between among`)

// opensQuestion reports whether a question opens with a question word.
func opensQuestion(s string) bool {
	// "by what nickname", "under which law", "for whom": a preposition first
	if sp := strings.IndexByte(s, ' '); sp > 0 && prepositions[s[:sp]] {
		rest := s[sp+1:]
		for _, w := range []string{"what", "which", "whom", "whose", "how", "when", "where"} {
			if strings.HasPrefix(rest, w) && (len(rest) == len(w) || !isWordByte(rest[len(w)])) {
				return true
			}
		}
	}
	for _, w := range questionOpeners {
		if strings.HasPrefix(s, w) && (len(s) == len(w) || !isWordByte(s[len(w)]) || s[len(w)] == '\'' || w == "summari") {
			return true
		}
	}
	return false
}

// terseKind reads a question of bare keywords by its keywords; a bare role
// ("polish fm", "afghan president") asks who holds it.
func terseKind(s string, qk questionKind) questionKind {
	if strings.Count(s, " ") >= 5 {
		return qk // a sentence, not keywords
	}
	for _, t := range terseWords {
		if i := strings.Index(s, t.word); i >= 0 && (i == 0 || !isWordByte(s[i-1])) &&
			(i+len(t.word) == len(s) || !isWordByte(s[i+len(t.word)])) {
			qk.kind, qk.grain = t.kind, t.grain
			if personalDetails[t.word] {
				qk.focus, qk.named = t.word, true // "erlanger bio": a detail the fact must give
				return qk
			}
			if rest := strings.Trim(strings.Replace(s, t.word, "", 1), "?!. "); t.kind == KindWho && asksPerson(questionKind{focus: rest}) {
				qk.focus = strings.Join(strings.Fields(rest), " ") // "belgian fm name": the post named
			}
			return qk
		}
	}
	fields := strings.Fields(strings.Trim(s, "?!. "))
	switch last := ""; {
	case len(fields) == 0 || len(fields) > 3:
	case personRoles[fields[len(fields)-1]]:
		qk.kind, qk.focus = KindWho, strings.Join(fields, " ")
	case orgNouns[fields[len(fields)-1]]:
		last = fields[len(fields)-1]
		qk.kind, qk.focus, qk.named = KindWho, last, true // "tram manufacturer": which maker
	case attributeNouns[fields[len(fields)-1]] && len(fields) > 1:
		qk.focus = fields[len(fields)-1] // "cargo plane model"
	}
	return qk
}

// personRoles are nouns for a person's post: a question about one asks for
// a person's name.
var personRoles = setOf(`minister ministers fm fms pm president presidents leader leaders chief head boss
ambassador secretary spokesman spokeswoman spokesperson chancellor premier king queen official officials
diplomat counterpart general commander author writer reporter journalist photographer correspondent
editor negotiator envoy driver owner manager director chair chairman chairwoman councillor councilor mayor
founder executive ceo pilot captain`)

// personalDetails are what people ask of a person the article only names.
var personalDetails = setOf(`bio biography background nationality birthplace`)

// attributeNouns name a detail of something that a fact must state to
// answer: "Borrell's nationality", "the cargo plane model", "the unit's
// name". A fact that never mentions the word does not give it.
var attributeNouns = setOf(`age nationality birthplace birthday religion salary budget price cost
population capital length size model brand version unit address height weight capacity range speed
citizenship hometown spouse wife husband education degree volume`)

// orgNouns name the kind of body a terse question asks for: "tram
// manufacturer", "pipeline bank". The fact must speak of one.
var orgNouns = setOf(`manufacturer manufacturers maker makers supplier suppliers builder builders
contractor contractors company companies firm firms bank banks sponsor sponsors owner owners publisher
insurer investor investors`)

// asksPerson reports whether a "who" question asks for a person: it names a
// post ("who is Poland's foreign minister", "belgian fm name") or asks who
// leads something.
func asksPerson(qk questionKind) bool {
	if qk.leads {
		return true
	}
	ws := strings.Fields(qk.focus)
	for i, w := range ws {
		w = strings.TrimSuffix(w, "'s")
		if personRoles[w] {
			return true
		}
		// "the audit committee member", not "which member country"
		if w == "member" && (i+1 == len(ws) || !memberOf[ws[i+1]]) {
			return true
		}
	}
	return false
}

// memberOf follow "member" when it names a country, not a person.
var memberOf = setOf(`country countries state states nation nations`)

// nameParts say which part of a name is asked: "stoltenberg's first name"
// asks Stoltenberg's name.
var nameParts = setOf(`first last full real official given family middle nick sur proper`)

// withoutNameParts drops the name parts from a focus.
func withoutNameParts(focus string) string {
	ws := strings.Fields(focus)
	out := ws[:0]
	for _, w := range ws {
		if !nameParts[w] {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}
