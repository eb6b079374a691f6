package answers

import (
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
	// stated is set for a statement asked as a question ("the trip was a
	// success?"), read as yes or no.
	stated bool
}

// The rules that read a question are tables of patterns written in words.
// A question is read once into its words, each numbered if a pattern holds
// it. A table then tries a pattern only where a word it begins with stands,
// and only when the question holds a word of each of its other required
// slots; it needs no pass over the text of its own.
//
// A pattern is words separated by single spaces, as the question has them:
//
//	how|what     one of these words; a word may hold an apostrophe ("who's")
//	(a|the one)  one of these, which may be phrases
//	[more|extra] one of these, or nothing; phrases too ("[is the]")
//	<aux>        a word of a named set (patternSets), [<aux>] one or nothing
//	~x           x right after what comes before, without a space ("~[s]")
//	*            any word of letters
//	+            the start of any word; the pattern ends there
//	_            the words the rule reads out (a speaker, a focus): any text
//	             its class allows, as short as the rest of the pattern allows
//	^ (first)    only at the start of the question
//	$ (last)     the question ends there; … (last): anything may follow;
//	             …name (last): what may follow a name (endsName)
//
// Otherwise a pattern ends where a word ends.

// patternSets are the named sets of words patterns use; a reader adds the
// knowledge base's own (placeNouns, placeMods, personMods).
var patternSets = map[string][]string{
	"aux": strings.Fields(`is was are were did does do has have had will would can could should might may`),
	"say": strings.Fields(`say said tell told claim argue warn threaten threatened promise reply respond answer think
write announce add concede insist ask asked`),
	"person": strings.Fields(`person people man woman official officials minister ministers leader leaders journalist
reporter author writer photographer president diplomat group groups member members organisation organization
colleagues counterpart allies ally administration`),
	"time":  strings.Fields(`year date day month time night week`),
	"month": strings.Fields(`january february march april may june july august september october november december`),
}

// The English words around "what" and "which" that ask for a place or a
// person; a knowledge base adds its own (Reading).
var (
	placeNouns = []string{"city", "cities", "country", "countries", "place", "places", "town", "nation",
		"nations", "location", "region", "regions", "capital", "airport", "province", "provinces", "port", "ports",
		"village", "villages", "district", "county"}
	placeMods  = []string{"other", "two", "three", "four", "central", "eastern", "western", "member", "allied", "foreign"}
	personMods = []string{"other", "foreign", "western", "two", "three", "four", "of the"}
)

// kindRules read the kind of answer a question asks for. The rule that
// matches earliest in the question wins; at one place, the rule listed
// first.
var kindRules = []struct {
	kind     Kind
	patterns []string
}{
	{KindDuration, []string{"how long", "how much [extra|more|additional] time", "how much later|earlier|longer|sooner",
		"how many [more] days|weeks|months|years"}},
	{KindCount, []string{"how many", "what [is the] number of"}},
	{KindAmount, []string{"how old|tall|far|big|large|fast|heavy|rich|expensive|costly|pricey", "what age", "how much",
		"what [is the|was the] [total|annual|exact|overall] percent|percentage|proportion|share|price|cost|amount|sum|value|fee|budget",
		"at what price|cost"}},
	{KindTime, []string{"^when", "when <aux>", "what|which <time>", "since when", "how soon", "by when"}},
	{KindPlace, []string{"^where", "where <aux>", "where's", "what|which [<placemod>] <place>", "which * <place>", "which [*] state", "from where"}},
	{KindWho, []string{"who|whom|whose|whos|who's", "what|which [<personmod>] <person>", "which * <person>"}},
	{KindReason, []string{"why", "how come", "what|what's|whats the reason|cause", "what is|was the reason|cause",
		"for what reason|purpose", "what caused|causes", "^what for ~[?] $", "to what end"}},
	{KindManner, []string{"^how <aux>", "how did|does|do|will|is|was +"}},
	{KindYesNo, []string{"^<aux>", "^isnt|wasnt|didnt|doesnt|wont|arent|werent|hasnt|havent"}},
	// "what do allies who pay get": a "who" after "what" is a relative
	{KindWhat, []string{"^what <aux>"}},
}

// quoteRules find "what did X say" and its kin; _ is X, which may hold only
// the characters of its class. The rules are tried in order.
var quoteRules = []struct {
	patterns []string
	speaker  *charClass
}{
	{[]string{"what [exactly|else|actually] <aux> _ [exactly|actually|really|ever|also] <say>"}, anyText},
	{[]string{"how <aux> _ respond|react|reply|answer"}, anyText},
	{[]string{"<aux> _ say|said|tell|told|comment|respond|react|reply anything|something"}, anyText},
	{[]string{"what was|were|is|are _ ~[s] words|response|reply|reaction|answer|comment|comments|quote|statement"}, anyText},
	{[]string{"quote|quotes from|by _ $"}, anyText},
	{[]string{"^what|whats|what's _ said|say|says|told|answered|replied|responded"}, newCharClass("a-z", "a-z .'-", 1)},
	{[]string{"what did|does|do|will|would _ talk|speak about", "what was|were|is _ talking|speaking about",
		"what did|does|do|will|would _ discuss"}, anyText},
	{[]string{"^[what was|what is|what were|what are] [the] _ ~['s|s'|'|s] " +
		"response|reaction|reply|answer|comment|comments|remark|remarks|statement|statements|words " +
		"to|on|about|regarding|after|when"}, newCharClass("a-z", "a-z .", 2)},
}

// grains are the precisions of time questions: how a question asks for
// each, and what an answer that precise holds.
var grains = []struct {
	name  string
	asked []string
	given *regexp.Regexp
}{
	{"clock", []string{"what|which [exact|precise] time|hour is|was|will|did|does|do|are|were …",
		"what|which [exact|precise] time|hour ~? …", "what|which [exact|precise] time|hour $", "time of day"},
		regexp.MustCompile(`(?i)\b\d{1,2}(?::\d\d)? ?(?:a\.?m\.?|p\.?m\.?|o'clock)|\bnoon\b|\bmidnight\b|\b(?:morning|afternoon|evening|night)\b`)},
	{"day", []string{"what|which [exact|precise|specific] day|date", "on what [exact|precise|specific] day|date", "exact date"},
		regexp.MustCompile(`(?i)\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tomorrow)\b|\b(?:january|february|march|april|may|june|july|august|september|october|november|december) \d{1,2}\b|\b\d{1,2} (?:january|february|march|april|may|june|july|august|september|october|november|december)\b`)},
	{"month", []string{"what|which month", "in|during what|which month"},
		regexp.MustCompile(`(?i)\b(?:january|february|march|april|may|june|july|august|september|october|november|december)\b`)},
	{"year", []string{"what|which year", "in what|which year"},
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

// The other questions the patterns read.
var (
	// "who leads the negotiating team", "who heads the commission"
	leadsPatterns = []string{"^who leads|led|heads|headed|runs|ran|chairs|chaired|commands|commanded",
		"^who is leading|heading", "^who is in charge of",
		"^who would|will|could|might|should lead|head|run|chair|command"}
	// "where does X stand on Y", "where do things stand with Y": a position,
	// not a place
	stancePatterns = []string{"^where <aux> _ stand|stands on|about|regarding|with|over|in …",
		// "where does Germany rank among America's allies", "where did he place it among them"
		"^where <aux> _ rank|ranks|fit|fits|sit|sits|figure|figures among|in|with …",
		"^where <aux> _ rank|place|rate|put _ among …"}
	// "where is X from", "where does X come from"
	originPatterns = []string{"^where is|was|are|were|does|do|did _ [come|hail|originally] from ~[?] $",
		"^what|which country|nationality is|was|are|were|does|do|did _ [come|hail|originally] from ~[?] $",
		"is|was|are|were|comes|come [originally] from what|which country|nation|city|place ~[?] $"}
	// "did the troops ever leave", "did they leave by September"
	laterDidPatterns = []string{"did _ ever", "did _ by|after|before <month>", "did _ after that ~[?] $",
		"did|has|have _ after this ~[?] $",
		"did|has|have _ since ~[?] $", "did|has|have _ actually start|started|resume|resumed|leave|left"}
)

// The rules of focusRules.
const (
	focusNameOf = iota
	focusTrailingName
	focusPossessive
	focusWho
)

// focusRules find the thing a question asks about (_), tried in the order
// focusOf says.
var focusRules = []struct {
	patterns []string
	focus    *charClass
}{
	// "what's the name of the US law that ...": "us law"
	focusNameOf: {[]string{"^[what|whats|what's|what is|what was|what are|what were] [the] " +
		"(name|names|title|official name) of [the|a|an|this|that] _ …name"}, nameChars},
	// "hungary pm name?": a terse request for a name
	focusTrailingName: {[]string{"^_ ~['] ~[s] name|names [pls|please] ~[?] $"}, nameChars},
	// "who is Poland's foreign minister": the one or two words after the possessive
	focusPossessive: {[]string{"^who's|whos|what's|whats [the] * [*] [*] [*] ~'s|' _ ~[?] $",
		"^who|what is|was|are|were [the] * [*] [*] [*] ~'s|' _ ~[?] $"}, newCharClass("a-z", "a-z ", 1)},
	// "who is the US ambassador to NATO": the one asked about, in full
	focusWho: {[]string{"^who's|whos [the|a|an] _ ~[?] $", "^who is|was|are|were [the|a|an] _ ~[?] $"},
		newCharClass("a-z", "a-z0-9' ", 1)},
}

// outcomePhrases ask what happened after the article: "did Turkey end up
// buying them", "what happened next". An article reports its own days and
// cannot tell what came later; a knowledge base adds its own events
// ("after the summit"). They are found inside longer words too
// ("succeed" in "succeeded"); "replaced" and the like are listed whole, as
// "replace" stands in "irreplaceable". "So far" is
// not among them: "has Turkey escaped sanctions so far?" asks what the
// article reports up to its day.
var outcomePhrases = []string{"end up", "ended up", "ends up", "in the end", "eventually", "ultimately",
	"afterward", "since then", "later on", "the following year", "the next year", "years later", "a year later", "finally decide", "finally did", "finally do",
	"what happened next", "what happened after", "what happened later", "what happened then",
	"by the end of", "what came of", "came out of", "the outcome of", "the result of",
	"successor", "succeed", "replaced", "replaces", "replacing", "will replace", "gonna replace",
	"going to replace", "be next", "next in line", "nowadays", "these days", "today", "currently",
	"still in office", "still in power", "still in charge", "anymore", "as of now", "at present",
	"did it work", "did that work", "did this work", "has it worked", "did it succeed", "did that succeed",
	"was it successful", "was that successful", "did it pay off", "did that pay off"}

// sayStems are the parts of words a quote question needs: a say verb or a
// noun for what was said. Checking them first spares the quote rules.
var sayStems = newPhrases("say", "said", "tell", "told", "claim", "argu", "warn", "threaten", "promis", "repl", "talk",
	"spoke", "speak", "respon", "answer", "think", "writ", "announc", "added", "conced", "insist", "react", "comment",
	"word", "quote", "remark", "statement", "ask", "discuss")

// reader reads questions: what kind of answer they ask for, what they ask
// about, whether they ask what came later. It holds the English rules and a
// knowledge base's own words for them.
type reader struct {
	kinds, quotes, grains, focus *table
	leads, origin, laterDid      *table
	stance                       *table
	later                        *phrases
	// ids numbers the words the patterns hold; tables index their patterns
	// by them. lengths has, for each first letter, a bit for the length of
	// each of those words, to pass over the others without looking them up.
	ids     map[string]int32
	lengths [256]uint64
}

// newReader builds a reader with a knowledge base's words.
func newReader(r Reading) *reader {
	sets := map[string][]string{
		"place":     append(slices.Clone(placeNouns), r.PlaceNouns...),
		"placemod":  append(slices.Clone(placeMods), r.Qualifiers...),
		"personmod": append(slices.Clone(personMods), r.Qualifiers...),
	}
	for name, words := range patternSets {
		sets[name] = words
	}
	rd := &reader{ids: map[string]int32{}, later: newPhrases(append(slices.Clone(outcomePhrases), r.Later...)...)}
	captures := 0
	add := func(t *table, rule int, patterns []string, capture *charClass) {
		for _, src := range patterns {
			p := compile(src, sets, capture)
			if !p.anchored && slices.ContainsFunc(p.slots, func(sl slot) bool { return sl.any == '_' }) {
				p.rest, captures = captures, captures+1 // tried at many places: remember its rest
			}
			t.add(rd, rule, p)
		}
	}
	rd.kinds, rd.quotes, rd.grains = &table{afterWordByte: true}, &table{}, &table{}
	for i, k := range kindRules {
		add(rd.kinds, i, k.patterns, nil)
	}
	for i, q := range quoteRules {
		add(rd.quotes, i, q.patterns, q.speaker)
	}
	for i, g := range grains {
		add(rd.grains, i, g.asked, nil)
	}
	rd.focus = &table{}
	for i, f := range focusRules {
		add(rd.focus, i, f.patterns, f.focus)
	}
	rd.leads, rd.origin, rd.laterDid, rd.stance = &table{}, &table{}, &table{}, &table{}
	add(rd.leads, 0, leadsPatterns, nil)
	add(rd.stance, 0, stancePatterns, anyText)
	add(rd.origin, 0, originPatterns, anyText)
	add(rd.laterDid, 0, laterDidPatterns, anyText)
	if captures > maxRests {
		panic("reading patterns: too many that capture")
	}
	return rd
}

// kind reads what a question asks for. The text is the cleaned question;
// case is ignored. A question opening with a clause or a phrase asks what
// its main clause asks: "When Blinken spoke of the alliance, which verb did
// he use?" asks for a word, not a time.
func (rd *reader) kind(text string) questionKind {
	return rd.kindLow(text, strings.ToLower(text))
}

// kindLow is kind of a text and the same text lower-cased, for a caller
// that has lowered it already: a question is lowered once for every
// reading of it.
func (rd *reader) kindLow(text, low string) questionKind {
	if main, ok := mainClause(text, low); ok {
		whole := rd.kindOf(low)
		if whole.kind == KindOutcome {
			return whole // "in the end, when did the last troops leave?"
		}
		if qk := rd.kind(main); !qk.pronoun {
			return qk
		}
		return whole
	}
	return rd.kindOf(low)
}

// clauseOpeners begin a clause or phrase before a question's main clause:
// "when he spoke, ...", "according to Blinken, ...", "in the subheading, ...".
var clauseOpeners = []string{"when ", "while ", "after ", "before ", "if ", "once ", "as ", "according to ",
	"despite ", "in ", "on ", "for ", "about ", "regarding ", "going by ", "from "}

// mainClause is what follows the comma closing an opening clause or
// phrase, when a question word begins it; low is the text lower-cased.
func mainClause(text, low string) (string, bool) {
	if !hasPrefixAny(low, clauseOpeners) {
		return "", false
	}
	i := strings.Index(low, ", ")
	if i < 0 {
		return "", false
	}
	rest := strings.TrimSpace(text[i+2:])
	return rest, rest != "" && opensQuestion(strings.ToLower(rest))
}

// kindOf reads a lower-cased text (see kind).
func (rd *reader) kindOf(low string) questionKind {
	// Lower-casing and this replacement commute: "’" has no case.
	s := strings.ReplaceAll(low, "’", "'")
	// opensQuestion and the rules read "who's" as "who"
	q := question{s: s}
	var words [64]questionWord
	q.words = rd.read(&q, words[:0])
	if sayStems.in(s) {
		for i := range quoteRules {
			f, ok := rd.quotes.find(&q, i)
			if !ok {
				continue
			}
			speaker := s[f.from:f.to]
			if personalPronouns[strings.TrimSpace(speaker)] {
				return questionKind{kind: KindQuote, speaker: strings.TrimSpace(speaker), pronoun: true}
			}
			if !vagueSpeaker(speaker) {
				return questionKind{kind: KindQuote, speaker: speaker}
			}
		}
	}
	if rd.isOutcome(&q) {
		return questionKind{kind: KindOutcome}
	}
	if _, ok := rd.origin.find(&q, -1); ok {
		// "where is Stoltenberg from" asks for an origin, not for where he was.
		return questionKind{kind: KindPlace, focus: "origin"}
	}
	best := KindWhat
	if f, ok := rd.kinds.find(&q, -1); ok {
		best = kindRules[f.rule].kind
	}
	if _, ok := rd.stance.find(&q, -1); ok {
		best = KindWhat // "where does Blinken stand on Iran" asks for a position
	}
	qk := questionKind{kind: best}
	qk.focus, qk.named = rd.focusOf(s, &q)
	if best == KindWho {
		_, qk.leads = rd.leads.find(&q, -1)
	}
	if best == KindWhat && strings.HasPrefix(s, "which ") && personRoles[qk.focus] {
		qk.kind = KindWho // "which official did he brief": a person
	}
	if h := roleHead(qk.focus); best == KindWhat && qk.named && h != "" && !strings.HasSuffix(h, "'s") {
		qk.kind = KindWho // "what's the name of turkey's foreign minister": a person
	}
	if best == KindWhat && !opensQuestion(s) {
		qk = terseKind(s, qk)
		if qk.kind == KindWhat && declarative(s) {
			qk.kind, qk.stated = KindYesNo, true // "he meet the Russian minister?", "Poland will get punished?"
		}
	}
	for i, g := range grains {
		if _, ok := rd.grains.find(&q, i); ok {
			qk.kind, qk.grain = KindTime, g.name // "on what exact date"
			break
		}
	}
	return qk
}

// isOutcome reports whether a question asks what happened after the article.
func (rd *reader) isOutcome(q *question) bool {
	if rd.later.in(q.s) && !rd.later.in(withoutDestination(q.s)) {
		return false // "where does the gas end up": a place, not what came later
	}
	if rd.later.in(q.s) && rd.later.in(withoutSucceedIn(q.s)) {
		return true // "does the welcome succeed in hiding the differences?" asks what the article says
	}
	if strings.HasPrefix(q.s, "did ") && strings.HasSuffix(strings.TrimRight(q.s, "?!. "), " later") {
		return true // "did turkey buy more s400 later"
	}
	_, ok := rd.laterDid.find(q, -1)
	return ok
}

// focusOf finds the thing the question s, read into q, asks about, or "".
func (rd *reader) focusOf(s string, q *question) (focus string, named bool) {
	text := func(f found) string { return s[f.from:f.to] }
	if strings.Contains(s, "name") || strings.Contains(s, "title") {
		if f, ok := rd.focus.find(q, focusNameOf); ok {
			focus := withoutNameParts(text(f)) // "the turkish gas exploration ship"
			if h := roleHead(focus); h != "" && strings.Count(focus, " ") >= 3 {
				focus = h // "the turkish foreign minister blinken spoke to"
			}
			return focus, true
		}
		if f, ok := rd.focus.find(q, focusTrailingName); ok && !opensQuestion(s) && strings.Count(text(f), " ") < 4 {
			return withoutNameParts(text(f)), true // "hungary pm name?"
		}
	}
	// Both possessive patterns hold an apostrophe ("~'s|'"): without one,
	// they are not tried, which their run of wildcards makes costly.
	if strings.IndexByte(s, '\'') >= 0 {
		if f, ok := rd.focus.find(q, focusPossessive); ok && strings.Count(text(f), " ") < 2 && !strings.HasSuffix(text(f), " ") {
			return text(f), false // one or two words: "foreign minister"
		}
	}
	if f, ok := rd.focus.find(q, focusWho); ok {
		if strings.Count(text(f), " ") < 5 {
			return text(f), false // "who is the US ambassador to NATO": all of it
		}
		if head := roleHead(text(f)); head != "" {
			return head, false // "who is the Belgian minister he was to meet": "belgian minister"
		}
	}
	if !strings.Contains(s, "what") && !strings.Contains(s, "which") {
		return "", false
	}
	if h := focusHead(s); h != "" {
		return h, false // "which white house official", "which russian arms maker"
	}
	if w, ok := nounFocus(s); ok && !stopWords[w] && !auxWords[w] && !categoryNouns[w] {
		return w, false
	}
	return "", false
}

// roleHead is a long description of someone cut after its first post (the
// words of a post that runs on, as "secretary general", kept), when one
// stands among its first five words: "belgian foreign minister" of "belgian
// foreign minister blinken was scheduled to meet"; "" otherwise.
func roleHead(focus string) string {
	ws := strings.Fields(focus)
	isRole := func(w string) bool { return personRoles[strings.TrimSuffix(w, "'s")] }
	for i, w := range ws[:min(len(ws), 5)] {
		if isRole(w) {
			for i+1 < len(ws) && isRole(ws[i+1]) {
				i++
			}
			return strings.Join(ws[:i+1], " ")
		}
	}
	return ""
}

// nameChars may stand in a thing named: letters, digits, apostrophes and spaces.
var nameChars = newCharClass("a-z0-9' ", "a-z0-9' ", 1)

// nameEndWords may follow the name of a thing: "the name of the law that
// ...", "the name of the ship he sent".
var nameEndWords = strings.Fields(`that which who whose whom in on at for from with by behind he she they was is
were did does`)

// endsName reports whether the name of a thing may end at s[e]: at the end
// of the question, a question mark, or a word that says more about it
// (nameEndWords, a word ending in -ing or -ed).
func endsName(s string, e int) bool {
	if e == len(s) || s[e] == '?' {
		return true
	}
	if s[e] != ' ' {
		return false
	}
	rest := s[e+1:]
	for _, w := range nameEndWords {
		if strings.HasPrefix(rest, w) && boundary(s, e+1+len(w)) {
			return true
		}
	}
	n := 0
	for n < len(rest) && rest[n] >= 'a' && rest[n] <= 'z' {
		n++
	}
	w := rest[:n]
	return boundary(s, e+1+n) && (len(w) > 3 && strings.HasSuffix(w, "ing") || len(w) > 2 && strings.HasSuffix(w, "ed"))
}

// The words around the noun after the question word, in the order tried.
var (
	nounLeads     = []string{"so ", "and ", "but ", "ok ", "okay ", "hey ", "wait "}
	nounBeForms   = []string{"'s", "s", " is", " was", " are", " were", ""}
	nounArticles  = []string{" the", " a", " an", ""}
	nounModifiers = strings.Fields(`specific exact precise particular new original og first main other two three four
several actual official real`)
)

// nounFocus is the noun after the question word: "model" in "what model is
// the plane", "hotel" in "which hotel did ...", past any number of words
// such as "specific" (which a pattern cannot repeat). Where what follows
// does not fit, it tries one modifier fewer, then no article, then no
// "is", in that order.
func nounFocus(s string) (string, bool) {
	for _, l := range nounLeads {
		if rest, ok := strings.CutPrefix(s, l); ok {
			s = rest
			break
		}
	}
	var rest string
	switch {
	case strings.HasPrefix(s, "what"):
		rest = s[len("what"):]
	case strings.HasPrefix(s, "which"):
		rest = s[len("which"):]
	default:
		return "", false
	}
	for _, be := range nounBeForms {
		r, ok := strings.CutPrefix(rest, be)
		if !ok {
			continue
		}
		for _, a := range nounArticles {
			r, ok := strings.CutPrefix(r, a)
			if !ok {
				continue
			}
			// as many modifiers as stand there, then one fewer, and so on
			ends := []int{0}
			for x := 0; x < len(r) && r[x] == ' '; {
				i := slices.IndexFunc(nounModifiers, func(m string) bool { return strings.HasPrefix(r[x+1:], m) })
				if i < 0 {
					break
				}
				x += 1 + len(nounModifiers[i])
				ends = append(ends, x)
			}
			for _, x := range slices.Backward(ends) {
				if x == len(r) || r[x] != ' ' {
					continue
				}
				e := x + 1
				for e < len(r) && r[e] >= 'a' && r[e] <= 'z' {
					e++
				}
				if e > x+1 && boundary(r, e) {
					return r[x+1 : e], true
				}
			}
		}
	}
	return "", false
}

// focusHead is the noun that heads "which ..." when it names a post, a
// body or a detail, or "which ..." or "what ..." when it names a document:
// "which white house official did he brief" asks for an official, "which
// russian arms maker builds it" for a maker, "what climate agreement did
// they sign" for an agreement.
func focusHead(s string) string {
	rest, which := strings.CutPrefix(s, "which ")
	if !which {
		var what bool
		if rest, what = strings.CutPrefix(s, "what "); !what {
			return ""
		}
	}
	i := 0
	for w := range strings.FieldsSeq(rest) {
		w = strings.Trim(w, "?!.,;:")
		if i == 4 || auxWords[w] || stopWords[w] && i > 0 {
			break
		}
		if documentNouns[w] || which && (personRoles[w] || orgNouns[w] || attributeNouns[w]) {
			return w
		}
		i++
	}
	return ""
}

// documentNouns name a thing agreed or enacted that a fact must mention to
// say which one: "which arms control treaty", "what climate agreement".
var documentNouns = setOf(`treaty treaties agreement agreements accord accords pact pacts law laws bill bills`)

// categoryNouns name a sort of answer, not a thing the fact must mention:
// "what resource is Turkey exploring for" is answered by "gas".
var categoryNouns = setOf(`resource resources thing things word words term terms phrase phrases adjective
adjectives noun verb type types kind kinds sort sorts issue issues topic topics subject subjects area areas
item items object role roles job jobs position positions country countries city cities place places person
people group groups year years day days date dates time times month months event events reason reasons
way ways part parts name names number numbers amount problem problems thing weapon weapons organization
organisations organizations language message point points promise promises warning warnings purpose purposes
aim aims goal goals objective objectives motive motives motivation intent intention context background meaning
significance consequence consequences result results effect effects impact`)

// auxWords follow a question word without naming what is asked.
var auxWords = setOf(`is was are were did does do has have had will would can could should might may
happens happened happen about kind sort type exactly else`)

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
		case "behavior", "behaviour", "conduct", "action", "decision", "law", "deal",
			"agreement", "pipeline", "sanction", "threat", "purchase":
			return true // "what does China's behavior threaten?": things do not speak
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
	{"length", KindAmount, ""}, {"how long", KindDuration, ""}, {"duration", KindDuration, ""},
	{"figures", KindCount, ""}, {"figure", KindCount, ""}, {"stats", KindCount, ""}, {"statistics", KindCount, ""},
	{"names", KindWho, ""}, {"name", KindWho, ""}, {"who", KindWho, ""},
	{"bio", KindWhat, ""}, {"biography", KindWhat, ""}, {"background", KindWhat, ""}, {"nationality", KindWhat, ""},
	{"birthplace", KindWhat, ""},
	{"reason", KindReason, ""}, {"why", KindReason, ""}, {"motive", KindReason, ""},
	{"venue", KindPlace, ""}, {"location", KindPlace, ""}, {"whereabouts", KindPlace, ""},
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
			if rest := strings.Trim(strings.Replace(s, t.word, "", 1), "?!.:;,-–— "); t.kind == KindWho && asksPerson(questionKind{focus: rest}) {
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

// declarative reports whether a question is a statement asked as one,
// as people learning English often ask: "the trip was a success?", "he
// meet the Russian minister?". It has no question word, a verb of the
// aux set after its first word or a subject pronoun first, and does not
// open with a request ("tell me when it was written").
func declarative(s string) bool {
	notWord := func(r rune) bool { return !isWordByte(byte(r)) || r >= 0x80 }
	n, first, verb := 0, "", false
	for f := range strings.FieldsFuncSeq(s, notWord) { // read in place: most questions end here
		if whWords[f] {
			return false
		}
		if n == 0 {
			first = f
		} else if finiteVerbs[f] {
			verb = true
		}
		n++
	}
	if n < 3 || requestVerbs[first] || !verb && !subjectPronouns[first] {
		return false
	}
	// "it was struck with Kabul, right?" asks to confirm, and is read so
	return !confirmTagged(strings.FieldsFunc(s, notWord))
}

var (
	whWords         = setOf(`who whom whose what which when where why how whats whos wat wen`)
	subjectPronouns = setOf(`he she it they we`)
	finiteVerbs     = setOf(`is was are were will would can could should has have had does did`)
	requestVerbs    = setOf(`tell give explain describe list show summarize summarise name define remind help let please
say quote find`)
)

// personRoles are nouns for a person's post: a question about one asks for
// a person's name.
var personRoles = setOf(`minister ministers fm fms pm president presidents leader leaders chief head boss
ambassador secretary spokesman spokeswoman spokesperson chancellor premier king queen official officials
diplomat counterpart general commander author writer reporter journalist photographer correspondent
editor negotiator envoy driver manager director chair chairman chairwoman councillor councilor mayor
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
	member := false // the word before is "member"
	for f := range strings.FieldsSeq(qk.focus) {
		// "the audit committee member", not "which member country"
		if member && !memberOf[f] {
			return true
		}
		w := strings.TrimSuffix(f, "'s")
		if personRoles[w] {
			return true
		}
		member = w == "member"
	}
	return member
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

// question is a question in lower case, read into its words: the runs of
// letters and digits.
type question struct {
	s     string
	words []questionWord
	// has marks the ids of the words it holds.
	has [maxWordIDs / 64]uint64
	// rests remember, for each pattern with _ that may begin anywhere,
	// where the slots after its _ match (see restScan).
	rests [maxRests]restScan
}

// maxWordIDs bounds the ids of words; a word numbered beyond is taken to be
// in every question.
const maxWordIDs = 512

// holds reports whether the question may hold the word numbered id.
func (q *question) holds(id int32) bool {
	return id >= maxWordIDs || q.has[id/64]&(1<<(id%64)) != 0
}

// questionWord is where a word begins in the question, and its number
// among the words the patterns hold (0 for none).
type questionWord struct {
	at int
	id int32
}

// read appends the words of q to words, marking them in q.has.
func (rd *reader) read(q *question, words []questionWord) []questionWord {
	s := q.s
	for i := 0; i < len(s); {
		if !isLowerAlnum(s[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(s) && isLowerAlnum(s[j]) {
			j++
		}
		var id int32
		if rd.lengths[s[i]]&(1<<min(j-i, 63)) != 0 {
			id = rd.ids[s[i:j]]
		}
		if id > 0 && id < maxWordIDs {
			q.has[id/64] |= 1 << (id % 64)
		}
		words = append(words, questionWord{at: i, id: id})
		i = j
	}
	return words
}

// idOf numbers the word a phrase begins with.
func (rd *reader) idOf(phrase string) int32 {
	w := phrase[:len(phrase)-len(strings.TrimLeftFunc(phrase, func(r rune) bool { return r < 128 && isLowerAlnum(byte(r)) }))]
	if w == "" {
		panic("reading patterns: " + phrase + " begins with no letter or digit")
	}
	id, ok := rd.ids[w]
	if !ok {
		id = int32(len(rd.ids) + 1)
		rd.ids[w] = id
		rd.lengths[w[0]] |= 1 << min(len(w), 63)
	}
	return id
}

func isLowerAlnum(b byte) bool { return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' }

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '\'' || b >= 0x80
}

// table holds the patterns of a list of rules, by the word each begins with.
type table struct {
	// afterWordByte is set for the kind rules (see startsAt).
	afterWordByte bool
	// byWord holds the patterns beginning with each word, by its id;
	// atStart those that begin with an optional slot or with _, which are
	// tried at the start of a question only. Both are in rule order.
	byWord  [][]rulePattern
	atStart []rulePattern
	// rules holds the patterns of each rule; n counts them all.
	rules [][]*pattern
	n     int
}

type rulePattern struct {
	rule, order int
	p           *pattern
}

// add adds a pattern of rule i, numbering the words it begins with and the
// words it needs.
func (t *table) add(rd *reader, i int, p *pattern) {
	for k, sl := range p.slots {
		if sl.needed(p, k) {
			var need []int32
			for _, alt := range sl.alts {
				need = append(need, rd.idOf(alt))
			}
			p.needs = append(p.needs, need)
		}
	}
	rp := rulePattern{rule: i, order: t.n, p: p}
	t.n++
	for len(t.rules) <= i {
		t.rules = append(t.rules, nil)
	}
	t.rules[i] = append(t.rules[i], p)
	first := p.slots[0]
	if first.optional || first.any != 0 {
		if !p.anchored {
			panic("reading pattern " + p.src + ": a pattern that may begin anywhere must begin with words")
		}
		t.atStart = append(t.atStart, rp)
		return
	}
	if len(p.slots) > 1 && p.slots[1].glued {
		panic("reading pattern " + p.src + ": its first words must stand alone")
	}
	for _, alt := range first.alts {
		id := rd.idOf(alt)
		for int(id) >= len(t.byWord) {
			t.byWord = append(t.byWord, nil)
		}
		if list := t.byWord[id]; len(list) == 0 || list[len(list)-1].p != p {
			t.byWord[id] = append(list, rp)
		}
	}
}

// needed reports whether slot k of p is one a question must hold a word of
// for p to match: it is words, not optional, and they stand alone, neither
// glued to what comes before nor to what follows.
func (sl slot) needed(p *pattern, k int) bool {
	if sl.any != 0 || sl.optional || sl.glued && k > 0 || len(sl.alts) > 32 {
		return false
	}
	for _, alt := range sl.alts {
		if !isLowerAlnum(alt[0]) {
			return false
		}
	}
	for k++; k < len(p.slots); k++ {
		next := p.slots[k]
		if next.glued && (next.any != 0 || slices.ContainsFunc(next.alts, func(a string) bool { return isLowerAlnum(a[0]) })) {
			return false
		}
		if !next.optional {
			return true
		}
	}
	return p.end == 0 || p.end == '$'
}

// found is a rule that matched, and the text its _ captured, s[from:to].
type found struct{ rule, from, to int }

// find finds rule (any rule, when rule < 0) where it matches earliest in q;
// at one place, the rule listed first wins.
func (t *table) find(q *question, rule int) (found, bool) {
	if rule >= 0 && !slices.ContainsFunc(t.rules[rule], q.allows) {
		return found{}, false
	}
	for k := -1; k < len(q.words); k++ {
		w := questionWord{} // the start of a question that begins with no word
		if k >= 0 {
			w = q.words[k]
		} else if len(q.words) > 0 && q.words[0].at == 0 {
			continue
		}
		var byWord, atStart []rulePattern
		if int(w.id) < len(t.byWord) {
			byWord = t.byWord[w.id]
		}
		if w.at == 0 {
			atStart = t.atStart
		}
		if len(byWord) == 0 && len(atStart) == 0 || !t.startsAt(q.s, w.at) {
			continue
		}
		for len(byWord) > 0 || len(atStart) > 0 {
			var rp rulePattern
			if len(atStart) == 0 || len(byWord) > 0 && byWord[0].order < atStart[0].order {
				rp, byWord = byWord[0], byWord[1:]
			} else {
				rp, atStart = atStart[0], atStart[1:]
			}
			if rule >= 0 && rp.rule != rule || rp.p.anchored && w.at != 0 || !q.allows(rp.p) {
				continue
			}
			var rest *restScan
			if rp.p.rest >= 0 {
				rest = &q.rests[rp.p.rest]
			}
			if from, to, ok := rp.p.matchAt(q.s, w.at, rest); ok {
				return found{rp.rule, from, to}, true
			}
		}
	}
	return found{}, false
}

// startsAt reports whether a pattern may begin at s[i], a letter or digit:
// for the kind rules, after no letter, digit or apostrophe ("who" in "-who",
// not in "don't"); for the others, at a word boundary.
func (t *table) startsAt(s string, i int) bool {
	switch {
	case i == 0:
		return true
	case t.afterWordByte:
		return !isWordByte(s[i-1])
	}
	return !isASCIIWordByte(s[i-1])
}

// boundary reports whether s[i] begins or ends a word: letters, digits and
// underscores on one side only.
func boundary(s string, i int) bool {
	return (i > 0 && isASCIIWordByte(s[i-1])) != (i < len(s) && isASCIIWordByte(s[i]))
}

// allows reports whether q holds a word of each slot p needs.
func (q *question) allows(p *pattern) bool {
	for _, need := range p.needs {
		if !slices.ContainsFunc(need, q.holds) {
			return false
		}
	}
	return true
}

// pattern is a compiled pattern (see the table above).
type pattern struct {
	src      string
	slots    []slot
	anchored bool
	// end is '$' when the question must end where the pattern does, '.'
	// when anything may follow, 'n' where a name may end (endsName), 0 when
	// a word must end there.
	end byte
	// capture is what _ may hold.
	capture *charClass
	// needs are the slots a question must hold a word of, as word ids.
	needs [][]int32
	// rest numbers the pattern among those with _ that may begin anywhere,
	// or is -1.
	rest int
}

// slot is one place of a pattern.
type slot struct {
	alts     []string
	optional bool
	glued    bool
	// any is '*' for a word of letters, '+' for the start of a word, '_' for
	// what is asked about; 0 for one of alts.
	any byte
}

// compile reads a pattern; sets are the named sets of words it may use.
func compile(src string, sets map[string][]string, capture *charClass) *pattern {
	p := &pattern{src: src, capture: capture, rest: -1}
	fields := splitSlots(src)
	if rest, ok := strings.CutPrefix(fields[0], "^"); ok {
		p.anchored, fields[0] = true, rest
	}
	switch fields[len(fields)-1] {
	case "$":
		p.end, fields = '$', fields[:len(fields)-1]
	case "…":
		p.end, fields = '.', fields[:len(fields)-1]
	case "…name":
		p.end, fields = 'n', fields[:len(fields)-1]
	}
	for _, f := range fields {
		var sl slot
		f, sl.glued = strings.CutPrefix(f, "~")
		if inner, ok := strings.CutPrefix(f, "["); ok {
			f, sl.optional = strings.TrimSuffix(inner, "]"), true
		} else if inner, ok := strings.CutPrefix(f, "("); ok {
			f = strings.TrimSuffix(inner, ")")
		}
		switch {
		case f == "*" || f == "+" || f == "_":
			sl.any = f[0]
			if f == "_" && capture == nil {
				panic("reading pattern " + src + ": _ needs a class of text")
			}
		default:
			for _, alt := range strings.Split(f, "|") {
				if name, ok := strings.CutPrefix(alt, "<"); ok {
					words, known := sets[strings.TrimSuffix(name, ">")]
					if !known {
						panic("reading pattern " + src + ": no set " + alt)
					}
					sl.alts = append(sl.alts, words...)
					continue
				}
				sl.alts = append(sl.alts, alt)
			}
		}
		p.slots = append(p.slots, sl)
	}
	return p
}

// splitSlots splits a pattern at the spaces outside brackets.
func splitSlots(src string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '[', '(':
			depth++
		case ']', ')':
			depth--
		case ' ':
			if depth == 0 {
				out = append(out, src[start:i])
				start = i + 1
			}
		}
	}
	return append(out, src[start:])
}

// matchAt matches p at s[i:], returning where the text _ captured is; rest,
// when not nil, remembers where the slots after _ match (restScan).
func (p *pattern) matchAt(s string, i int, rest *restScan) (from, to int, ok bool) {
	m := matching{p: p, s: s, from: i, rest: rest}
	if !m.slot(0, i) {
		return 0, 0, false
	}
	return m.c0, m.c1, true
}

// matching is one attempt at a pattern: slots are tried in order,
// alternatives as listed, an optional slot before skipping it, and _ as
// short as it can be.
type matching struct {
	p      *pattern
	s      string
	from   int
	c0, c1 int
	rest   *restScan
}

// slot matches the slots from k on at s[i:].
func (m *matching) slot(k, i int) bool {
	p, s := m.p, m.s
	if k == len(p.slots) {
		switch p.end {
		case '$':
			return i == len(s)
		case '.':
			return true
		case 'n':
			return endsName(s, i)
		}
		return boundary(s, i)
	}
	sl := &p.slots[k]
	j := i
	if !sl.glued && i > m.from {
		if i == len(s) || s[i] != ' ' {
			return sl.optional && m.slot(k+1, i)
		}
		j++
	}
	switch sl.any {
	case 0:
		for _, alt := range sl.alts {
			if strings.HasPrefix(s[j:], alt) && m.slot(k+1, j+len(alt)) {
				return true
			}
		}
	case '*':
		e := j
		for e < len(s) && s[e] >= 'a' && s[e] <= 'z' {
			e++
		}
		if e > j && m.slot(k+1, e) {
			return true
		}
	case '+':
		return j < len(s) && isASCIIWordByte(s[j])
	case '_':
		c := p.capture
		if m.rest != nil && c == anyText {
			// the first place the rest matches, if the text up to it is on one line
			if e := m.restFrom(k+1, j+c.min); e <= len(s) && strings.IndexByte(s[j:e], '\n') < 0 {
				m.c0, m.c1 = j, e
				return true
			}
			break
		}
		for e := j; e < len(s) && c.holds(s[e], e == j); e++ {
			if e+1-j >= c.min && m.slot(k+1, e+1) {
				m.c0, m.c1 = j, e+1
				return true
			}
		}
	}
	return sl.optional && m.slot(k+1, i)
}

// maxRests bounds the patterns with _ that may begin anywhere.
const maxRests = 16

// restScan remembers where the slots after a pattern's _ next match in a
// question: at next, and nowhere in [from, next); next is past the end
// when nowhere after from. A pattern tried at many places thus reads the
// question once, not once for each place.
type restScan struct {
	from, next int
	known      bool
}

// restFrom is the first place from i on where the slots from k on match,
// or past the end of the question; it remembers the answer in m.rest.
func (m *matching) restFrom(k, i int) int {
	r := m.rest
	if r.known && r.from <= i && i <= r.next {
		return r.next
	}
	e := i
	for e <= len(m.s) && !m.slot(k, e) {
		e++
	}
	*r = restScan{from: i, next: e, known: true}
	return e
}

// charClass is what a captured text may hold: its first byte, the others,
// and how many bytes at least.
type charClass struct {
	first, rest [256]bool
	min         int
}

// anyText is any text on one line.
var anyText = func() *charClass {
	c := &charClass{min: 1}
	for b := range 256 {
		c.first[b], c.rest[b] = b != '\n', b != '\n'
	}
	return c
}()

// newCharClass builds a class from lists of bytes and ranges ("a-z .").
func newCharClass(first, rest string, min int) *charClass {
	c := &charClass{min: min}
	fill := func(set *[256]bool, spec string) {
		for i := 0; i < len(spec); i++ {
			if i+2 < len(spec) && spec[i+1] == '-' {
				for b := spec[i]; b <= spec[i+2]; b++ {
					set[b] = true
				}
				i += 2
				continue
			}
			set[spec[i]] = true
		}
	}
	fill(&c.first, first)
	fill(&c.rest, rest)
	return c
}

func (c *charClass) holds(b byte, first bool) bool {
	if first {
		return c.first[b]
	}
	return c.rest[b]
}

// phrases finds lower-case phrases anywhere in a text, inside longer words
// too, in one pass over it.
type phrases struct {
	// byPair holds the phrases by their first two bytes, hashed; ones holds
	// the phrases of one byte.
	byPair [512][]string
	ones   []string
	// pairs has a bit for each hash of byPair that holds a phrase: most
	// pairs of bytes begin none, and 64 bytes stay in the nearest cache
	// where byPair's 12 KB do not.
	pairs [512 / 64]uint64
}

func newPhrases(list ...string) *phrases {
	p := &phrases{}
	for _, ph := range list {
		if len(ph) == 1 {
			p.ones = append(p.ones, ph)
			continue
		}
		h := pairHash(ph[0], ph[1])
		p.byPair[h] = append(p.byPair[h], ph)
		p.pairs[h/64] |= 1 << (h % 64)
	}
	return p
}

func pairHash(a, b byte) int { return (int(a)<<4 ^ int(b)) & 511 }

// in reports whether s holds one of the phrases.
func (p *phrases) in(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		h := pairHash(s[i], s[i+1])
		if p.pairs[h/64]&(1<<(h%64)) == 0 {
			continue
		}
		for _, ph := range p.byPair[h] {
			if strings.HasPrefix(s[i:], ph) {
				return true
			}
		}
	}
	for _, ph := range p.ones {
		if strings.Contains(s, ph) {
			return true
		}
	}
	return false
}

// asksReaction reports whether a question asks how someone reacted or
// replied: "how did Hungary react to the warning?", "did Blinken say
// anything back to him?", "beijing response". Only a fact telling a
// reaction answers it; the article reports few.
func asksReaction(words []word, lower string) bool {
	for _, w := range words {
		if reactionAsks[w.text] {
			return true
		}
	}
	return hasMarker(lower, answeringBack) == 1 && !delayed.in(lower)
}

// delayed are the phrases in which "pushed back" means put off: "will the
// date be pushed back?".
var delayed = newPhrases("be pushed back", "been pushed back", "get pushed back", "gets pushed back", "got pushed back",
	"being pushed back", "is pushed back", "was pushed back", "are pushed back", "were pushed back", "push back the",
	"push it back", "push the date back", "push the deadline back")

var (
	// reactionAsks are the words that ask for a reaction.
	reactionAsks = setOf(`react reacted reacting reacts reaction reactions respond responded responding responds
response responses reply replied replies replying retort retorted`)
	// answeringBack are the phrases that do.
	answeringBack = newPhrases("say anything back", "said anything back", "say back", "said back", "answer back",
		"answered back", "hit back", "push back", "pushed back", "talk back", "anything in return", "clap back",
		"clapped back", "fire back", "fired back", "strike back", "struck back", "say something back",
		"said something back", "answer to this", "answer to that", "answered to this", "answered to that",
		"agree to", "agreed to", "agrees to", "say yes", "said yes", "says yes", "feel about", "feels about",
		"felt about", "make of it", "make of that", "make of this", "make of the", "makes of it", "makes of that",
		"made of it", "made of that")
)

// reactionVerb finds in a fact's answer a reaction told: "Iran has
// rejected the demand", "Stoltenberg welcomed him".
var reactionVerb = regexp.MustCompile(`(?i)\b(?:react\w*|respon(?:d|ds|ded|ding|se|ses)|repl(?:y|ied|ies)|reject\w*|refus\w*|welcom\w*|dismiss\w*|den(?:y|ied|ies)|counter(?:ed|s)?|retort\w*|answered|push(?:ed)? back|agree[ds]?|accept\w*|protest\w*|condemn\w*)\b`)

// reportsReaction reports whether an answer tells a reaction.
func reportsReaction(answer string) bool { return reactionVerb.MatchString(answer) }

// withoutSucceedIn is a question without its "succeed in", which asks
// whether something worked, not who came next. (A strings.Replacer, called
// through an interface, would move the question's words to the heap.)
func withoutSucceedIn(s string) string {
	for _, p := range []string{"succeeds in ", "succeeded in ", "succeed in "} {
		if i := strings.Index(s, p); i >= 0 {
			return s[:i] + s[i+len(p):]
		}
	}
	return s
}

// withoutDestination is a question without the "end up" of a destination:
// "where does the gas end up" and "which country does the gas end up in"
// ask where it goes, not what came later.
func withoutDestination(s string) string {
	w := -1
	for _, asks := range []string{"where ", "which country", "what country", "which city", "what city"} {
		if i := strings.Index(s, asks); i >= 0 && (w < 0 || i < w) {
			w = i
		}
	}
	if w < 0 {
		return s
	}
	for _, p := range []string{"ends up", "end up", "ended up"} {
		if i := strings.Index(s, p); i > w {
			return s[:i] + s[i+len(p):]
		}
	}
	return s
}

// offered reports whether a part of a message, coming after the question
// before, offers an answer to it or remarks on it rather than asking one
// of its own: "How many stations got lifts? Two?", "Who is in the photo?
// The mayor?", "Who wrote it? I bet there's no byline." Such a part opens
// no question and asks for no sort of thing ("date?", "photographer?",
// "his title?" ask), while the part before opens one. The answer to that
// question speaks to it; asked apart, it would ask about something else
// or nothing at all.
func (rd *reader) offered(before, part string) bool {
	low, lowBefore := strings.ToLower(part), strings.ToLower(before)
	if !opensQuestion(lowBefore) && !asksAfterPreamble(lowBefore) {
		return false
	}
	plain := low
	if strings.ContainsAny(plain, "'’") {
		plain = withoutApostrophes.Replace(plain)
	}
	if hasPrefixAny(plain, remarkOpeners) {
		return true // "..., which I'm guessing is why it's so controversial?", "didn't know there was more than one"
	}
	if opensQuestion(low) {
		return false
	}
	if _, ok := ellipsis(part); ok {
		return false // "and the bus?"
	}
	if intent, _ := followIntentOf(part); intent != followNone && intent != followPick {
		return false // "source?"; "two?" is a number offered, not a pick
	}
	for _, w := range splitWords(low) {
		if askingNouns[w.text] {
			return false
		}
	}
	switch rd.kindLow(part, low).kind {
	case KindWhat, KindYesNo:
		return true
	case KindWho:
		// a post offered for a person: "who opened it? the mayor?"
		return rd.kindLow(before, lowBefore).kind == KindWho
	}
	return false
}

// remarkOpeners open a part that remarks on the question before, in the
// asker's own voice, with its apostrophes dropped ("which I'm guessing",
// "which I think", "didn't know").
var remarkOpeners = []string{"which im ", "which i ", "i guess ", "i think ", "i thought ", "i assume ", "i bet ",
	"i didnt know", "i did not know", "didnt know", "did not know", "never knew", "i never knew", "i had no idea",
	"had no idea", "no idea ", "im guessing", "i was guessing"}

// withoutApostrophes drops straight and curly apostrophes.
var withoutApostrophes = strings.NewReplacer("'", "", "’", "")

// askingNouns ask for a sort of thing when they stand alone after a
// question: "who took the photo? credit?", "who is he? role?".
var askingNouns = setOf(`source sources quote quotes title titles name names role roles job jobs position post
credit credits link paragraph details detail background context summary more else reason reasons date year
day time age nationality photographer author`)
