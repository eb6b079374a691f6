package answers

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The chat around a question: fillers to drop, and messages that are chat
// alone. Each table holds lower-case phrases matched on word boundaries.

// leadFillers may open a message without being part of the question:
// "hey bot, quick one: who wrote this?". Longer phrases come first.
var leadFillers = []string{
	"what's the deal with", "whats the deal with", "what is the deal with", "what's the story with",
	"whats the story with", "what's up with", "whats up with", "i was just wondering", "i was wondering", "just wondering", "i would like to know", "i'd like to know",
	"i want to know", "i wanna know", "can you tell me", "could you tell me", "can u tell me", "do you know",
	"do u know", "tell me", "i wonder", "i'm curious", "im curious", "ngl curious", "curious",
	"quick question", "quick q", "quick one", "real quick", "one more question", "one more", "another question",
	"another one", "hey there", "hi there", "hello there", "hey bot", "hi bot", "hello bot", "yo bot", "ok bot",
	"okay bot", "bot", "hey", "hi", "hello", "yo", "ok so", "okay so", "ok", "okay", "so", "um", "uh", "hmm",
	"well", "wait", "lol", "lmao", "haha", "ngl", "tbh", "btw", "pls", "plz", "please", "sorry",
	"thanks", "thank you", "thx", "ty", "cheers", "alright", "right",
}

// tailFillers may close a message: "who wrote this? thanks!".
var tailFillers = []string{
	"i always forget", "i forgot", "i forget", "i can't remember", "i cant remember", "can't remember",
	"cant remember", "i don't remember", "i dont remember", "don't remember", "dont remember", "just curious", "i wonder", "tho", "though", "btw",
	"thanks in advance", "thank you", "thanks", "thx", "ty", "cheers", "pls", "plz", "please", "lol",
	"lmao", "haha", "tbh", "ngl", "bot", "anyway", "anyways", "exactly", "again", "then",
}

// tailBinders are the words that make a closing filler part of the
// question: "has the economy recovered since then?" asks what came later.
var tailBinders = map[string][]string{"then": {"since", "by", "until", "till", "before", "from", "back"}}

// boundTail reports whether the closing filler f, after the text before,
// belongs to it.
func boundTail(before, f string) bool {
	binders := tailBinders[f]
	if binders == nil {
		return false
	}
	before = strings.TrimRight(before, " ")
	last := before[strings.LastIndexByte(before, ' ')+1:]
	return slices.Contains(binders, last)
}

// leadByFirst and tailByLast hold the fillers by their first and last
// bytes, in their order: only those can begin or end a text.
var leadByFirst, tailByLast = fillersBy(append(slices.Clone(leadFillers), keys(interjections)...), 0),
	fillersBy(tailFillers, -1)

// fillersBy indexes phrases by their first byte (at 0) or last (at -1).
func fillersBy(phrases []string, at int) (by [256][]string) {
	for _, f := range phrases {
		b := f[0]
		if at < 0 {
			b = f[len(f)-1]
		}
		by[b] = append(by[b], f)
	}
	return by
}

// stripFillers drops chat fillers from the start and end of a question.
func stripFillers(s string) string {
	// An ASCII text lowered lines up with the text byte for byte: it is
	// lowered once and cut as the text is. Other text is lowered anew.
	ascii := isASCII(s)
	var sLow string
	if ascii {
		sLow = strings.ToLower(s)
	}
	for changed := true; changed; {
		changed = false
		t := strings.TrimLeft(s, " ,.:;-!–—")
		var low string
		if ascii {
			low = sLow[len(s)-len(t):]
		} else {
			low = strings.ToLower(t)
		}
		for _, f := range leadByFirst[firstByte(low)] {
			if strings.HasPrefix(low, f) && (len(low) == len(f) || !isWordRune(rune(low[len(f)]))) {
				t, low = t[len(f):], low[len(f):]
				changed = true
				break
			}
		}
		t = strings.TrimRight(t, " ,.:;-!–—")
		if ascii {
			low = low[:len(t)]
		} else {
			low = strings.ToLower(t)
		}
		for _, f := range tailByLast[lastByte(low)] {
			// a phrase of several words may be all there is: "can't remember"
			if strings.HasSuffix(low, f) && (len(low) > len(f) && !isWordRune(rune(low[len(low)-len(f)-1])) &&
				!boundTail(low[:len(low)-len(f)], f) || len(low) == len(f) && strings.IndexByte(f, ' ') > 0) {
				t, low = t[:len(t)-len(f)], low[:len(low)-len(f)]
				changed = true
				break
			}
		}
		s, sLow = t, low
	}
	return strings.TrimSpace(s)
}

// firstByte and lastByte are a text's first and last bytes, 0 for none,
// which begins and ends no filler.
func firstByte(s string) byte {
	if s == "" {
		return 0
	}
	return s[0]
}

func lastByte(s string) byte {
	if s == "" {
		return 0
	}
	return s[len(s)-1]
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' }

// chatTopics are messages about the bot or off the article's subject:
// "are you a bot?", "tell me a joke", "translate this into French".
var chatTopics = []struct {
	kind    metaKind
	phrases []string
}{
	{metaBot, []string{"are you a bot", "are u a bot", "ur a bot", "you a bot", "are you human", "are you a human",
		"a human or a bot", "real person", "are you real", "are you a robot", "you a robot", "a robot or",
		"computer program", "are you an ai", "are you ai", "who made you", "who built you", "who created you",
		"what is your name", "what's your name", "whats your name", "how old are you", "do you like",
		"do u like", "your favorite", "your favourite", "do you have feelings", "how do you feel"}},
	{metaOffTopic, []string{"joke", "poem", "a song", "limerick", "translate", "recipe", "weather",
		"place to eat", "where to eat", "restaurant", "exchange rate", "to dollar", "stock price",
		"write me", "write a", "sing", "quiz", "homework", "essay for", "lesson plan", "help me make",
		"help me write"}},
}

// arithmetic is a sum to work out: "whats 3+3", "17 multiplied by 3".
var arithmetic = regexp.MustCompile(`(?:^|[^a-z0-9-])\d+\s*(?:[-+*/x×÷^]|plus|minus|times|multiplied by|divided by)\s*\d+(?:[^a-z0-9]|$)`)

// operators are how arithmetic's operators begin.
var operators = []string{"-", "+", "*", "/", "x", "×", "÷", "^", "plus", "minus", "times", "multiplied by", "divided by"}

// operatorAfterNumber reports whether an operator follows a number in s,
// after any spaces: every match of arithmetic holds one, so a message
// without is spared the regexp.
func operatorAfterNumber(s string) bool {
	isDigit := func(c byte) bool { return '0' <= c && c <= '9' }
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			continue
		}
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		rest := strings.TrimLeft(s[i:], " \t\n\f\r") // the regexp's \s
		if hasPrefixAny(rest, operators) {
			return true
		}
		i-- // s[i] is no digit: the loop steps past it
	}
	return false
}

// chatIndex maps the first word of each chat phrase to the phrases, as
// words, and their kind.
var chatIndex = func() map[string][]chatPhrase {
	idx := map[string][]chatPhrase{}
	for _, t := range chatTopics {
		for _, p := range t.phrases {
			ws := strings.Fields(p)
			idx[ws[0]] = append(idx[ws[0]], chatPhrase{ws, t.kind})
		}
	}
	return idx
}()

type chatPhrase struct {
	words []string
	kind  metaKind
}

// appendChatWords appends a lower-cased message's words to dst: letters,
// digits and apostrophes.
func appendChatWords(dst []string, low string) []string {
	for w := range strings.FieldsFuncSeq(low, func(r rune) bool { return !isWordRune(r) }) {
		dst = append(dst, w)
	}
	return dst
}

// chatOf tells whether a message is chat about the bot or off the
// article's subject, arithmetic, or in a language other than English.
func chatOf(s string, known func(string) bool) metaKind {
	low := strings.ToLower(s)
	var buf [32]string // most messages' words, on the stack
	ws := appendChatWords(buf[:0], low)
	for i, w := range ws {
		for _, p := range chatIndex[w] {
			if len(ws)-i >= len(p.words) && slices.Equal(ws[i:i+len(p.words)], p.words) {
				return p.kind
			}
		}
	}
	if strings.IndexFunc(s, unicode.IsDigit) >= 0 && operatorAfterNumber(low) && arithmetic.MatchString(low) {
		return metaOffTopic
	}
	if foreign(ws, known) {
		return metaForeign
	}
	return metaNone
}

// foreignWords are common words of other languages that English questions
// do not use: Spanish, French, German, Italian, Portuguese, Dutch.
var foreignWords = setOf(`el los las qué que cuál cuánto cuánta cuántos cuándo dónde cómo quién
por porque para con del es está están son fue sistema quiere comprar dijo sobre ministro ministra
le les quel quelle quels quelles qui où quand comment pourquoi du des est sont était avec pour
sur dans une nom belge affaires étrangères il elle
der das ist sind wie viele wer wo wann warum haben über nicht und ein eine einen dem den mit
für von zu im gesagt soldaten
il gli della delle che chi quando perché sono
não quem onde quando porque como
waar wanneer waarom hoe het een niet
cuando se llaman escribió escrito heisst heißt hat geschrieben chiama chiamato scritto l'ha s'appelle écrit
quanto dove perche bitte danke`)

// foreign reports whether a message is in another language: most of its
// words are foreign words the article does not use ("von der Leyen" is
// English here), or it is written in another script.
func foreign(words []string, known func(string) bool) bool {
	if len(words) == 0 {
		return false
	}
	var other, latin int
	for _, w := range words {
		if otherScript(w) {
			other++
		}
		if foreignWords[w] && !known(w) {
			latin++
		}
	}
	return 2*other >= len(words) || latin >= 2 && 3*latin >= len(words)
}

// foreignBeside reports whether a part of a message that has English
// parts too is in another language: as foreign, or short and all foreign
// words ("Cuando?", "wie heisst er?").
func foreignBeside(words []string, known func(string) bool) bool {
	return foreign(words, known) || len(words) <= 3 && !slices.ContainsFunc(words, func(w string) bool {
		return !foreignWords[w] && !otherScript(w) || known(w)
	})
}

// otherScript reports whether a word holds a letter of a script other
// than Latin.
func otherScript(w string) bool {
	for _, r := range w {
		if r >= utf8.RuneSelf && unicode.IsLetter(r) && !unicode.In(r, unicode.Latin) { // ASCII letters are Latin
			return true
		}
	}
	return false
}
