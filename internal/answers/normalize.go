package answers

import (
	"maps"
	"math/bits"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// MaxQuestionLen is the longest question, in bytes, the engine will read.
const MaxQuestionLen = 1000

var (
	// Slack: <@U123>, <@U123|name>, <!channel>, <!subteam^S1>, <#C1|general>, <https://x|label>.
	// Discord: <@123>, <@!123>, <@&456>, <#789>, <:emoji:123>, <a:emoji:123>, <t:1234:R>.
	angleMarkup = regexp.MustCompile(`<([@#!:]|a:|t:|https?://|mailto:)([^<>|]*)(?:\|([^<>]*))?>`)
	// @everyone, @here, @channel and @name mentions typed as plain text.
	atMention = regexp.MustCompile(`(^|\s)@[\p{L}\p{N}_.-]+`)
	// :emoji_name: shortcodes.
	emojiCode = regexp.MustCompile(`:[a-z0-9_+-]{2,}:`)
	// U.S., U.S.A., U.K., E.U. written with dots.
	dottedAbbrev = regexp.MustCompile(`\b(?:[A-Za-z]\.){2,}`)
)

// Clean turns raw user text into a plain question: valid UTF-8, no control
// characters, no chat markup or mentions, single spaces. It never fails.
func Clean(raw string) string {
	s := strings.ToValidUTF8(raw, " ")
	if plainText(s) {
		if singleSpaced(s) {
			return s // nothing to clean: no allocation
		}
		return strings.Join(strings.Fields(s), " ")
	}
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError || unicode.Is(unicode.Cf, r) {
			return ' '
		}
		return r
	}, s)
	if strings.Contains(s, "<") {
		s = cleanAngles(s)
	}
	if strings.Contains(s, "@") {
		s = atMention.ReplaceAllString(s, "$1 ")
	}
	if strings.Count(s, ":") >= 2 {
		s = emojiCode.ReplaceAllString(s, " ")
	}
	s = strings.Map(func(r rune) rune {
		switch r {
		case '*', '_', '~', '`', '|', '<', '>', '\\':
			return ' '
		}
		if unicode.Is(unicode.So, r) || unicode.Is(unicode.Sk, r) || unicode.Is(unicode.Co, r) {
			return ' ' // emoji and other symbols
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// cleanAngles replaces Slack and Discord <...> markup by its readable part.
func cleanAngles(s string) string {
	return angleMarkup.ReplaceAllStringFunc(s, func(m string) string {
		sub := angleMarkup.FindStringSubmatch(m)
		switch {
		case sub[1] == "#" && sub[3] != "":
			return " " + sub[3] + " " // a channel link keeps its readable name
		case strings.HasPrefix(sub[1], "http") || sub[1] == "mailto:":
			return " " + sub[3] + " " // a link keeps its label, drops the address
		}
		return " "
	})
}

// chatSpellings are the short spellings of chat: "wat did u say abt turkey",
// "s400 # batteries", "when'd it run".
var chatSpellings = map[string]string{
	"wat": "what", "wut": "what", "wht": "what", "whut": "what", "wats": "what's", "whats": "what's",
	"hw": "how", "wen": "when", "wher": "where", "whos": "who's", "y": "why", "bout": "about",
	"abt": "about", "u": "you", "ur": "your", "r": "are", "cuz": "because", "bc": "because",
	"pls": "please", "plz": "please", "tho": "though", "w/": "with", "b4": "before",
	"yr": "year", "yrs": "years", "govt": "government", "ppl": "people", "bcuz": "because", "n": "and",
	"msg": "message", "msgs": "messages", "mtg": "meeting", "mtgs": "meetings", "pres": "president", "loc": "location",
	"convo": "conversation", "#": "number", "when'd": "when did", "where'd": "where did", "what'd": "what did", "how'd": "how did", "why'd": "why did",
	"smth": "something", "sth": "something",
}

// chatSpelling is chatSpellings[strings.ToLower(w)], lowering a word short
// enough to be one on the stack. Only ASCII lowers to a key: the letters
// beyond ASCII that lower to ASCII ones ("İ", the Kelvin sign) lower to
// letters no key has.
func chatSpelling(w string) (string, bool) {
	var buf [maxChatSpelling]byte
	if len(w) > len(buf) {
		return "", false
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return "", false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	if len(w) == 0 || !chatShapes.has(chatShape(buf[:len(w)])) {
		return "", false // most words: no chat spelling is as long and ends so
	}
	full, ok := chatSpellings[string(buf[:len(w)])] // the key does not escape: no allocation
	return full, ok
}

// maxChatSpelling is the length of the longest chat spelling.
const maxChatSpelling = 7

// chatShape hashes a lower-cased word's length and first and last bytes
// into [0, 512): chatShapes has a bit for each chat spelling's.
func chatShape(w []byte) int {
	return ((len(w)*131+int(w[0]))*131 + int(w[len(w)-1])) & 511
}

// bits512 is a set of numbers in [0, 512).
type bits512 [8]uint64

func (b *bits512) has(i int) bool { return b[i/64]&(1<<(i%64)) != 0 }

var chatShapes = func() (b bits512) {
	for k := range chatSpellings {
		i := chatShape([]byte(k))
		b[i/64] |= 1 << (i % 64)
	}
	return b
}()

// expandChat rewrites chat spellings as words, so the question's kind is read
// right: "wat did stoltenberg say bout turkey".
func expandChat(text string) string {
	found := false
	for f := range strings.FieldsSeq(text) {
		if _, ok := chatSpelling(strings.TrimRight(f, "?!.,:;")); ok {
			found = true
			break
		}
	}
	if !found {
		return text
	}
	fields := strings.Fields(text)
	changed := false
	for i, f := range fields {
		core := strings.TrimRight(f, "?!.,:;")
		if full, ok := chatSpelling(core); ok {
			fields[i] = full + f[len(core):]
			changed = true
		}
	}
	if !changed {
		return text
	}
	return strings.Join(fields, " ")
}

// isClean reports whether Clean returns s as it is: plain text with single
// spaces between words and none around them.
func isClean(s string) bool { return plainText(s) && singleSpaced(s) }

// singleSpaced reports whether s has single spaces between words and none
// around them.
func singleSpaced(s string) bool { return !strings.Contains(s, "  ") && strings.TrimSpace(s) == s }

// plainText reports whether s is printable ASCII free of markup, so Clean
// has nothing to do but fold spaces: most questions are.
func plainText(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < ' ' || c > '~':
			return false
		case c == '<' || c == '>' || c == '@' || c == ':' || c == '*' || c == '_' || c == '~' || c == '`' || c == '|' || c == '\\':
			return false
		}
	}
	return true
}

// foldDiacritics removes accents: "Çavuşoğlu" becomes "Cavusoglu".
func foldDiacritics(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
			out, _, err := transform.String(t, s)
			if err != nil {
				return s
			}
			return out
		}
	}
	return s
}

// word is one token of text, in lower case.
type word struct {
	text string
	// id is the word's number in the vocabulary (lexicon.vocab) plus one,
	// once repair has looked it up and found it; 0 before, and for a word
	// the vocabulary lacks. It is the number the engine that read the word
	// gives it, and means nothing to another.
	id int32
	// class marks the word lists a numbered word is in, set with its
	// number (see word.in).
	class wordClass
}

// wordClass marks word lists, a bit for each: a word numbered knows those
// it is in, read by word.in in place of a lookup in each list's map.
type wordClass uint8

const (
	stopWord wordClass = 1 << iota
	timeWord
	quantityWord
	spanUnit
	moneyWord
	moneyAsk
)

// classLists are the lists the wordClass bits stand for, bit k for list k.
var classLists = [...]map[string]bool{stopWords, timeWords, quantityWords, spanUnits, moneyWords, moneyAsks}

// in reports whether the word is in the list of class c, one bit: by the
// classes it was numbered with, and for a word without a number by the
// list itself, the same answer.
func (w word) in(c wordClass) bool {
	if w.id > 0 {
		return w.class&c != 0
	}
	return classLists[bits.TrailingZeros8(uint8(c))][w.text]
}

// numberWords maps spelled-out numbers to digits so "six months" meets "6 months".
var numberWords = map[string]string{
	"two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
	"eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "twenty": "20",
	"thirty": "30", "hundred": "100", "thousand": "1000",
}

// splitWords breaks text into lower-case words. A possessive "'s" goes
// ("Turkey's" becomes "turkey"), other apostrophes vanish ("won't" is "wont"), a hyphen between a word and digits joins
// them ("S-400" becomes "s400"), dotted abbreviations close up ("U.S." is
// "us"), other punctuation separates words.
func splitWords(text string) []word {
	if !isPlain(text) {
		return splitWordsUnicode(text)
	}
	// One pass over the bytes: the lower-cased words go into one buffer,
	// sliced into words at the end, so a question costs two allocations:
	// the buffer, whose String copies nothing, and the words.
	var buf strings.Builder
	buf.Grow(len(text))
	bounds := make([]int, 0, 48) // start and end of each word in buf
	inWord, skipS := false, false
	start := 0
	end := func() {
		if inWord {
			bounds = append(bounds, start, buf.Len())
		}
		inWord = false
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c >= utf8.RuneSelf { // typographic punctuation: see isPlain
			r, n := utf8.DecodeRuneInString(text[i:])
			i += n - 1
			if r == '’' {
				skipS = inWord && possessiveAt(text, i+1) && !isDotted(text, i+1)
				continue
			}
			skipS = false
			end()
			continue
		}
		if skipS {
			skipS = false
			if c == 's' || c == 'S' {
				continue
			}
		}
		switch {
		case (i == 0 || !isASCIIWordByte(text[i-1])) && isDotted(text, i):
			// "U.S.", "U.K.": the letters close up into one word
			if !inWord {
				start, inWord = buf.Len(), true
			}
			for i+1 < len(text) && isASCIILetter(text[i]) && text[i+1] == '.' {
				buf.WriteByte(text[i] | 0x20)
				i += 2
			}
			i--
			end()
		case isASCIILetter(c) || c >= '0' && c <= '9':
			if !inWord {
				start, inWord = buf.Len(), true
			}
			if c <= 'Z' && c >= 'A' {
				c |= 0x20
			}
			buf.WriteByte(c)
		case c == '\'':
			// apostrophes join: "won't" is one word; a possessive "'s" goes
			skipS = inWord && possessiveAt(text, i+1) && !isDotted(text, i+1)
		case c == '-' && inWord && i+1 < len(text) && text[i+1] >= '0' && text[i+1] <= '9':
			// "S-400": keep together
		default:
			end()
		}
	}
	end()
	all := buf.String()
	var room [24]string // the fields are read by wordsOf alone: on the stack when few
	fields := room[:0]
	for k := 0; k < len(bounds); k += 2 {
		fields = append(fields, all[bounds[k]:bounds[k+1]])
	}
	return wordsOf(fields)
}

// isDotted reports whether text[i:] begins with a dotted abbreviation of two
// letters or more: "U.S.", "e.g.".
func isDotted(text string, i int) bool {
	return i+3 < len(text) && isASCIILetter(text[i]) && text[i+1] == '.' && isASCIILetter(text[i+2]) && text[i+3] == '.'
}

func isASCIIWordByte(b byte) bool { return isASCIILetter(b) || b >= '0' && b <= '9' || b == '_' }

// isPlain reports whether s is ASCII but for typographic punctuation (curly
// quotes and apostrophes, dashes, ellipses), which splitWords reads in its
// fast path; letters beyond ASCII need the Unicode path.
func isPlain(s string) bool {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch r {
		case '’', '‘', '“', '”', '—', '–', '…':
		default:
			return false
		}
		i += n
	}
	return true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// splitWordsUnicode is splitWords for text beyond ASCII: accents folded,
// every letter and apostrophe of Unicode.
func splitWordsUnicode(text string) []word {
	if hasDottedAbbrev(text) {
		text = dottedAbbrev.ReplaceAllStringFunc(text, func(m string) string {
			return strings.ReplaceAll(m, ".", "") + " "
		})
	}
	text = foldDiacritics(text)
	var b strings.Builder
	b.Grow(len(text))
	inWord, skipS := false, false
	for i, r := range text {
		if skipS {
			skipS = false
			if r == 's' || r == 'S' {
				continue
			}
		}
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
			inWord = true
		case r == '\'' || r == '’' || r == 'ʼ':
			// apostrophes join: "won't" is one word; a possessive "'s" goes
			skipS = inWord && possessiveAt(text, i+utf8.RuneLen(r))
		case r == '-' && inWord && i+1 < len(text) && text[i+1] >= '0' && text[i+1] <= '9':
			// "S-400": keep together
		default:
			b.WriteByte(' ')
			inWord = false
		}
	}
	return wordsOf(strings.Fields(b.String()))
}

// lettersWord is the one word splitWords reads in a text of ASCII letters
// alone ("Blinken", "Two", "US"): lower-cased, a number spelled out as its
// digits and "us" as the country, as wordsOf reads a word standing alone;
// false for any other text. It makes one string where splitWords makes
// two allocations, for the capitalised words of a question read one by
// one.
func lettersWord(text string) (string, bool) {
	if text == "" {
		return "", false
	}
	for i := 0; i < len(text); i++ {
		if !isASCIILetter(text[i]) {
			return "", false
		}
	}
	w := strings.ToLower(text)
	if d, ok := numberWords[w]; ok {
		return d, true
	}
	if w == "us" {
		return "usa", true // no word beside it makes it the pronoun
	}
	return w, true
}

// wordsOf turns fields into words: spelled numbers become digits, "us"
// the country unless it is the pronoun.
func wordsOf(fields []string) []word {
	words := make([]word, len(fields))
	for i, f := range fields {
		if d, ok := numberWords[f]; ok {
			f = d
		}
		if f == "us" && !(i > 0 && pronounBefore[fields[i-1]]) && !(i+1 < len(fields) && fields[i+1] == "or") {
			f = "usa" // "US law", "the us": the country, whatever the case
		}
		words[i] = word{text: f}
	}
	return words
}

// hasDottedAbbrev reports, cheaply, whether text may hold "U.S." or "U.K.":
// a letter, a full stop, a letter and a full stop.
func hasDottedAbbrev(text string) bool {
	for i := 0; i+3 < len(text); i++ {
		if text[i+1] == '.' && text[i+3] == '.' && isASCIILetter(text[i]) && isASCIILetter(text[i+2]) {
			return true
		}
	}
	return false
}

func isASCIILetter(b byte) bool { return b|0x20 >= 'a' && b|0x20 <= 'z' }

// possessiveAt reports whether text[i:] begins with an "s" that ends a word.
func possessiveAt(text string, i int) bool {
	if i >= len(text) || text[i] != 's' && text[i] != 'S' {
		return false
	}
	r, _ := utf8.DecodeRuneInString(text[i+1:])
	return i+1 == len(text) || !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

// pronounBefore are words after which "us" is the pronoun: "tell us", "for us".
var pronounBefore = setOf(`tell told give gave show showed let help for to with about of among between
against from by at like all both each join send ask make made makes let's lets`)

// stem reduces a word to its stem ("criticized" and "criticism" to "critic").
func stem(w string) string {
	if len(w) <= 3 || !isAlpha(w) {
		return w
	}
	return english.Stem(w, true)
}

func isAlpha(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

func hasDigit(s string) bool {
	return strings.IndexFunc(s, unicode.IsDigit) >= 0
}

// stopWords carry no meaning for matching: function words, question words
// (the question's type is read separately) and chat filler.
var stopWords = setOf(`a an the and or but if then so of to in on at by for with from into onto about
as than that this these those there here it its it's is are was were be been being am do does did done
doing have has had having will would shall should can could might must i me my mine we our ours you
your yours he him his she her hers they them their theirs what whats which who whos whom whose when
whens where wheres why how hows whats whatre anything something someone somebody any some all each
every both either neither not no nor only just also too very really actually exactly basically please
pls plz thx tell told say know explain describe give show let lets get got u ur im ive youre dont doesnt
didnt isnt wasnt arent werent cant wont would wouldnt ok okay hey hi hello yeah yes yep nope well like
kind sort bit lot lots much many more most other others else such one ones thing things stuff mean
means said again ever still now currently today according out moment
lol lmao rofl haha wait yo tho tbh btw idk imo imho rn ya yah gonna wanna tryna gotta kinda sorta
hmm um uh bro dude guys r w abt bc cuz pls ppl omg`)

// weakWords are kept for matching but weigh little: they rarely decide
// what a question is about.
var weakWords = setOf(`name named called happen happened happening going go goes went come came make
made want wanted use used way ways main week point time times year years article articles story
piece text`)

// union is a new set of the words of a and b.
func union(a, b map[string]bool) map[string]bool {
	m := maps.Clone(a)
	maps.Copy(m, b)
	return m
}

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}
