package answers

import (
	"slices"
	"strings"
	"testing"
)

// The rules that read questions are tables; these tables test them on
// their own, apart from any knowledge base.

func TestQuestionKinds(t *testing.T) {
	rd := newReader(Reading{PlaceNouns: []string{"airfield"}, Qualifiers: []string{"baltic"}, Later: []string{"after the summit"}})
	cases := []struct {
		q     string
		kind  Kind
		focus string
		grain string
	}{
		{"who wrote this?", KindWho, "", ""},
		{"whose administration upset the allies", KindWho, "", ""},
		{"when was it published", KindTime, "", ""},
		{"what exact date did they meet", KindTime, "", "day"},
		{"what time did the meeting start", KindTime, "", "clock"},
		{"in what year was the deal signed", KindTime, "", "year"},
		{"where was the story filed", KindPlace, "", ""},
		{"which baltic countries did he meet", KindPlace, "", ""},
		{"which airfield is in the photo", KindPlace, "", ""},
		{"where is Stoltenberg from", KindPlace, "origin", ""},
		{"what country is Borrell from", KindPlace, "origin", ""},
		{"how many countries are in nato", KindCount, "", ""},
		{"how much did it cost", KindAmount, "", ""},
		{"how long will the extension last", KindDuration, "", ""},
		{"why is turkey holding off", KindReason, "", ""},
		{"what did stoltenberg say about turkey", KindQuote, "", ""},
		{"what Obama said at the summit", KindQuote, "", ""},
		{"what did maas talk about", KindQuote, "", ""},
		{"did turkey end up buying them", KindOutcome, "", ""},
		{"what happened after the summit", KindOutcome, "", ""},
		{"what came of the review", KindOutcome, "", ""},
		{"is biden attending in person", KindYesNo, "", ""},
		{"what model is the plane", KindWhat, "model", ""},
		{"which specific bank finances it", KindWhat, "bank", ""},
		// terse keywords
		{"s400 price", KindAmount, "", ""},
		{"byline date", KindTime, "", ""},
		{"photo exact date", KindTime, "", "day"},
		{"biden video time of day", KindTime, "", "clock"},
		{"belgian fm name", KindWho, "belgian fm", ""},
		{"polish fm", KindWho, "polish fm", ""},
		{"nato summit agenda", KindWhat, "", ""},
		{"tram manufacturer", KindWho, "manufacturer", ""},
		{"erlanger bio", KindWhat, "bio", ""},
		{"what share of the budget does the us pay", KindAmount, "", ""},
		{"did the taliban attack after may 1", KindOutcome, "", ""},
		{"sunday ridership figures", KindCount, "", ""},
		{"which white house official did blinken brief", KindWho, "official", ""},
		{"which russian arms maker builds the s400", KindWhat, "maker", ""},
		{"what is borrell's nationality", KindWhat, "nationality", ""},
		{"cargo plane model", KindWhat, "model", ""},
		{"is maas still in office today", KindOutcome, "", ""},
		{"who leads nato nowadays", KindOutcome, "", ""},
		// a sentence is not read as keywords
		{"allies must speak up when countries undermine which things", KindWhat, "", ""},
	}
	for _, c := range cases {
		got := rd.kind(c.q)
		if got.kind != c.kind || got.grain != c.grain || c.focus != "" && got.focus != c.focus {
			t.Errorf("kind(%q) = %+v, want kind %s focus %q grain %q", c.q, got, c.kind, c.focus, c.grain)
		}
	}
}

func TestAsksPerson(t *testing.T) {
	for focus, want := range map[string]bool{
		"belgian fm":                    true,
		"prime minister of hungary":     true,
		"the audit committee member":    true,
		"nato member country":           false,
		"eu's foreign policy chief":     true,
		"pipeline":                      false,
		"driver of the first tram":      true,
		"which members of the alliance": false, // countries, as often as people
	} {
		if got := asksPerson(questionKind{focus: focus}); got != want {
			t.Errorf("asksPerson(%q) = %v, want %v", focus, got, want)
		}
	}
}

func TestStripFillers(t *testing.T) {
	for in, want := range map[string]string{
		"hey bot, quick one: who wrote this":     "who wrote this",
		"yo bot when was this published":         "when was this published",
		"can you tell me who wrote it thanks":    "who wrote it",
		"ngl curious, when does he say":          "when does he say",
		"who wrote this":                         "who wrote this",
		"thanks":                                 "",
		"so did nato give blinken the cold one":  "did nato give blinken the cold one",
		"hello":                                  "",
		"historic deal":                          "historic deal", // "hi" is not "historic"
		"who r the E3 again lol i always forget": "who r the E3",
	} {
		if got := stripFillers(in); got != want {
			t.Errorf("stripFillers(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestChatOf(t *testing.T) {
	known := func(w string) bool { return w == "von" || w == "der" }
	for in, want := range map[string]metaKind{
		"are you a bot?":                             metaBot,
		"ur a bot?":                                  metaBot,
		"tell me a joke pls":                         metaOffTopic,
		"whats 3+3":                                  metaOffTopic,
		"What is 17 multiplied by 3?":                metaOffTopic,
		"translate the headline into french":         metaOffTopic,
		"¿Cuánto cuesta el sistema S400?":            metaForeign,
		"Wie viele Soldaten hat Deutschland?":        metaForeign,
		"Quel est le nom du ministre belge ?":        metaForeign,
		"Who is Ursula von der Leyen?":               metaNone,
		"how many S-400 batteries":                   metaNone,
		"what did Blinken say about the 2015 deal?":  metaNone,
		"is there a joke in the headline's wording?": metaOffTopic,
	} {
		if got := chatOf(in, known); got != want {
			t.Errorf("chatOf(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestSegments(t *testing.T) {
	for in, want := range map[string][]string{
		"who wrote this, and when did it run?":             {"who wrote this", "when did it run"},
		"who wrote it and when?":                           {"who wrote it", "when"},
		"who is X and what did he say":                     {"who is X", "what did he say"},
		"who wrote the report, and on what date was it":    {"who wrote the report", "on what date was it"},
		"Apart from the E3, which others did he meet?":     {"Apart from the E3, which others did he meet"},
		"what did he say about China and Russia":           {"what did he say about China and Russia"},
		"where was it filed; also, when was it published?": {"where was it filed", "when was it published"},
		"who? when?": {"who", "when"},
	} {
		if got := segments(in); !slices.Equal(got, want) {
			t.Errorf("segments(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestComparisons(t *testing.T) {
	for in, want := range map[string]bool{
		"is the tram quicker than takin the bus tho":      true,
		"are more people riding than expected":            true,
		"how does the budget compare with the final cost": true,
		"tram vs bus": true,
		"Germany is more dependent on China for trade": false,
		"who wrote this":               false,
		"it opened later than planned": true,
	} {
		if got := comparesIn(in); got != want {
			t.Errorf("comparesIn(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestReplacePronouns(t *testing.T) {
	for in, want := range map[string]string{
		"what did he say Blinken was among": "what did stoltenberg say Blinken was among",
		"where was she standing?":           "where was stoltenberg standing?",
		"what is his title":                 "what is stoltenberg's title",
		"who wrote it":                      "who wrote it",
		"did they meet her":                 "did stoltenberg meet stoltenberg",
	} {
		if got := replacePronouns(in, "stoltenberg"); got != want {
			t.Errorf("replacePronouns(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDetailsCountSpans(t *testing.T) {
	d := detailsOf(splitWords("perhaps as much as six months, or several weeks, for three embassies"))
	if !slices.Equal(d.spans, []string{"6 months", "several weeks"}) {
		t.Errorf("spans = %q, want six months and several weeks", d.spans)
	}
}

func TestFollowIntents(t *testing.T) {
	cases := []struct {
		msg    string
		intent followIntent
		item   int
	}{
		{"source?", followSource, 0},
		{"ok, where does it say that?", followSource, 0},
		{"Quote please", followSource, 0},
		{"tell me more", followMore, 0},
		{"what else?", followMore, 0},
		{"anything else about him?", followMore, 0},
		{"who said that?", followWhoSaid, 0},
		{"whose words are those", followWhoSaid, 0},
		{"the second one", followPick, 1},
		{"#3", followPick, 2},
		{"option 1", followPick, 0},
		{"one", followNone, 0}, // a word, not a pick
		{"what did he say about Turkey?", followNone, 0},
		{"tell me more about the pipeline", followNone, 0}, // a question of its own
		{"who said the alliance was rock solid?", followNone, 0},
	}
	for _, c := range cases {
		intent, item := followIntentOf(c.msg)
		if intent != c.intent || item != c.item {
			t.Errorf("followIntentOf(%q) = %d, %d; want %d, %d", c.msg, intent, item, c.intent, c.item)
		}
	}
}

func TestEllipsis(t *testing.T) {
	cases := []struct {
		msg, frag string
		cut, bare bool
	}{
		{"and Russia", "Russia", true, true},
		{"what about the commission president", "the commission president", true, true},
		{"And how about Germany?", "Germany", true, true},
		{"and why", "why", true, false},
		{"and blinken say germany must do what", "blinken say germany must do what", true, false},
		{"and then what could happen", "what could happen", true, false},
		{"android phones", "android phones", false, true},
		{"who is the nato chief", "who is the nato chief", false, false},
	}
	for _, c := range cases {
		frag, cut := ellipsis(c.msg)
		if frag != c.frag || cut != c.cut || isFragment(frag) != c.bare {
			t.Errorf("ellipsis(%q) = %q, %v (bare %v); want %q, %v (bare %v)", c.msg, frag, cut, isFragment(frag), c.frag, c.cut, c.bare)
		}
	}
}

func TestNewSubject(t *testing.T) {
	for msg, want := range map[string]string{
		"unrelated but when does the deadline hit": "when does the deadline hit",
		"On another topic, who wrote it?":          "who wrote it?",
		"new question: who is Maas":                "who is Maas",
		"who wrote it":                             "",
		"which topic is unrelated to nato":         "",
	} {
		rest, ok := newSubject(msg)
		if ok != (want != "") || ok && rest != want {
			t.Errorf("newSubject(%q) = %q, %v; want %q", msg, rest, ok, want)
		}
	}
}

func TestLeadFor(t *testing.T) {
	for _, c := range []struct {
		k       Kind
		speaker string
		want    string
	}{
		{KindWho, "", "who is"},
		{KindQuote, "Stoltenberg", "what did Stoltenberg say about"},
		{KindQuote, "", "what was said about"},
		{KindCount, "", "how many"},
		{KindYesNo, "", "what about"},
	} {
		if got := leadFor(c.k, c.speaker); got != c.want {
			t.Errorf("leadFor(%s, %q) = %q, want %q", c.k, c.speaker, got, c.want)
		}
	}
}

func TestPush(t *testing.T) {
	list := make([]name, 3)
	for _, s := range []string{"a", "b", "c", "b", "d"} {
		push(list, intern(s))
	}
	var got []string
	for _, n := range list {
		got = append(got, value(n))
	}
	if !slices.Equal(got, []string{"d", "b", "c"}) {
		t.Errorf("push kept %q, want most recent first without repeats: d b c", got)
	}
}

// TestTyposCappedPerText checks that a text full of typos is corrected
// only up to maxTypos words, which bounds what it costs; the words after
// are kept as typed.
func TestTyposCappedPerText(t *testing.T) {
	known := strings.Fields(`alliance pipeline embassies ministers summit security sanctions withdrawal
negotiations agreement diplomats commission elections parliament military president chancellor
territory missiles exercises`)
	lx := newLexicon()
	lx.learn(strings.Join(known, " "))
	lx.indexShort()
	var typed []string
	for _, w := range known {
		typed = append(typed, w[:3]+w[4:]) // "allance"
	}
	got := lx.analyse(splitWords(strings.Join(typed, " ")), true).words
	for i, w := range got {
		want := known[i]
		if i >= maxTypos {
			want = typed[i]
		}
		if w.text != want {
			t.Errorf("word %d: %q became %q, want %q", i, typed[i], w.text, want)
		}
	}
	if len(got) != len(known) || len(known) <= maxTypos {
		t.Fatalf("%d words read from %d typos; the test needs more typos than maxTypos (%d)", len(got), len(known), maxTypos)
	}
}
