package answers

import (
	"slices"
	"strings"
	"unicode"
)

// A confirmation question offers a value for what it asks: "Wasn't this
// article written by David Sanger?", "who is the EU's foreign policy chief,
// Federica Mogherini?", "the photo was taken in Istanbul, right?". When the
// value is a name the article never uses, the question still asks something
// the article may answer: the reply corrects the premise with what the
// article says. A question about what someone the article never mentions
// did ("did Blinken meet Lavrov?", "what did Lavrov say?") offers no value
// and keeps its "the article doesn't mention Lavrov".

// confirmTags end a confirmation question, apostrophes dropped: "..., right?",
// "..., wasn't it?".
var confirmTags = [][]string{
	{"right"}, {"correct"}, {"true"}, {"yes"}, {"no"}, {"yeah"}, {"innit"}, {"or", "not"},
	{"isnt", "it"}, {"wasnt", "it"}, {"isnt", "he"}, {"isnt", "she"}, {"wasnt", "he"}, {"wasnt", "she"},
	{"didnt", "he"}, {"didnt", "she"}, {"didnt", "they"}, {"didnt", "it"}, {"doesnt", "it"},
	{"werent", "they"}, {"arent", "they"}, {"hasnt", "it"}, {"hasnt", "he"}, {"havent", "they"},
	{"is", "that", "right"}, {"is", "that", "correct"}, {"is", "that", "true"}, {"am", "i", "right"},
}

// confirmTagged reports whether a question's words end with a confirmation
// tag: "..., right?", "..., wasn't it?".
func confirmTagged(fields []string) bool {
	plain := make([]string, 0, len(fields))
	for _, f := range fields {
		if w := plainWord(f); w != "" {
			plain = append(plain, w)
		}
	}
	return confirmTagLen(plain) > 0
}

// confirmTagLen is how many words of a confirmation tag close plain
// words, with words before it, or 0.
func confirmTagLen(plain []string) int {
	for _, tag := range confirmTags {
		if n := len(tag); len(plain) > n && slices.Equal(plain[len(plain)-n:], tag) {
			return n
		}
	}
	return 0
}

// negativeOpeners begin a question that expects "yes": "Wasn't it ...?".
var negativeOpeners = setOf(`wasnt isnt didnt werent arent doesnt hasnt havent`)

// valueLeads stand before a value a question offers: "was it Sanger?",
// "does it name Gazprom?".
var valueLeads = setOf(`was is were are its name names named called mention mentions`)

// copulaOpeners begin an identity question: "Was the commission president
// Charles Michel?".
var copulaOpeners = setOf(`was is were are`)

// confirmationRest reports whether a question offers one of names as the
// value of what it asks, and returns what it asks without the names, its
// tag or the clause that offers them.
func confirmationRest(text string, names []string) (string, bool) {
	fields := strings.Fields(text)
	if !mayConfirm(fields, names) {
		return "", false
	}
	plain := make([]string, len(fields))
	for i, f := range fields {
		plain[i] = plainWord(f)
	}
	// the end of the question, trailing marks and emoji dropped
	end := len(plain)
	for end > 0 && plain[end-1] == "" {
		end--
	}
	if end == 0 {
		return "", false
	}
	if slices.ContainsFunc(plain, func(w string) bool { return w == "too" || w == "also" }) {
		return "", false // "he met Lavrov too, right?" adds to a list
	}
	confirm := negativeOpeners[plain[0]]
	if n := confirmTagLen(plain[:end]); n > 0 {
		confirm, end = true, end-n
	}
	// the words of the names, each where it stands
	isName := make([]bool, len(fields))
	last := -1
	for _, nm := range names {
		for i := range fields[:end] {
			if plain[i] == plainWord(nm) {
				isName[i] = true
				last = max(last, i)
			}
		}
	}
	if last < 0 {
		return "", false
	}
	// a name's other capitalised words go with it: "Mark Rutte", "George
	// W. Bush"
	for i := 1; i < end; i++ {
		if isName[i-1] && capitalised(fields[i]) {
			isName[i], last = true, max(last, i)
		}
	}
	for i := end - 2; i >= 1; i-- {
		if isName[i+1] && capitalised(fields[i]) {
			isName[i] = true
		}
	}
	// "... — was it David Sanger?": the clause offering the name goes
	cut := -1
	for i := last; i >= 0; i-- {
		if strings.ContainsAny(fields[i], "—–") || fields[i] == "-" || strings.HasSuffix(fields[i], ",") && i < last {
			cut = i
			break
		}
	}
	if cut >= 0 {
		// only a short clause offers a value ("— was it David Sanger"); a
		// longer one asks ("in the photo, the plane was at Istanbul
		// airport, right?")
		other := 0
		for i := cut + 1; i < end; i++ {
			if !isName[i] {
				other++
			}
		}
		if other > 3 {
			cut = -1
		}
	}
	first := last
	for first > 0 && isName[first-1] {
		first--
	}
	if !confirm && last == end-1 && (first > 0 && valueLeads[plain[first-1]] || cut >= 0 || copulaOpeners[plain[0]]) {
		confirm = true
	}
	if !confirm {
		return "", false
	}
	var rest []string
	for i, f := range fields[:end] {
		switch {
		case cut >= 0 && i > cut:
		case isName[i]:
		case i == cut:
			if f = strings.TrimRight(f, ",—–-"); f != "" {
				rest = append(rest, f)
			}
		default:
			rest = append(rest, f)
		}
	}
	// "... the president of the [European Parliament]": an article left
	// hanging where the name stood goes too; a preposition stays, as it
	// tells what is asked ("opened the line with?")
	for len(rest) > 1 && danglingArticles[strings.ToLower(rest[len(rest)-1])] {
		rest = rest[:len(rest)-1]
	}
	out := strings.TrimRight(strings.Join(rest, " "), " ,;:—–-")
	if out == "" {
		return "", false
	}
	return out + "?", true
}

// danglingArticles may be left hanging where a name was cut out.
var danglingArticles = setOf(`the a an`)

// fullNames joins the names a question writes next to each other: "David"
// and "Sanger" are "David Sanger", "Jean", "Yves" and "Drian" are
// "Jean-Yves Le Drian" as written. Each takes in the capitalised words and
// initials written beside it, whether the article knows them or not
// ("Associated Press", "George W. Bush", "European Parliament"), unless
// other reports it is no part of the name (a name the knowledge base knows,
// or a stop word: "Did", "Blinken" in "Blinken Lavrov meeting"), and
// drops a possessive ("the Pentagon's plans").
func fullNames(text string, names []string, other func(word string) bool) []string {
	out := joinedNames(text, names)
	whole := out[:0]
	for _, n := range out {
		n = nameAsWritten(text, n, other)
		// a name taken in whole by one before it goes ("George W. Bush" holds "Bush")
		if !slices.ContainsFunc(whole, func(w string) bool { return strings.Contains(" "+w+" ", " "+n+" ") }) {
			whole = append(whole, n)
		}
	}
	return whole
}

// joinedNames joins the names a question writes next to each other, as
// fullNames does, and adds nothing beside them.
func joinedNames(text string, names []string) []string {
	var out []string
	for _, n := range names {
		if k := len(out) - 1; k >= 0 {
			if joined, ok := nameGoesOn(text, out[k], n); ok {
				out[k] = joined
				continue
			}
		}
		out = append(out, n)
	}
	return out
}

// nameAsWritten is name with the capitalised words and initials written
// next to it in text, before and after it, that are not other words nor a
// possessive before it ("Blinken's Dutch counterpart"). A possessive ending
// it goes.
func nameAsWritten(text, name string, other func(string) bool) string {
	at := strings.Index(text, name)
	if at < 0 {
		return name
	}
	start, end := at, at+len(name)
	for !possessive(text[start:end]) {
		w := nextWord(text[end:])
		initial := len(w) == 2 && w[1] == '.' // "W."
		if w == "" || !capitalised(w) || !initial && other(w) {
			break
		}
		end += 1 + len(w)
	}
	for {
		w := lastWord(text[:start])
		if w == "" || !capitalised(w) || possessive(w) || other(w) {
			break
		}
		start -= 1 + len(w)
	}
	whole := text[start:end]
	for _, p := range []string{"'s", "’s"} {
		whole = strings.TrimSuffix(whole, p)
	}
	return strings.TrimRight(whole, ".")
}

// nextWord is the word right after one space at the start of s: letters,
// digits, hyphens, apostrophes and a closing full stop (an initial).
func nextWord(s string) string {
	if !strings.HasPrefix(s, " ") {
		return ""
	}
	s = s[1:]
	n := strings.IndexFunc(s, func(r rune) bool { return !nameRune(r) })
	if n < 0 {
		n = len(s)
	}
	if n == 1 && strings.HasPrefix(s[n:], ".") {
		n++ // "W."
	}
	return s[:n]
}

// lastWord is the word right before one space at the end of s.
func lastWord(s string) string {
	if !strings.HasSuffix(s, " ") {
		return ""
	}
	s = s[:len(s)-1]
	n := strings.LastIndexFunc(s, func(r rune) bool { return !nameRune(r) })
	return s[n+1:]
}

func nameRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '\'' || r == '’'
}

func possessive(w string) bool {
	return strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "’s")
}

// nameGoesOn reports whether next follows name in text, with only a space
// or hyphen between them and at most one particle ("de", "Le", "von"), and
// returns the whole as written.
func nameGoesOn(text, name, next string) (string, bool) {
	at := strings.Index(text, name)
	if at < 0 {
		return "", false
	}
	rest := text[at+len(name):]
	gap := len(rest) - len(strings.TrimLeft(rest, " -"))
	if gap == 0 {
		return "", false
	}
	after := rest[gap:]
	if p, tail, ok := strings.Cut(after, " "); ok && nameParticles[strings.ToLower(p)] {
		gap += len(p) + 1
		after = tail
	}
	if !strings.HasPrefix(after, next) {
		return "", false
	}
	return text[at : at+len(name)+gap+len(next)], true
}

// nameParticles stand between the parts of a name in lower case.
var nameParticles = setOf(`de da di del der den du la le van von bin al`)

// capitalised reports whether a word begins with a capital letter.
func capitalised(f string) bool {
	for _, r := range f {
		return unicode.IsUpper(r)
	}
	return false
}

// mayConfirm is a first look, for the few words it reads: a confirmation
// question opens with a negative ("wasn't ...") or ends with a tag ("...,
// right?") or with a name.
func mayConfirm(fields, names []string) bool {
	if len(fields) == 0 || negativeOpeners[plainWord(fields[0])] {
		return len(fields) > 0
	}
	last := ""
	for k := len(fields) - 1; k >= 0 && last == ""; k-- {
		last = plainWord(fields[k])
	}
	return tagEnds[last] || slices.ContainsFunc(names, func(n string) bool { return plainWord(n) == last })
}

// tagEnds are the last words of the confirmTags.
var tagEnds = func() map[string]bool {
	m := map[string]bool{}
	for _, t := range confirmTags {
		m[t[len(t)-1]] = true
	}
	return m
}()

// plainWord is a word lower-cased, without apostrophes or marks: "Wasn't,"
// is "wasnt".
func plainWord(f string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\'' || r == '’':
			return -1
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			return unicode.ToLower(r)
		}
		return -1
	}, f)
}
