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
}

// kindRule recognises one kind. The rule whose pattern matches earliest in
// the question wins; a rule is tried only when the question holds one of its
// keys, which keeps the engine fast.
type kindRule struct {
	kind Kind
	keys []string
	re   *regexp.Regexp
}

const (
	aux        = `(?:is|was|are|were|did|does|do|has|have|had|will|would|can|could|should|might|may)`
	sayVerbs   = `(?:say|said|tell|told|claim|argue|warn|promise|reply|respond|answer|think|write|announce|add|concede|insist)`
	personNoun = `(?:person|people|man|woman|official|officials|minister|ministers|leader|leaders|journalist|reporter|author|writer|photographer|president|diplomat|group|groups|member|members|organi[sz]ation|colleagues|counterpart|allies|ally|administration)`
	placeNoun  = `(?:city|cities|country|countries|place|places|town|nation|nations|location|port|airfield|airport|region|capital|sea|waters)`
	timeNoun   = `(?:year|date|day|month|time|night|week)`
)

var (
	quoteRules = []*regexp.Regexp{
		regexp.MustCompile(`\bwhat (?:exactly |else |actually )?` + aux + ` (.+?) (?:exactly |actually |really |ever |also )?` + sayVerbs + `\b`),
		regexp.MustCompile(`\bhow ` + aux + ` (.+?) (?:respond|react|reply|answer)\b`),
		regexp.MustCompile(`\b` + aux + ` (.+?) (?:say|said|tell|told|comment|respond|react|reply) (?:anything|something)\b`),
		regexp.MustCompile(`\b(?:what (?:was|were|is|are)) (.+?)(?:s)? (?:words|response|reply|reaction|answer|comment|comments|quote|statement)\b`),
		regexp.MustCompile(`\b(?:quote|quotes) (?:from|by) (.+)$`),
	}
	kindRules = []kindRule{
		{KindDuration, []string{"how long", "how much", "how many"}, regexp.MustCompile(`\bhow long\b|\bhow much (?:extra |more |additional )?time\b|\bhow many (?:more )?(?:days|weeks|months|years)\b`)},
		{KindCount, []string{"how many", "number of", "how big"}, regexp.MustCompile(`\bhow many\b|\bwhat (?:is the )?number of\b|\bhow big\b`)},
		{KindAmount, []string{"how old", "how tall", "how far", "how large", "how fast", "how heavy", "how rich", "what age",
			"how much", "percent", "proportion", "price", "cost", "amount", "sum", "value", "fee", "budget", "expensive", "pricey"}, regexp.MustCompile(`\bhow (?:old|tall|far|large|fast|heavy|rich)\b|\bwhat age\b|\bhow much\b|\bwhat (?:is the |was the )?(?:percent|percentage|proportion|price|cost|amount|sum|value|fee|budget)\b|\bhow (?:expensive|costly|pricey)\b|\bat what (?:price|cost)\b`)},
		{KindTime, []string{"when", "year", "date", "day", "month", "time", "night", "week", "how soon"}, regexp.MustCompile(`^when\b|\bwhen ` + aux + `\b|\b(?:what|which) ` + timeNoun + `\b|\bsince when\b|\bhow soon\b|\bby when\b`)},
		{KindPlace, []string{"where", "cit", "countr", "place", "town", "nation", "location", "port", "airfield", "region", "capital", "sea", "waters"}, regexp.MustCompile(`^where\b|\bwhere ` + aux + `\b|\bwhere(?:'s| is)\b|\b(?:what|which|from what) (?:other |european |two |three |four )?` + placeNoun + `\b|\bfrom where\b`)},
		{KindWho, []string{"who", "person", "people", "man", "woman", "official", "minister", "leader", "journalist", "reporter",
			"author", "writer", "photographer", "president", "diplomat", "group", "member", "organi", "colleague", "counterpart", "alli", "ally", "administration"}, regexp.MustCompile(`^who\b|\bwho(?:m|se|s|'s)?\b|\b(?:what|which) (?:other |european |nato |foreign |western |two |three |four |of the )?` + personNoun + `\b`)},
		{KindReason, []string{"why", "how come", "reason", "cause"}, regexp.MustCompile(`\bwhy\b|\bhow come\b|\bwhat(?:'s| is| was|s)? the (?:reason|cause)\b|\bfor what reason\b|\bwhat (?:caused|causes)\b`)},
		{KindManner, []string{"how "}, regexp.MustCompile(`^how ` + aux + `\b|\bhow (?:did|does|do|will|is|was) \w+`)},
		{KindYesNo, nil, regexp.MustCompile(`^` + aux + `\b|^(?:isnt|wasnt|didnt|doesnt|wont|arent|werent|hasnt|havent)\b`)},
	}
)

// detectKind reads what a question asks for. The text is the cleaned
// question; case is ignored.
func detectKind(text string) questionKind {
	s := strings.ToLower(strings.ReplaceAll(text, "’", "'"))
	if hasAny(s, sayStems) {
		for _, re := range quoteRules {
			if m := re.FindStringSubmatch(s); m != nil && !vagueSpeaker(m[1]) {
				return questionKind{kind: KindQuote, speaker: m[1]}
			}
		}
	}
	best, bestAt := KindWhat, len(s)+1
	for _, r := range kindRules {
		if !hasAny(s, r.keys) {
			continue
		}
		if loc := r.re.FindStringIndex(s); loc != nil && loc[0] < bestAt {
			best, bestAt = r.kind, loc[0]
		}
	}
	return questionKind{kind: best, focus: focusOf(s)}
}

var (
	// "what model is ...", "which hotel did ...": the noun after the question word.
	focusNoun = regexp.MustCompile(`^(?:so |and |but |ok |okay |hey |wait )?(?:what|which)(?:'s|s| is| was| are| were)?(?: the| a| an)? ([a-z]+)\b`)
	// "who is Poland's foreign minister": the words after the possessive.
	focusPossessive = regexp.MustCompile(`^(?:who|what)(?:'s|s| is| was| are| were) (?:the )?[a-z]+(?: [a-z]+)?'s? ([a-z]+(?: [a-z]+)?)\??$`)
)

// focusOf finds the thing a question asks about, or "".
func focusOf(s string) string {
	if m := focusPossessive.FindStringSubmatch(s); m != nil {
		return m[1]
	}
	if m := focusNoun.FindStringSubmatch(s); m != nil && !stopWords[m[1]] && !auxWords[m[1]] {
		return m[1]
	}
	return ""
}

// auxWords follow a question word without naming what is asked.
var auxWords = setOf(`is was are were did does do has have had will would can could should might may
happens happened happen about kind sort type exactly else`)

// sayStems are the parts of words a quote question needs: a say verb or a
// noun for what was said. Checking them first spares the quote rules.
var sayStems = []string{"say", "said", "tell", "told", "claim", "argu", "warn", "promis", "repl",
	"respon", "answer", "think", "writ", "announc", "added", "conced", "insist", "react", "comment", "word", "quote"}

// hasAny reports whether s contains one of keys; no keys means always.
func hasAny(s string, keys []string) bool {
	if keys == nil {
		return true
	}
	for _, k := range keys {
		if strings.Contains(s, k) {
			return true
		}
	}
	return false
}

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
var speechVerb = regexp.MustCompile(`(?i)\b(?:said|says|say|told|tells|warned|warns|urged|urges|encouraged|encourages|promised|promises|insisted|insists|repeated|repeats|praised|offered|conceded|emphasized|emphasised|argued|argues|stressed|called|described|added|asked|demanded|welcomed|thanked)\b`)

// reportsSpeech reports whether an answer tells what someone said.
func reportsSpeech(answer string) bool { return speechVerb.MatchString(answer) }
