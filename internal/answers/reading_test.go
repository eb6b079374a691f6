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
		{"in which month was the bridge opened", KindTime, "", "month"},
		{"where was the story filed", KindPlace, "", ""},
		{"which baltic countries did he meet", KindPlace, "", ""},
		{"which airfield is in the photo", KindPlace, "", ""},
		{"which german state is the port in", KindPlace, "", ""},
		{"which state is the port in", KindPlace, "", ""},
		{"which official states that the deal is dead", KindWho, "", ""},
		{"what state is the iran deal in", KindWhat, "", ""},
		{"which european countries depend on russian gas", KindPlace, "", ""},
		{"what port was the pipe photographed at", KindPlace, "", ""},
		{"which specific bank finances it", KindWhat, "bank", ""},
		{"where is Stoltenberg from", KindPlace, "origin", ""},
		{"what country is Borrell from", KindPlace, "origin", ""},
		{"where does the mayor stand on the new bridge", KindWhat, "", ""},
		{"where does the city rank among tram networks", KindWhat, "", ""},
		{"where did the mayor place the line among her priorities?", KindWhat, "", ""},
		{"where did the tram stop?", KindPlace, "", ""},
		{"who is the port official the mayor was due to meet on friday", KindWho, "port official", ""},
		{"When the mayor spoke about the tram, which word did she use for its cost?", KindWhat, "", ""},
		{"when the tram opened, who cut the ribbon?", KindWho, "", ""},
		{"when did the tram open, and who paid?", KindTime, "", ""},
		{"When the mayor met the minister, what did she tell him?", KindQuote, "", ""},
		{"who is the secretary general of the league in this report", KindWho, "secretary general", ""},
		{"what do riders who pay the full fare get in return?", KindWhat, "", ""},
		{"tram line length", KindAmount, "", ""}, // a distance as often as a time
		{"According to the mayor, what do riders who pay the full fare get?", KindWhat, "", ""},
		{"In the second photo, who took the picture?", KindWho, "", ""},
		{"In the end, on what date did the last tram run?", KindOutcome, "", ""},
		{"what is the name of the driver who opened the line", KindWho, "driver", ""},
		{"name of the harbour minister the mayor spoke to?", KindWho, "harbour minister", ""},
		{"where do things stand with the strike", KindWhat, "", ""},
		{"where does the parade stand", KindPlace, "", ""},
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
		// a statement asked as a question
		{"he met the russian minister?", KindYesNo, "", ""},
		{"poland will get punished for this?", KindYesNo, "", ""},
		{"the trip was a success?", KindYesNo, "", ""},
		{"tell me when it was written", KindWhat, "", ""}, // a request, not a statement
		{"the pipeline is owned by whom", KindWho, "", ""},
		{"what model is the plane", KindWhat, "model", ""},
		// terse keywords
		{"s400 price", KindAmount, "", ""},
		{"byline date", KindTime, "", ""},
		{"photo exact date", KindTime, "", "day"},
		{"biden video time of day", KindTime, "", "clock"},
		{"what time of day?", KindTime, "", "clock"},
		{"nato summit venue", KindPlace, "", ""},
		{"whats the name of belgiums foreign minister", KindWho, "belgiums foreign minister", ""},
		{"what is the name of the photographer's newspaper?", KindWhat, "photographer's newspaper", ""},
		{"what for?", KindReason, "", ""},
		{"For what purpose did he go?", KindReason, "", ""},
		{"s400 delivery location?", KindPlace, "", ""},
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
		{"jim huylebroek is from which country?", KindPlace, "origin", ""},
		{"does the warm welcome succeed in hiding the differences?", KindYesNo, "", ""},
		{"which country does the gas end up in", KindPlace, "", ""},
		{"did the us and iran restart talks after this", KindOutcome, "", ""},
		{"who will succeed stoltenberg?", KindOutcome, "", ""},
		{"did it work?", KindOutcome, "", ""},
		{"has iran gone back into compliance since", KindOutcome, "", ""},
		{"have the taliban actually started doing that?", KindOutcome, "", ""},
		{"has turkey actually gone ahead with buying more?", KindYesNo, "", ""},
		{"how long might they give them to work out power sharing", KindDuration, "", ""},
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

// TestExpandChat checks that chat spellings become words, and that
// a word holding one is left alone.
func TestExpandChat(t *testing.T) {
	for in, want := range map[string]string{
		"wat did stoltenberg say abt turkey?": "what did stoltenberg say about turkey?",
		"s400 # batteries":                    "s400 number batteries",
		"whats the # of allies":               "what's the number of allies",
		"and the #2?":                         "and the #2?",
		"when'd it drop":                      "when did it drop",
		"ns2 raised w maas, when in mtg":      "ns2 raised w maas, when in meeting",
		"Where'd he go?":                      "where did he go?",
		"what about the u.s.":                 "what about the u.s.",
		"did he say smth back":                "did he say something back",
	} {
		if got := expandChat(in); got != want {
			t.Errorf("expandChat(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestExclusionEnd checks where what a question sets aside ends: at a
// comma, or at the question that follows it unmarked.
func TestExclusionEnd(t *testing.T) {
	for q, want := range map[string]string{
		"besides the e3 and the visegrad ppl who else did he meet with": "besides the e3 and the visegrad ppl",
		"apart from the E3, who else did he meet":                       "apart from the E3",
		"besides Germany which countries are in the E3?":                "besides Germany",
		"who else did he meet besides the E3":                           "besides the E3",
		"how many countries besides the us are in nato":                 "besides the us",
		"apart from what he said about turkey, what did blinken say":    "apart from what he said about turkey",
		"besides the man who took the photo, who else was there":        "besides the man who took the photo",
	} {
		loc := exclusion.FindStringIndex(q)
		if loc == nil {
			t.Errorf("%q: no exclusion found", q)
			continue
		}
		if got := strings.TrimSpace(q[loc[0]:exclusionEnd(q, loc[0], loc[1])]); got != want {
			t.Errorf("%q sets aside %q, want %q", q, got, want)
		}
	}
}

// TestReadingPatterns pins how a pattern of the reading tables matches:
// where it may begin, the slots, and what _ captures.
func TestReadingPatterns(t *testing.T) {
	sets := map[string][]string{"aux": {"is", "did"}, "say": {"say", "said"}}
	cases := []struct {
		pattern, question string
		kindRule          bool   // begins as the kind rules do: not after an apostrophe
		want              string // what _ captures; "-" when the pattern must not match
	}{
		{"how long", "how long is it", false, ""},
		{"how long", "so, how long", false, ""},
		{"how long", "how longer", false, "-"},   // a word ends the pattern
		{"how long", "somehow long", false, "-"}, // and it begins at a word
		{"how long", "how  long", false, "-"},    // single spaces
		{"how long", "'how long", false, ""},
		{"how long", "'how long", true, "-"},
		{"what [is the] number of", "what number of", false, ""},
		{"what [is the] number of", "what is the number of", false, ""},
		{"what [is the] number of", "what is number of", false, "-"},
		{"what (was it|is it)", "what is it", false, ""},
		{"who|who's", "who's there", false, ""},
		{"^when", "when?", false, ""},
		{"^when", "so when", false, "-"},
		{"^[so] what", "so what", false, ""},
		{"^[so] what", "what", false, ""},
		{"which * <say>", "which big said", false, ""},
		{"which * <say>", "which b2 said", false, "-"}, // * is a word of letters
		{"how did +", "how did 2", false, ""},
		{"how did +", "how did", false, "-"},
		{"what time is …", "what time island", false, ""}, // … lets the word go on
		{"what time ~[?] $", "what time?", false, ""},
		{"what time ~[?] $", "what time is it", false, "-"},
		{"what <aux> _ <say>", "what did the nato chief say about it", false, "the nato chief"},
		{"what <aux> _ <say>", "what did he say they said", false, "he"}, // as short as it can be
		{"what <aux> _ <say>", "say what is x", false, "-"},
		{"what <aux> _ <say>", "what did he\nsay", false, "-"}, // on one line
		{"what is _ ~[s] words", "what is turkeys words", false, "turkey"},
		{"quote from _ $", "a quote from the chief", false, "the chief"},
	}
	for _, c := range cases {
		rd := &reader{ids: map[string]int32{}}
		tb := &table{afterWordByte: c.kindRule}
		p := compile(c.pattern, sets, anyText)
		p.rest = 0
		tb.add(rd, 0, p)
		q := question{s: c.question}
		q.words = rd.read(&q, nil)
		f, ok := tb.find(&q, -1)
		got := "-"
		if ok {
			got = c.question[f.from:f.to]
		}
		if got != c.want {
			t.Errorf("%q in %q (kind rule %v) captures %q, want %q", c.pattern, c.question, c.kindRule, got, c.want)
		}
	}
}

// TestPhrases checks that phrases are found anywhere, inside longer words
// too, as the outcome phrases and markers expect ("succeed" in
// "succeeded").
func TestPhrases(t *testing.T) {
	p := newPhrases("succeed", "so far", "%", "in your")
	for s, want := range map[string]bool{
		"it succeeded":       true,
		"how far so far":     true,
		"also far":           true,
		"up 5%":              true,
		"what do you think":  false,
		"so  far":            false,
		"in yours":           true,
		"":                   false,
		"nothing comes near": false,
	} {
		if got := p.in(s); got != want {
			t.Errorf("phrases in %q = %v, want %v", s, got, want)
		}
	}
}

func TestQuoteSpeakers(t *testing.T) {
	rd := newReader(Reading{})
	for q, want := range map[string]string{
		"what did stoltenberg say about turkey":  "stoltenberg",
		"what exactly did biden tell putin":      "biden",
		"how did turkey react to the sanctions":  "turkey",
		"did maas say anything about russia":     "maas",
		"quotes from borrell":                    "borrell",
		"What Obama said at the summit":          "obama",
		"whats poland's govt said about that":    "poland's govt",
		"what did maas talk about":               "maas",
		"the eu's response to the coup":          "eu",
		"what was the commission reaction":       "the commission",
		"what did he say":                        "he (pronoun)",
		"what did the article say":               "",
		"what does the report claim":             "",
		"who said the alliance was rock solid":   "",
		"what does china's behavior threaten":    "",
		"what did the ministers ask blinken for": "the ministers",
		"what did maas discuss with blinken":     "maas",
		"what does the law say about sanctions":  "",
	} {
		got := rd.kind(q)
		speaker := got.speaker
		if got.pronoun {
			speaker += " (pronoun)"
		}
		if got.kind != KindQuote && speaker != "" || got.kind == KindQuote && speaker == "" || speaker != want {
			t.Errorf("kind(%q) = %+v, want speaker %q", q, got, want)
		}
	}
}

func TestQuestionFocus(t *testing.T) {
	rd := newReader(Reading{})
	cases := []struct {
		q, focus string
		named    bool
	}{
		{"what's the name of the US law that bans it", "us law", true},
		{"what is the official name of the pipeline?", "pipeline", true},
		{"what is the name of the ship he sent", "ship", true},
		{"the title of the report", "report", true},
		{"stoltenberg's first name?", "stoltenberg's", true},
		{"hungary pm name?", "hungary pm", true},
		{"who is poland's foreign minister", "foreign minister", false},
		{"who is the us ambassador to nato", "us ambassador to nato", false},
		{"who's the nato boss?", "nato boss", false},
		{"who is the man who met the man who met the president", "", false}, // too long to be a post
		{"what model is the plane", "model", false},
		{"which specific bank finances it", "bank", false},
		{"which white house official did blinken brief", "official", false},
		{"what is the reason", "", false},
		{"which nuclear arms control treaty did he refer to", "treaty", false},
		{"what climate agreement did they sign", "agreement", false},
	}
	for _, c := range cases {
		if got := rd.kind(c.q); got.focus != c.focus || got.named != c.named {
			t.Errorf("kind(%q) = %+v, want focus %q named %v", c.q, got, c.focus, c.named)
		}
	}
}

func TestLaterAndLeads(t *testing.T) {
	rd := newReader(Reading{Later: []string{"after the summit"}})
	for q, want := range map[string]Kind{
		"did the troops ever leave":               KindOutcome,
		"did they leave by september":             KindOutcome,
		"did they leave in september":             KindYesNo,
		"did turkey buy more s400 later":          KindOutcome,
		"what did nato decide after the summit":   KindOutcome,
		"has it succeeded":                        KindOutcome,
		"who replaced him as secretary general":   KindOutcome,
		"is germany irreplaceable":                KindYesNo,
		"has turkey escaped sanctions so far":     KindYesNo, // up to the article's day
		"where does the gas end up":               KindPlace, // a destination
		"where did they end up eventually":        KindOutcome,
		"did they comply afterward":               KindOutcome,
		"was the promise kept the following year": KindOutcome,
		"did the rebels attack after that":        KindOutcome,
		"what could happen after that date":       KindWhat, // a date of the article's
		"has the economy recovered since then":    KindOutcome,
	} {
		if got := rd.kind(q); got.kind != want {
			t.Errorf("kind(%q) = %+v, want kind %s", q, got, want)
		}
	}
	for q, want := range map[string]bool{
		"who leads the negotiating team":   true,
		"who is in charge of the talks":    true,
		"who would lead such a government": true,
		"who led nato":                     true,
		"who met the leaders":              false,
	} {
		if got := rd.kind(q); got.kind != KindWho || got.leads != want {
			t.Errorf("kind(%q) = %+v, want who, leads %v", q, got, want)
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
		"who cut the ribbon, i can't remember":   "who cut the ribbon",
		"can't remember":                         "",
		"exactly":                                "exactly",
		"who is he then":                         "who is he",
		"has the economy recovered since then":   "has the economy recovered since then",
		"was it settled by then? thanks":         "was it settled by then?",
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
		"hat?":                                       metaNone, // one foreign word alone is no language
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

func TestForeignBeside(t *testing.T) {
	known := func(w string) bool { return w == "nato" }
	for in, want := range map[string]bool{
		"cuando":           true,
		"wie heisst er":    true,
		"chi l'ha scritto": true,
		"como se llama":    true,
		"the hat":          false,
		"who wrote it":     false,
		"nato":             false,
	} {
		if got := foreignBeside(appendChatWords(nil, in), known); got != want {
			t.Errorf("foreignBeside(%q) = %v, want %v", in, got, want)
		}
	}
}

// TestReactions checks that an exclamation is chat, below thanks or a
// greeting beside it, and that a question with one is no exclamation.
func TestReactions(t *testing.T) {
	for in, want := range map[string]metaKind{
		"wow thats wild": metaReaction,
		"nice":           metaReaction,
		"cool thanks":    metaThanks,
		"hey wow":        metaGreeting,
		"what's so interesting about the pipeline": metaNone,
		"was the trip a success wow":               metaNone,
	} {
		if got := metaOf(in); got != want {
			t.Errorf("metaOf(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestSmallTalk(t *testing.T) {
	for in, want := range map[string]bool{
		"what's up":               true,
		"whats up bot":            true,
		"how are you doing today": true,
		"what's up with the tram": false,
		"whats up w the fares":    false,
	} {
		if got := isSmallTalk(in); got != want {
			t.Errorf("isSmallTalk(%q) = %v, want %v", in, got, want)
		}
	}
	if !hasPrefixAny("in with the new line", []string{"in "}) {
		t.Error(`hasPrefixAny("in with the new line", "in ") = false`)
	}
	for in, want := range map[string]string{
		"what's the deal with the tram and the bus": "the tram and the bus",
		"whats up with the fares":                   "the fares",
	} {
		if got := stripFillers(in); got != want {
			t.Errorf("stripFillers(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPickedOut(t *testing.T) {
	for q, want := range map[string]string{
		"which companies has the us sanctioned?":        "companies",
		"what threats did trump make exactly?":          "threats",
		"what threats did trump make?":                  "threats",
		"what are these choices?":                       "choices",
		"what aggressive actions they did?":             "actions",
		"what ordinary americans get out of them":       "",
		"what kinda words r ppl expecting":              "",
		"blinken promise what to allies?":               "",
		"what about the sanctions?":                     "",
		"where were those pipe sections?":               "",
		"which country is the e3's odd one out?":        "",
		"which aggressive actions does he mean?":        "actions",
		"which is the biggest of the issues, then?":     "",
		"which of turkey's purchases upset washington?": "purchases",
	} {
		if got := pickedOut(q); got != want {
			t.Errorf("pickedOut(%q) = %q, want %q", q, got, want)
		}
	}
	if !listsNames("The article lists Turkey, Afghanistan, China and Iran.") || listsNames("Russia, despite its own aggressive actions, is one Washington will work with.") {
		t.Error("listsNames: want a list of names only where there is one")
	}
	for _, c := range []struct {
		text string
		at   int // the word asked about
		want bool
	}{
		{`Blinken said, "When our allies shoulder their fair share`, 4, false}, // a capital opening a quote
		{`the allies. When our allies pay`, 4, false},                          // or a sentence
		{`he said: “When our allies pay`, 4, false},
		{`the foreign ministers of Britain, France and Germany`, 2, true},
		{`some choices to make`, 1, false},
		{`the rules of the international system`, 1, true},
	} {
		if got := specificsBeside(strings.Fields(c.text), c.at); got != c.want {
			t.Errorf("specificsBeside(%q, %d) = %v, want %v", c.text, c.at, got, c.want)
		}
	}
}

func TestAboutThen(t *testing.T) {
	for in, want := range map[string][]string{
		"what about Ukraine, how is it affected?":                       {"how is Ukraine affected"},
		"what about the money side, what does he want":                  {"what does he want the money side"},
		"what about Ukraine?":                                           {"what about Ukraine"},
		"what about turkey, does the article say that it is a problem?": {"does the article say that turkey is a problem"},
		"what about when it opened, who paid?":                          {"what about when it opened", "who paid"},
		"who wrote it, and when?":                                       {"who wrote it", "when"},
	} {
		if got := aboutThen(segments(in)); !slices.Equal(got, want) {
			t.Errorf("aboutThen(%q) = %q, want %q", in, got, want)
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
		// a clause that sets the question up stays with its first part
		"for my class paper, who wrote it, and when did it run?":  {"for my class paper, who wrote it", "when did it run"},
		"I mix them up — which are the E3, and which are the V4?": {"I mix them up — which are the E3", "which are the V4"},
		"Apart from the E3, and the Visegrad Four, which others?": {"Apart from the E3, and the Visegrad Four, which others"},
		// an opening clause's comma is no joiner; a question's is
		"When the mayor spoke of the fares, what word did she use?": {"When the mayor spoke of the fares, what word did she use"},
		"If riders pay the full fare, what do they get?":            {"If riders pay the full fare, what do they get"},
		"when did it open, who paid?":                               {"when did it open", "who paid"},
		// a relative clause after a comma says more of what came before
		"who is the EU's foreign policy chief, to whom Blinken spoke warmly?": {"who is the EU's foreign policy chief, to whom Blinken spoke warmly"},
		"what is Turkey buying, which is causing such unease?":                {"what is Turkey buying, which is causing such unease"},
		"who got the warning, to whom did he give it?":                        {"who got the warning", "to whom did he give it"},
		"who is the chief, which country is he from?":                         {"who is the chief", "which country is he from"},
		"what is turkey buying, from which country?":                          {"what is turkey buying", "from which country"},
	} {
		if got := segments(in); !slices.Equal(got, want) {
			t.Errorf("segments(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestOfferedParts checks which later parts of a message offer an answer
// to the question before them, or remark on it, rather than ask.
func TestOfferedParts(t *testing.T) {
	rd := newReader(Reading{})
	for _, c := range []struct {
		before, part string
		want         bool
	}{
		{"How many stations got new lifts", "Two", true},
		{"Who opened the line", "The mayor", true},
		{"Who wrote it", "I bet there's no byline", true},
		{"What did the council promise riders", "A discount", true},
		{"Why was the line late", "Problem with money", true},
		{"Where was the photo of the tram taken", "The depot in Leeds", true},
		{"Did the mayor cut the ribbon", "Or the deputy", true},
		// a remark in the asker's own voice, though it opens like a question
		{"Which stations does the line skip", "which I'm guessing is why it's so controversial", true},
		{"how many depots are there", "didnt know there was more than 1", true},
		{"how many depots are there", "didn’t know there was more than 1", true},
		{"Which stations does the line skip", "which of them is busiest", false},
		// a part that asks for a sort of thing asks
		{"Who wrote it", "date", false},
		{"Who took the photo", "credit", false},
		{"Who opened the line", "his title", false},
		{"Who wrote it", "photographer", false},
		{"Who wrote it", "source", false},
		// a question, an ellipsis, a request
		{"Who wrote it", "when did it run", false},
		{"Who is the mayor", "and the deputy", false},
		{"Who do you like more, the tram or the bus", "tell me your opinion", false},
		// after no question, a part is no offer
		{"the tram budget", "the bus budget", false},
		{"Quick one about the depot", "who built it", false},
	} {
		if got := rd.offered(c.before, c.part); got != c.want {
			t.Errorf("offered(%q, %q) = %v, want %v", c.before, c.part, got, c.want)
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
	for in, want := range map[string]bool{
		"the mayor called it a change from the past": true,
		"unlike the old line, it runs at night":      true,
		"the line changed its route":                 false,
		"a different route from the bus":             false,
	} {
		if got := contrastsIn(in); got != want {
			t.Errorf("contrastsIn(%q) = %v, want %v", in, got, want)
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
		{"Where in the article does he say that?", followSource, 0},
		{"which paragraph is that in", followSource, 0},
		{"where in the article does he talk about Turkey?", followNone, 0}, // a question of its own
		{"where did he say that?", followNone, 0},                          // a place, maybe
		{"Quote please", followSource, 0},
		{"wat did he say exactly", followSource, 0},
		{"what were her exact words?", followSource, 0},
		{"what was the exact line", followSource, 0},
		{"what was the exact line on Turkey?", followNone, 0},
		{"what did he say exactly about Turkey?", followNone, 0}, // a question of its own
		{"what did he say?", followNone, 0},
		{"tell me more", followMore, 0},
		{"what else?", followMore, 0},
		{"anything else about him?", followMore, 0},
		{"who said that?", followWhoSaid, 0},
		{"whose words are those", followWhoSaid, 0},
		{"who'd he say that to", followToWhom, 0},
		{"To whom?", followToWhom, 0},
		{"addressed to?", followToWhom, 0},
		{"who did he say that to about Turkey?", followNone, 0}, // a question of its own
		{"the second one", followPick, 1},
		{"#3", followPick, 2},
		{"option 1", followPick, 0},
		{"one", followNone, 0}, // a word, not a pick
		{"what did he say about Turkey?", followNone, 0},
		{"tell me more about the pipeline", followNone, 0}, // a question of its own
		{"who said the alliance was rock solid?", followNone, 0},
		{"hm, who said this?", followWhoSaid, 0},
		{"Who said that, Blinken or Biden?", followWhoSaid, 0},
		{"tell me more, Turkey or Russia?", followNone, 0}, // a choice of subject
		{"Blinken or Biden?", followNone, 0},
	}
	for _, c := range cases {
		intent, item := followIntentOf(c.msg)
		if intent != c.intent || item != c.item {
			t.Errorf("followIntentOf(%q) = %d, %d; want %d, %d", c.msg, intent, item, c.intent, c.item)
		}
	}
}

func TestMoreOn(t *testing.T) {
	cases := []struct {
		msg      string
		rest     string
		said, ok bool
	}{
		{"tell me more about the pipeline", "pipeline", false, true},
		{"anything else he said?", "", true, true},
		{"did he say anything else about that", "", true, true},
		{"what else does it say abt turkey", "turkey", false, true}, // the article says, not a speaker
		{"anything else he accused China of?", "accused china", false, true},
		{"any more details on the sanctions?", "sanctions", false, true},
		{"who else did he meet?", "", false, false},            // asks for a person
		{"anyone else?", "", false, false},                     // so does this
		{"how many more troops will leave?", "", false, false}, // "more" of a count
		{"what other countries did he meet?", "", false, false},
		{"what else did Blinken say about the pipeline and sanctions on Germany?", "", false, false}, // a question of its own
		{"what did he say about Turkey?", "", false, false},
	}
	for _, c := range cases {
		rest, said, ok := moreOn(c.msg)
		if rest != c.rest || said != c.said || ok != c.ok {
			t.Errorf("moreOn(%q) = %q, %v, %v; want %q, %v, %v", c.msg, rest, said, ok, c.rest, c.said, c.ok)
		}
	}
}

func TestAsksReaction(t *testing.T) {
	for q, want := range map[string]bool{
		"how did hungary react to the warning?":        true,
		"beijing response":                             true,
		"did blinken say anything back to him?":        true,
		"what did maas reply":                          true,
		"who is responsible for the delay?":            false,
		"who replaced stoltenberg?":                    false,
		"what did blinken say about the reactor?":      false,
		"how did iran answer the american demand?":     false, // "answer" alone also asks what is said
		"did turkey push back on the sanctions threat": true,
		"did ankara fire back at him":                  true,
		"how does ukraine feel about the pipeline":     true,
		"what did hungary make of the warning":         true,
		"what does biden think of the pipeline":        false, // a view the article may report
		"did turkey make offers to russia":             false,
		"did blinken say something back":               true,
		"and the taliban agreed to that extension?":    true,
		"has moscow agreed to any of that?":            true,
		"will the may 1 date be pushed back?":          false,
	} {
		if got := asksReaction(splitWords(q), q); got != want {
			t.Errorf("asksReaction(%q) = %v, want %v", q, got, want)
		}
	}
	for answer, want := range map[string]bool{
		"Iran has rejected the U.S. demand":         true,
		"Stoltenberg welcomed Blinken to NATO":      true,
		"Blinken praised Jens Stoltenberg":          false,
		"The answer is in paragraph 3":              false, // the noun
		"Cavusoglu answered that Turkey would wait": true,
	} {
		if got := reportsReaction(answer); got != want {
			t.Errorf("reportsReaction(%q) = %v, want %v", answer, got, want)
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
		"ok diff topic, whats the pipeline called": "whats the pipeline called",
		"random q: who took the photos":            "who took the photos",
		"Changing topics - any Belgian meeting?":   "any Belgian meeting?",
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

// TestPossessivePatternsNeedAnApostrophe checks what focusOf relies on to
// pass over the possessive patterns: each holds an apostrophe that a match
// must hold, and questions with one still find their focus.
func TestPossessivePatternsNeedAnApostrophe(t *testing.T) {
	for _, p := range focusRules[focusPossessive].patterns {
		if !strings.Contains(p, "~'s|'") {
			t.Errorf("possessive pattern %q does not need an apostrophe", p)
		}
	}
	rd := newReader(Reading{})
	for q, want := range map[string]string{
		"who is Poland's foreign minister": "foreign minister",
		"who is poland’s foreign minister": "foreign minister",
		"what is the alliance's budget":    "budget",
	} {
		if got := rd.kind(q).focus; got != want {
			t.Errorf("focus of %q = %q, want %q", q, got, want)
		}
	}
}

func TestConfirmationRest(t *testing.T) {
	cases := []struct {
		q     string
		names []string
		rest  string // "" when the question offers no name as a value
	}{
		{"Wasn't the report filed by Ann Smith?", []string{"Ann", "Smith"}, "Wasn't the report filed by?"},
		{"The mayor opened the line with Pedro Alvarez, right?", []string{"Pedro", "Alvarez"}, "The mayor opened the line with?"},
		{"The mayor is the president of the Harbour Board, isn't she?", []string{"Harbour", "Board"}, "The mayor is the president of?"},
		{"who cut the ribbon — was it Pedro Alvarez?", []string{"Pedro", "Alvarez"}, "who cut the ribbon?"},
		{"Which firm built the trams, does it name Alstom?", []string{"Alstom"}, "Which firm built the trams?"},
		{"Was the minister at the opening Mark Rutte?", []string{"Rutte"}, "Was the minister at the opening?"},
		{"the driver was Zofia Nowak, didn't she?", []string{"Zofia", "Nowak"}, "the driver was?"},
		// the comma before a long clause is no offer of a value
		{"In the photo, the tram stood at Kowloon station, right?", []string{"Kowloon"}, "In the photo, the tram stood at station?"},
		// no value offered: a question about someone the story never names
		{"Did the mayor meet Pedro Alvarez?", []string{"Pedro", "Alvarez"}, ""},
		{"What did Zofia Nowak say about the fares?", []string{"Zofia", "Nowak"}, ""},
		// adding to a list is no correction
		{"The mayor met Pedro Alvarez too, right?", []string{"Pedro", "Alvarez"}, ""},
	}
	for _, c := range cases {
		rest, ok := confirmationRest(c.q, c.names)
		if ok != (c.rest != "") || rest != c.rest {
			t.Errorf("confirmationRest(%q) = %q, %v; want %q", c.q, rest, ok, c.rest)
		}
	}
	// the article's people and places, and stop words, are no part of a
	// name the article never mentions
	notOfName := func(w string) bool {
		return stopWords[strings.ToLower(w)] || w == "Blinken" || w == "Turkish"
	}
	for _, c := range []struct {
		q           string
		names, want []string
	}{
		{"The photo is credited to the Associated Press, isn't it?", []string{"Associated"}, []string{"Associated Press"}},
		{"The last one was George W. Bush, right?", []string{"George", "Bush"}, []string{"George W. Bush"}},
		{"She is the president of the European Parliament, isn't she?", []string{"Parliament"}, []string{"European Parliament"}},
		{"He briefed them on 'the Pentagon's plans', didn't he?", []string{"Pentagon's"}, []string{"Pentagon"}},
		{"Charles Michel is the president he praised, isn't he?", []string{"Michel"}, []string{"Charles Michel"}},
		{"Blinken's Dutch counterpart?", []string{"Dutch"}, []string{"Dutch"}},
		{"Blinken Lavrov meeting", []string{"Lavrov"}, []string{"Lavrov"}},
		{"Lavrov Blinken meeting", []string{"Lavrov"}, []string{"Lavrov"}},
		{"Did Lavrov come?", []string{"Lavrov"}, []string{"Lavrov"}},
		{"he told the Turkish Hulusi Akar, right?", []string{"Hulusi", "Akar"}, []string{"Hulusi Akar"}},
		{"did Bob Smith meet Bo?", []string{"Bob", "Smith", "Bo"}, []string{"Bob Smith", "Bo"}},
	} {
		if got := fullNames(c.q, c.names, notOfName); !slices.Equal(got, c.want) {
			t.Errorf("fullNames(%q, %q) = %q, want %q", c.q, c.names, got, c.want)
		}
	}
	if got := fullNames("did Ann Smith meet Bo?", []string{"Ann", "Smith", "Bo"}, notOfName); !slices.Equal(got, []string{"Ann Smith", "Bo"}) {
		t.Errorf("fullNames = %q", got)
	}
	if got := fullNames("was it Jean-Yves Le Drian or Ludwig van Beethoven?", []string{"Jean", "Yves", "Drian", "Ludwig", "Beethoven"}, notOfName); !slices.Equal(got, []string{"Jean-Yves Le Drian", "Ludwig van Beethoven"}) {
		t.Errorf("fullNames = %q", got)
	}
}

func TestSetUp(t *testing.T) {
	for in, want := range map[string]string{
		"The third photo shows a crowd — who is in it":     "The third photo shows a crowd",
		"When the mayor opened the line, what did she say": "the mayor opened the line",
		"According to the mayor, when will the line open":  "the mayor",
		"who opened the line":                              "",
		"when did the line open, who paid":                 "",
	} {
		if got := setUp(in); got != want {
			t.Errorf("setUp(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestWithoutScope checks that a closing phrase naming the article as the
// place to look is cut when the question has words of its own without it.
func TestWithoutScope(t *testing.T) {
	e := embeddedEngine(t)
	for in, want := range map[string]string{
		"whos the nato sec gen in this story":               "whos the nato sec gen",
		"Who is quoted in the piece?":                       "Who is quoted?",
		"why did turkey hold off, according to the article": "why did turkey hold off",
		"what's in the article?":                            "what's in the article?",
		"who is in the article":                             "who is in the article",
		"when was the article published":                    "when was the article published",
		"what is the article about":                         "what is the article about",
		"any photos in the storyline":                       "any photos in the storyline",
		"is turkey in the article?":                         "is turkey in the article?",
		"ÀÀÀin this story":                                  "ÀÀÀin this story",
	} {
		if got := e.withoutScope(in); got != want {
			t.Errorf("withoutScope(%q) = %q, want %q", in, got, want)
		}
	}
}
