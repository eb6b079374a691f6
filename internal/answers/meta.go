package answers

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// metaKind is a message that is not a question about the article.
type metaKind int

const (
	metaNone metaKind = iota
	// metaReaction is an exclamation ("wow, that's wild"): below a
	// greeting or thanks beside it
	metaReaction
	metaGreeting
	metaThanks
	metaBye
	metaHelp
	metaEmpty
	// metaBot is a question about the bot itself; metaOffTopic a request
	// off the article's subject (a joke, a sum, the weather); metaForeign a
	// message in another language.
	metaBot
	metaOffTopic
	metaForeign
)

var (
	helpPattern = regexp.MustCompile(`^(?:help|h|\?+|commands|usage|topics|examples|menu|start|` +
		`what (?:can|should|could) (?:i|we) (?:ask|say|type)(?: you)?(?: about)?|` +
		`what (?:can|do) you (?:do|know|answer|cover)(?: about)?|what do you know about|` +
		`what (?:questions|topics|things) can (?:i|you) .*|how (?:does|do) (?:this|you|it) work|` +
		`how (?:do|can) i use (?:this|you|it)|what are you|who are you|what is this|` +
		`(?:can you |please )?help(?: me)?(?: please)?|i need help|show (?:me )?(?:the )?help)$`)
	greetingWords = setOf(`hi hello hey heya hiya howdy yo sup hallo hola greetings morning afternoon evening`)
	thanksWords   = setOf(`thanks thank thx ty cheers appreciate appreciated tysm tyvm`)
	byeWords      = setOf(`bye goodbye cya later farewell goodnight`)
	// interjections exclaim and say nothing else: "wow, who wrote it?".
	interjections = setOf(`wow whoa woah omg yikes huh geez jeez oof wtf damn dang`)
	// reactionWords exclaim at what was said: "wow", "that's wild"; some
	// are words a question may hold ("nice words"), so only interjections
	// open a question as a filler.
	reactionWords = union(interjections, setOf(`wild crazy insane nuts unreal interesting fascinating cool nice lol lmao
haha hmm bonkers`))
	// chatWords may stand beside a greeting or thanks without making it a question.
	chatWords = setOf(`there you your u ur all folks everyone guys bot buddy friend mate good great nice
cool awesome perfect helpful useful so much very really a lot lots for the help helped me i all that's
thats needed need wanted info information answer answers enough it that this how are is
was were be been doing going day today its it's fine well ok okay again see soon have a an and
oh wow lol haha alright right sir then night youve youre ive im thats been being best rock rocks star
legend amazing brilliant excellent super superb fantastic wonderful genius champ hero love`)
)

// questionWords begin a question: after "and", a comma or "also", they
// start another one.
var questionWords = setOf(`what whats what's who whos who's whom whose when where why how which did does do is
was are were will has have can could wat wen`)

// joiners join two questions in one message: "who wrote it, and when did it
// run?", "who is X and what did he say", "where was it filed; also, when".
var joiners = []string{", and also ", " and also ", ", and ", " and ", ", also ", " also ", ", "}

// splitJoined cuts s where a joiner is followed by a question word, and
// appends the parts to dst.
func splitJoined(dst []string, s string) []string {
	// Every joiner holds ", ", " and " or " also ": without them, s is one
	// part, and is not lowered to look for them.
	if !strings.Contains(s, ", ") && !containsLowerASCII(s, " and ") && !containsLowerASCII(s, " also ") {
		return append(dst, s)
	}
	lower := strings.ToLower(s)
	// "When Blinken spoke of it, what verb did he use?": the comma closes
	// an opening clause, and what follows is the question
	clauseEnd := -1
	if opensClause(lower) {
		clauseEnd = strings.Index(lower, ", ")
	}
	for _, j := range joiners {
		for off := 0; ; {
			i := strings.Index(lower[off:], j)
			if i < 0 {
				break
			}
			at := off + i
			if at == clauseEnd && j == ", " {
				off = at + 1
				continue
			}
			next := strings.TrimLeft(lower[at+len(j):], " ,")
			led := false // a preposition leads the question word
			for _, p := range []string{"on ", "in ", "at ", "by ", "from ", "to ", "for ", "with "} {
				if rest, ok := strings.CutPrefix(next, p); ok {
					next, led = rest, true // "and on what date"
				}
			}
			after := ""
			if end := strings.IndexAny(next, " ,?!"); end >= 0 {
				after, _, _ = strings.Cut(strings.TrimLeft(next[end:], " "), " ")
				next = next[:end]
			}
			if j == ", " && relativeClause(next, after, led) {
				off = at + 1 // "the EU's foreign policy chief, to whom Blinken spoke warmly"
				continue
			}
			if questionWords[next] && (opensQuestion(strings.TrimLeft(lower, " ")) || asksAfterPreamble(lower[:at])) {
				// "who wrote it, and when did it run": both ask; not "apart
				// from the E3, which others", whose first part asks nothing
				rest := strings.TrimLeft(s[at+len(j):], " ,")
				return splitJoined(splitJoined(dst, s[:at]), rest)
			}
			off = at + 1
		}
	}
	return append(dst, s)
}

// relativeClause reports whether a question word after a comma opens a
// clause about what comes before it rather than a question: "..., to
// whom Blinken spoke warmly", "..., in which he said", "..., which is
// causing unease" (not "..., to whom did he say it", "..., from which
// country").
func relativeClause(word, after string, led bool) bool {
	switch {
	case led && word == "whom":
		return !auxWords[after]
	case led && word == "which":
		return subjectStarts[after] // "..., in which he said", not "..., from which country"
	case word == "which":
		return relativeVerbs[after]
	}
	return false
}

// subjectStarts may open the subject of a relative clause.
var subjectStarts = setOf(`the a an he she it they we you i his her its their this these those`)

// relativeVerbs follow a "which" that says more of what came before it.
var relativeVerbs = setOf(`is was are were has had have will would could might may made makes led leads caused causes
means meant shows showed`)

// opensClause reports whether a lower-cased text opens with a clause or
// phrase before its main clause ("when he spoke, ...", "according to
// him, ..."), not with a question ("when was it published, ...").
func opensClause(low string) bool {
	if !hasPrefixAny(low, clauseOpeners) {
		return false
	}
	if rest, ok := strings.CutPrefix(low, "when "); ok {
		next, _, _ := strings.Cut(rest, " ")
		return !auxWords[strings.Trim(next, ",")] && next != "exactly"
	}
	return true
}

// asksAfterPreamble reports whether a part opens a question after a clause
// that sets it up: "if I'm citing it for a paper, who wrote it", "I keep
// mixing them up — which countries are in the E3".
func asksAfterPreamble(s string) bool {
	return preambleEnd(s) > 0
}

// preambleSeps may close a clause that sets a question up.
var preambleSeps = []string{", ", " — ", " – ", " - ", ": "}

// preambleEnd is where a clause setting a lower-cased question up ends,
// 0 when it has none.
func preambleEnd(s string) int {
	for _, sep := range preambleSeps {
		if i := strings.LastIndex(s, sep); i > 0 && opensQuestion(strings.TrimLeft(s[i+len(sep):], " ")) {
			return i
		}
	}
	return 0
}

// setUp is the clause that sets a message's first question up, "" when
// none does: "the second photo shows soldiers" in "the second photo shows
// soldiers — what unit are they", "Blinken says the ball is in their
// court" in "when Blinken says the ball is in their court, how did Iran
// respond".
func setUp(first string) string {
	low := strings.ToLower(first)
	if opensClause(low) {
		if i := strings.Index(low, ", "); i > 0 {
			for _, o := range clauseOpeners {
				if strings.HasPrefix(low, o) && len(low) == len(first) {
					return first[len(o):i] // without "when", "according to"
				}
			}
		}
	}
	if i := preambleEnd(low); i > 0 && len(low) == len(first) && !opensQuestion(low) {
		return first[:i]
	}
	return ""
}

// containsLowerASCII reports whether s lower-cased contains sub, which is
// lower-case ASCII and begins with a space: only ASCII capitals lower to
// ASCII letters a phrase of ours holds ("İ" and the Kelvin sign lower to
// "i" and "k"). It jumps from space to space.
func containsLowerASCII(s, sub string) bool {
	for i := 0; ; i++ {
		j := strings.IndexByte(s[i:], sub[0])
		if j < 0 {
			return false
		}
		i += j
		if i+len(sub) > len(s) {
			return false
		}
		k := 1
		for k < len(sub) && (s[i+k] == sub[k] || 'A' <= s[i+k] && s[i+k] <= 'Z' && s[i+k]+'a'-'A' == sub[k]) {
			k++
		}
		if k == len(sub) {
			return true
		}
	}
}

// helpStarts are the ways a request for help begins; only such messages
// are tried against helpPattern.
var helpStarts = []string{"help", "h", "?", "commands", "usage", "topics", "examples", "menu", "start",
	"what can", "what should", "what could", "what do you", "what questions", "what topics", "what things",
	"how does", "how do", "how can i", "what are you", "who are you", "what is this", "can you help",
	"please help", "i need help", "show"}

func hasPrefixAny(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// maxParts is the most questions one message is answered in.
const maxParts = 3

// segments splits a message into its questions, in order: "who wrote it?
// when?" holds two, and so does "who wrote it, and when did it run?". A
// question ends at "?", "!", "; " or a line break, not at a full stop: "U.S.
// law" and "Mr. Blinken" stand in one question.
func segments(text string) []string {
	if !strings.ContainsAny(text, "?!\n;,") && !strings.Contains(text, " and ") && !strings.Contains(text, " also ") {
		return []string{text}
	}
	var out []string
	for s := range strings.FieldsFuncSeq(strings.ReplaceAll(text, "; ", "\n"), func(r rune) bool {
		return r == '?' || r == '!' || r == '\n'
	}) {
		var parts [maxParts]string // most messages' parts, on the stack
		for _, p := range splitJoined(parts[:0], s) {
			p = strings.TrimSpace(strings.Trim(p, ".,:- "))
			if opensWithAlso(p) {
				p = strings.TrimSpace(strings.TrimLeft(p[len("also"):], ", "))
			}
			if p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// opensWithAlso reports whether p, lower-cased, begins with "also" followed
// by nothing, a space or a comma. Only the first bytes of an ASCII text
// are lowered; another is lowered whole.
func opensWithAlso(p string) bool {
	if !isASCII(p) {
		rest, ok := strings.CutPrefix(strings.ToLower(p), "also")
		return ok && (rest == "" || rest[0] == ' ' || rest[0] == ',')
	}
	if len(p) < len("also") || p[0]|0x20 != 'a' || p[1]|0x20 != 'l' || p[2]|0x20 != 's' || p[3]|0x20 != 'o' {
		return false
	}
	return len(p) == len("also") || p[4] == ' ' || p[4] == ','
}

// metaOf tells whether a segment is help, a greeting, thanks or a goodbye
// rather than a question about the article.
func metaOf(seg string) metaKind {
	s := metaText(seg)
	if len(s) < 60 && hasPrefixAny(s, helpStarts) && helpPattern.MatchString(s) {
		return metaHelp
	}
	if isSmallTalk(s) {
		return metaGreeting
	}
	kind := metaNone
	for f := range strings.FieldsSeq(s) {
		t := strings.ReplaceAll(strings.Trim(f, "!?;\"'’"), "'", "")
		switch {
		case greetingWords[t] || t == "good" && kind == metaNone:
			kind = max(kind, metaGreeting)
		case thanksWords[t]:
			kind = metaThanks
		case byeWords[t]:
			kind = metaBye
		case reactionWords[t]:
			kind = max(kind, metaReaction)
		case chatWords[t]:
		default:
			return metaNone
		}
	}
	return kind
}

// metaText is a segment as metaOf reads it: lower case, the marks ",.:()"
// read as spaces, and its words, as strings.Fields splits them, joined by
// single spaces; invalid UTF-8 reads as U+FFFD. It is built in one pass.
func metaText(seg string) string {
	var b strings.Builder
	b.Grow(len(seg))
	space := false
	if isASCII(seg) {
		// the same, a byte at a time
		for i := 0; i < len(seg); i++ {
			c := seg[i]
			if metaSpaces[c] {
				space = b.Len() > 0
				continue
			}
			if space {
				b.WriteByte(' ')
				space = false
			}
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b.WriteByte(c)
		}
		return b.String()
	}
	for _, r := range seg {
		if r == ',' || r == '.' || r == ':' || r == '(' || r == ')' || unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		// strings.ToLower of the whole is unicode.ToLower of each rune
		switch {
		case 'A' <= r && r <= 'Z':
			b.WriteByte(byte(r) + 'a' - 'A')
		case r < utf8.RuneSelf:
			b.WriteByte(byte(r))
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// metaSpaces are the ASCII bytes metaText reads as spaces: ",.:()" and
// those unicode.IsSpace reports.
var metaSpaces = func() (set [utf8.RuneSelf]bool) {
	for c := range utf8.RuneSelf {
		set[c] = strings.ContainsRune(",.:()", rune(c)) || unicode.IsSpace(rune(c))
	}
	return set
}()

// isSmallTalk is "how are you", "how's your day going" and the like.
func isSmallTalk(s string) bool {
	for _, p := range []string{"how are you", "how's it going", "hows it going", "how's your day", "hows your day", "how are things", "what's up", "whats up", "how do you do"} {
		if rest, ok := strings.CutPrefix(s, p); ok {
			// "what's up with the pipeline" asks about it
			return !hasPrefixAny(strings.TrimSpace(rest), []string{"with ", "w ", "about ", "abt "})
		}
	}
	return false
}

// meta builds the reply to a message that is not a question about the article.
func (e *Engine) meta(text string, kind metaKind) Answer {
	a := Answer{Question: text, Status: StatusMeta, Confidence: 1}
	switch kind {
	case metaGreeting:
		a.Text = fmt.Sprintf("Hello! I answer questions about %q. Ask me anything about it, or say \"help\" to see what it covers.", e.info.Title)
	case metaThanks:
		a.Text = "You're welcome! Ask another question about the article any time, or say \"help\" for ideas."
	case metaBye:
		a.Text = "Goodbye! Come back with more questions about the article."
	case metaReaction:
		a.Text = "Ask me another question about the article whenever you like, or say \"help\" to see what it covers."
	case metaBot:
		a.Text = fmt.Sprintf("I'm a bot: I answer questions about the article %q, quoting it for every answer. Say \"help\" to see what it covers.", e.info.Title)
	case metaOffTopic:
		a.Text = fmt.Sprintf("I only answer questions about the article %q. Try, for example, \"%s\"", e.info.Title, e.exampleQuestion())
	case metaForeign:
		a.Text = fmt.Sprintf("Sorry, I understand questions in English only. Ask me in English about the article %q, for example \"%s\"", e.info.Title, e.exampleQuestion())
	case metaEmpty:
		a.Text = "Ask me a question about the article, for example \"" + e.exampleQuestion() + "\". Say \"help\" to see what it covers."
	default:
		a.Text = e.helpText()
		a.Suggestions = e.examples(3)
	}
	return a
}

func (e *Engine) helpText() string {
	var b strings.Builder
	fmt.Fprintf(&b, "I answer questions about %q", e.info.Title)
	if e.info.Author != "" {
		fmt.Fprintf(&b, " by %s", e.info.Author)
	}
	if e.info.Date != "" {
		fmt.Fprintf(&b, " (%s)", e.info.Date)
	}
	b.WriteString(", quoting the article for every answer. It covers: ")
	names := make([]string, len(e.topics))
	for i, t := range e.topics {
		names[i] = t.Name
	}
	b.WriteString(strings.Join(names, ", "))
	b.WriteString(".")
	return b.String()
}

// examples are the first example questions of the first n topics.
func (e *Engine) examples(n int) []string {
	var out []string
	for _, t := range e.topics {
		if len(out) == n {
			break
		}
		if len(t.Examples) > 0 {
			out = append(out, t.Examples[0])
		}
	}
	return out
}

func (e *Engine) exampleQuestion() string {
	if ex := e.examples(1); len(ex) > 0 {
		return ex[0]
	}
	return "who wrote it?"
}
