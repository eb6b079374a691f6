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
		r.pats = append(r.pats, re)
		r.prefixes = append(r.prefixes, prefix)
	}
	return r
}

// at is where the rule first matches s at the start of a word, or -1.
func (r kindRule) at(s string) int {
	best := -1
	for i, re := range r.pats {
		if r.prefixes[i] != "" && !strings.Contains(s, r.prefixes[i]) {
			continue // cheaper than asking the regexp
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
			if re.String()[0] == '^' {
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
	sayVerbs   = `(?:say|said|tell|told|claim|argue|warn|promise|reply|respond|answer|think|write|announce|add|concede|insist)`
	personNoun = `(?:person|people|man|woman|official|officials|minister|ministers|leader|leaders|journalist|reporter|author|writer|photographer|president|diplomat|group|groups|member|members|organi[sz]ation|colleagues|counterpart|allies|ally|administration)`
	placeNoun  = `(?:city|cities|country|countries|place|places|town|nation|nations|location|port|airfield|airport|region|capital|sea|waters)`
	timeNoun   = `(?:year|date|day|month|time|night|week)`
	placeMod   = `(?:other |european |two |three |four |baltic |central |eastern |western |member |nato |eu |allied )?`
	personMod  = `(?:other |european |nato |foreign |western |two |three |four |of the )?`
)

var (
	// quoteRules find "what did X say" and its kin; group 1 is X. Each is
	// tried only when the question holds its key.
	quoteRules = []struct {
		key string
		re  *regexp.Regexp
	}{
		{"what ", regexp.MustCompile(`\bwhat (?:exactly |else |actually )?` + aux + ` (.+?) (?:exactly |actually |really |ever |also )?` + sayVerbs + `\b`)},
		{"how ", regexp.MustCompile(`\bhow ` + aux + ` (.+?) (?:respond|react|reply|answer)\b`)},
		{"thing", regexp.MustCompile(`\b` + aux + ` (.+?) (?:say|said|tell|told|comment|respond|react|reply) (?:anything|something)\b`)},
		{"what ", regexp.MustCompile(`\b(?:what (?:was|were|is|are)) (.+?)(?:s)? (?:words|response|reply|reaction|answer|comment|comments|quote|statement)\b`)},
		{"quote", regexp.MustCompile(`\b(?:quote|quotes) (?:from|by) (.+)$`)},
	}
	// kindRules: each pattern starts with a literal word, so the regexp
	// engine can jump to it; a match counts only at the start of a word.
	kindRules = []kindRule{
		rule(KindDuration, `how long\b`, `how much (?:extra |more |additional )?time\b`, `how much (?:later|earlier|longer|sooner)\b`, `how many (?:more )?(?:days|weeks|months|years)\b`),
		rule(KindCount, `how many\b`, `what (?:is the )?number of\b`),
		rule(KindAmount, `how (?:old|tall|far|big|large|fast|heavy|rich|expensive|costly|pricey)\b`, `what age\b`, `how much\b`,
			`what (?:is the |was the )?(?:percent|percentage|proportion|price|cost|amount|sum|value|fee|budget)\b`, `at what (?:price|cost)\b`),
		rule(KindTime, `^when\b`, `when `+aux+`\b`, `what `+timeNoun+`\b`, `which `+timeNoun+`\b`, `since when\b`, `how soon\b`, `by when\b`),
		rule(KindPlace, `^where\b`, `where `+aux+`\b`, `where(?:'s| is)\b`, `what `+placeMod+placeNoun+`\b`, `which `+placeMod+placeNoun+`\b`, `from where\b`),
		rule(KindWho, `^who\b`, `who(?:m|se|s|'s)?\b`, `what `+personMod+personNoun+`\b`, `which `+personMod+personNoun+`\b`),
		rule(KindReason, `why\b`, `how come\b`, `what(?:'s| is| was|s)? the (?:reason|cause)\b`, `for what reason\b`, `what (?:caused|causes)\b`),
		rule(KindManner, `^how `+aux+`\b`, `how (?:did|does|do|will|is|was) \w+`),
		rule(KindYesNo, `^`+aux+`\b`, `^(?:isnt|wasnt|didnt|doesnt|wont|arent|werent|hasnt|havent)\b`),
	}
)

// detectKind reads what a question asks for. The text is the cleaned
// question; case is ignored.
func detectKind(text string) questionKind {
	s := strings.ToLower(strings.ReplaceAll(text, "’", "'"))
	if hasAny(s, sayStems) {
		for _, r := range quoteRules {
			if !strings.Contains(s, r.key) {
				continue
			}
			if m := r.re.FindStringSubmatch(s); m != nil && !vagueSpeaker(m[1]) {
				return questionKind{kind: KindQuote, speaker: m[1]}
			}
		}
	}
	if m := originQuestion.FindStringSubmatch(s); m != nil {
		// "where is Stoltenberg from" asks for an origin, not for where he was.
		return questionKind{kind: KindPlace, focus: "origin"}
	}
	best, bestAt := KindWhat, len(s)+1
	for _, r := range kindRules {
		if i := r.at(s); i >= 0 && i < bestAt {
			best, bestAt = r.kind, i
		}
	}
	return questionKind{kind: best, focus: focusOf(s)}
}

var (
	// "what model is ...", "which hotel did ...": the noun after the question word.
	focusNoun = regexp.MustCompile(`^(?:so |and |but |ok |okay |hey |wait )?(?:what|which)(?:'s|s| is| was| are| were)?(?: the| a| an)? ([a-z]+)\b`)
	// "where is X from", "where does X come from"
	originQuestion = regexp.MustCompile(`^where (?:is|was|are|were|does|do|did) .+? (?:come |hail |originally )?from\??$`)
	// "what's the name of the US law that ...": the thing named.
	focusNameOf = regexp.MustCompile(`^(?:what|whats|what's|what is|what was|what are)(?: the)? (?:name|names|title|official name) of (?:the |a |an |this |that )?([a-z0-9' ]+?)(?: that| which| who| whose| in| on| at| for| from| with| by| behind| [a-z]+ing\b| [a-z]+ed\b|\?|$)`)
	// "who is Poland's foreign minister": the words after the possessive.
	focusPossessive = regexp.MustCompile(`^(?:who|what)(?:'s|s| is| was| are| were) (?:the )?[a-z]+(?: [a-z]+)?'s? ([a-z]+(?: [a-z]+)?)\??$`)
)

// focusOf finds the thing a question asks about, or "".
func focusOf(s string) string {
	if m := focusNameOf.FindStringSubmatch(s); m != nil {
		words := strings.Fields(m[1])
		return words[len(words)-1] // "the turkish gas exploration ship": the ship
	}
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
