package answers

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/articlebot/articlebot/internal/wordvec"
)

// Engine answers questions about one article from a curated knowledge base.
// It is safe for concurrent use and deterministic: the same question always
// gets the same answer. Its only state after New is a bounded memo of typo
// corrections and stems, which saves time and never changes an answer.
type Engine struct {
	info ArticleInfo
	art  *article
	// articleFile and reading are what the knowledge base says of its
	// article file and its words for reading questions.
	articleFile string
	reading     Reading
	lx          *lexicon
	entries     []*entry // the facts, then the gaps
	// termID numbers every term of the knowledge base; weight is indexed by it.
	termID    map[string]int32
	termNames []string
	weight    []float64
	// postings lists, for each term, the entries that hold it.
	postings [][]int32
	// varPostings lists, for each term, the question variants that hold it;
	// variantOf is the entry of each variant, variantNorm its weight norm.
	varPostings   [][]int32
	variantOf     []int32
	variantNorm   []float64
	unknownWeight float64
	topics        []Topic
	scratch       sync.Pool // of *scratch
	// answerRooms holds what answer reads a question with, to reuse.
	answerRooms sync.Pool // of *answerRoom
	// variantKind is the kind of question each variant asks; kindNo
	// numbers it, an index of kinds, for loops that compare it often.
	variantKind []Kind
	kindNo      []uint8
	kinds       []Kind
	// kindVariants lists the variants grouped by entry, then by kind
	// number: those of entry i and kind k are from kindStart[i*len(kinds)+k]
	// up to the next start.
	kindVariants, kindStart []int32
	// mean gives texts their meaning; nil without word vectors. centroid
	// holds each entry's mean variant meaning, answerMean the meaning of its
	// answer and quotes, variantMean each variant's (all dims wide, unit),
	// while the engine is built; then variantQ holds them.
	mean                              *meaning
	centroid, answerMean, variantMean []float32
	// personMeans and placeMeans are the meanings of the words of the
	// people's and places' names.
	personMeans, placeMeans []float32
	// nameMeans are the meanings of the article's names, to tell a name the
	// article never mentions ("Lavrov") from an ordinary word.
	nameMeans []float32
	// wordMeans holds, while the engine is built, the unit vector of every
	// distinct content word of the answers and quotes.
	wordMeans []float32
	wordIndex map[string]int32
	// variantQ and wordQ are variantMean and wordMeans at the int8
	// precision they are kept and read at.
	variantQ, wordQ quantized
	// clf is the model's classifier when it knows the engine's entries;
	// clfClass then maps each entry to its class.
	clf      *classifier
	clfClass []int32
	// clfRows is, for each word of the vocabulary by its number, its row
	// in clf plus one, or -1 when clf was not fitted on it.
	clfRows      []int32
	model        *Model
	defaultModel *Model
	// version names the files the engine was built from; "" when built
	// from values rather than files. restored is set when it came from a
	// snapshot.
	version  string
	restored bool
	// training is set while Train builds the engine it fits a model for;
	// validIn and validOut then count the validation split's questions.
	training          bool
	validIn, validOut int
	// valid keys the validation split's questions (see keyOf), so those
	// left out of fitting still count in the threshold's resamples.
	valid []outcome
	// people and places are the name groups that are people and places.
	people, places          map[string]bool
	peopleHeads, placeHeads []string
	// exact maps each variant, as variantKey writes it, to its entry.
	exact map[string]int
	// reader reads questions with the knowledge base's words.
	reader *reader
	// told holds the stems of every word the article, the synonyms and the
	// facts' answers use: what the bot can speak of.
	told map[string]bool
}

// Option configures an Engine.
type Option func(*Engine)

// WithVectors gives the engine word meaning from a table of word vectors.
func WithVectors(t *wordvec.Table) Option {
	return func(e *Engine) { e.mean = newMeaning(t) }
}

// WithModel sets the fitted weights the engine ranks and decides with.
func WithModel(m *Model) Option {
	return func(e *Engine) {
		if m != nil {
			e.model = m
		}
	}
}

// WithDefaultModel sets the model used when no other is given: a knowledge
// directory without its own model.json borrows it. The model's weights
// weigh general signals, not one article's facts, so they carry over.
func WithDefaultModel(m *Model) Option {
	return func(e *Engine) { e.defaultModel = m }
}

// entry is a fact or gap, analysed for matching.
type entry struct {
	Fact
	gap      bool
	speaker  termSet
	variants []termSet
	// all holds every term of the fact: questions, answer, quotes, speaker, topic.
	all termSet
	// subject holds the first terms of the answer, usually naming who acted or spoke.
	subject termSet
	// reportsSpeech is true when the answer reports what someone said.
	reportsSpeech bool
	// quoteTerms holds each quote's terms, to pick the quote nearest the question.
	quoteTerms []termSet
	// said holds the terms of the answer and quotes: what the fact tells.
	said termSet
	// firstVariant is the index of the entry's first variant in the engine's
	// variant tables; its variants follow it.
	firstVariant int
	// details are the numbers and times the answer and quotes give; names
	// the name groups they mention.
	details details
	names   []string
	// saidStems are the stems of the answer's and quotes' words as written.
	saidStems map[string]bool
	// compares is set when the answer or quotes make a comparison;
	// quotesWords when a quote holds someone's own words, in quotation marks.
	compares, quotesWords bool
	// saidWords index wordMeans: the meanings of the answer's and quotes'
	// words, to weigh how near the thing asked about comes to them.
	saidWords []int32
}

// termSet is a sorted list of distinct term ids.
type termSet []int32

func (s termSet) has(id int32) bool {
	_, ok := slices.BinarySearch(s, id)
	return ok
}

// Topic is a subject the article covers, with questions it can answer.
type Topic struct {
	Name     string
	Facts    int
	Examples []string
}

// New builds an Engine from a parsed knowledge base and the article's text.
// It returns every problem with the knowledge base, each naming the record
// and field. It needs a model (WithModel, fitted by Train); without
// WithVectors it matches by words alone.
func New(kb *Knowledge, articleText string, opts ...Option) (*Engine, error) {
	art := newArticle(articleText)
	if err := kb.validate(art); err != nil {
		return nil, err
	}
	e := &Engine{
		info:        ArticleInfo{Title: kb.Article.Title, Author: kb.Article.Author, Date: kb.Article.Date},
		art:         art,
		articleFile: kb.Article.File,
		reading:     kb.Reading,
		lx:          newLexicon(),
		termID:      map[string]int32{},
	}
	e.reader = newReader(kb.Reading)
	// What each question variant asks depends on nothing else built here:
	// read it meanwhile, on the other core.
	kinds := make(chan []Kind, 1)
	go func() {
		var ks []Kind
		for _, list := range [][]Fact{kb.Facts, kb.Gaps} {
			for _, f := range list {
				for _, q := range f.Questions {
					ks = append(ks, e.reader.kind(q).kind)
				}
			}
		}
		kinds <- ks
	}()
	for _, o := range opts {
		o(e)
	}
	if e.model == nil {
		e.model = e.defaultModel
	}
	if e.model == nil && !e.training {
		<-kinds
		return nil, ErrNoModel
	}
	var problems []string
	for i, g := range kb.Synonyms {
		for _, p := range e.lx.addSynonyms(g) {
			problems = append(problems, fmt.Sprintf("synonyms[%d]: %s", i, p))
		}
	}
	if len(problems) > 0 {
		<-kinds
		return nil, fmt.Errorf("%w: %s", ErrInvalidKnowledge, strings.Join(problems, "; "))
	}
	e.lx.learn(articleText)
	e.lx.findNames(articleText)
	e.people, e.places = groupSet(kb.People), groupSet(kb.Places)
	e.peopleHeads, e.placeHeads = kb.People, kb.Places
	for _, list := range [][]Fact{kb.Facts, kb.Gaps} {
		for _, f := range list {
			e.lx.learn(strings.Join(f.Questions, " ") + " " + f.Answer)
		}
	}
	e.told = map[string]bool{}
	tell := func(text string) {
		for _, w := range splitWords(text) {
			e.told[e.lx.stem(w.text)] = true
		}
	}
	tell(articleText)
	for _, g := range kb.Synonyms {
		tell(strings.Join(g, " "))
	}
	for _, f := range kb.Facts {
		tell(f.Answer + " " + f.Speaker + " " + f.Topic)
	}
	for i := range kb.Facts {
		e.entries = append(e.entries, e.analyseFact(kb.Facts[i], false))
	}
	for i := range kb.Gaps {
		e.entries = append(e.entries, e.analyseFact(kb.Gaps[i], true))
	}
	// The index and the meanings are built side by side: they share only
	// what is already fixed.
	first := 0
	for _, en := range e.entries {
		en.firstVariant = first
		first += len(en.Questions)
	}
	meanings := make(chan struct{})
	go func() {
		e.learnMeanings()
		close(meanings)
	}()
	e.variantKind = <-kinds
	e.kinds, e.kindNo = numberKinds(e.variantKind)
	e.index()
	e.groupKinds()
	e.lx.indexShort()
	e.lx.indexSurface()
	<-meanings
	e.topics = topicsOf(kb.Facts)
	e.scratch.New = func() any { return &scratch{} }
	if e.model != nil {
		e.useClassifier(e.model.clf)
	}
	return e, nil
}

func (e *Engine) analyseFact(f Fact, gap bool) *entry {
	en := &entry{Fact: f, gap: gap}
	var all []string
	for _, q := range f.Questions {
		ts := e.lx.terms(q)
		en.variants = append(en.variants, e.termSet(ts))
		all = append(all, ts...)
	}
	for _, q := range f.Quotes {
		ts := e.lx.terms(q.Text)
		en.quoteTerms = append(en.quoteTerms, e.termSet(ts))
		if !gap {
			all = append(all, ts...)
		}
	}
	if f.Speaker != "" {
		sp := e.lx.terms(f.Speaker)
		en.speaker = e.termSet(sp)
		all = append(all, sp...)
	}
	// A gap is defined by its questions alone: its answer and quote tell what
	// the article does say, and must not draw the questions it answers.
	answerTerms := e.lx.terms(f.Answer)
	if !gap {
		all = append(all, answerTerms...)
		all = append(all, e.lx.terms(f.Topic)...)
	}
	said := answerTerms
	for _, q := range f.Quotes {
		said = append(said, e.lx.terms(q.Text)...)
	}
	en.said = e.termSet(said)
	text := f.Answer
	for _, q := range f.Quotes {
		text += " " + q.Text
	}
	en.details = detailsOf(e.namesCut(splitWords(text)))
	en.compares = comparesIn(text) || contrastsIn(text)
	for _, q := range f.Quotes {
		en.quotesWords = en.quotesWords || strings.ContainsAny(q.Text, "\"“”")
	}
	en.saidStems = map[string]bool{}
	for _, w := range splitWords(text) {
		en.saidStems[e.lx.stem(w.text)] = true
	}
	for _, t := range said {
		if e.lx.isName(t) {
			en.names = appendNew(en.names, t)
		}
	}
	en.reportsSpeech = reportsSpeech(f.Answer)
	en.subject = e.termSet(answerTerms[:min(len(answerTerms), 3)])
	en.all = e.termSet(all)
	return en
}

// termName is the term with the given id.
func (e *Engine) termName(id int32) string { return e.termNames[id] }

// termSet interns terms and returns their ids, sorted and distinct.
func (e *Engine) termSet(terms []string) termSet {
	out := make(termSet, 0, len(terms))
	for _, t := range terms {
		id, ok := e.termID[t]
		if !ok {
			id = int32(len(e.termID))
			e.termID[t] = id
		}
		out = append(out, id)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// numberKinds lists the distinct kinds in the order they first come and
// gives each kind its index in that list: a dozen kinds at most.
func numberKinds(of []Kind) (kinds []Kind, numbers []uint8) {
	numbers = make([]uint8, len(of))
	for i, k := range of {
		n := slices.Index(kinds, k)
		if n < 0 {
			n = len(kinds)
			kinds = append(kinds, k)
		}
		numbers[i] = uint8(n)
	}
	return kinds, numbers
}

// groupKinds groups the variants by entry and kind (see kindVariants), so
// the variants of one kind of an entry are found without reading the rest.
func (e *Engine) groupKinds() {
	nk := len(e.kinds)
	e.kindStart = make([]int32, len(e.entries)*nk+1)
	for v, f := range e.variantOf {
		e.kindStart[int(f)*nk+int(e.kindNo[v])+1]++
	}
	for i := 1; i < len(e.kindStart); i++ {
		e.kindStart[i] += e.kindStart[i-1]
	}
	e.kindVariants = make([]int32, len(e.variantOf))
	next := slices.Clone(e.kindStart)
	for v, f := range e.variantOf {
		g := int(f)*nk + int(e.kindNo[v])
		e.kindVariants[next[g]] = int32(v)
		next[g]++
	}
}

// index builds the postings and weighs each term by its inverse document
// frequency over the facts: a term in few facts tells more.
func (e *Engine) index() {
	e.postings = make([][]int32, len(e.termID))
	for i, en := range e.entries {
		for _, id := range en.all {
			e.postings[id] = append(e.postings[id], int32(i))
		}
	}
	e.varPostings = make([][]int32, len(e.termID))
	n := float64(len(e.entries))
	e.weight = make([]float64, len(e.termID))
	e.termNames = make([]string, len(e.termID))
	for t, id := range e.termID {
		e.termNames[id] = t
		df := float64(max(len(e.postings[id]), 1))
		e.weight[id] = math.Sqrt(math.Log(1 + n/df))
		switch {
		case weakWords[t]:
			e.weight[id] *= weakFactor
		case e.lx.isName(t):
			e.weight[id] *= entityFactor
		}
	}
	e.unknownWeight = math.Sqrt(math.Log(1 + n/unknownDF))
	// Question variants get an index of their own, so the closest variant
	// of every fact is found in one pass over the question's terms.
	e.exact = map[string]int{}
	for i, en := range e.entries {
		for _, q := range en.Questions {
			e.exact[variantKey(q)] = i
		}
		for _, v := range en.variants {
			vid := int32(len(e.variantOf))
			e.variantOf = append(e.variantOf, int32(i))
			var sum float64
			for _, id := range v {
				e.varPostings[id] = append(e.varPostings[id], vid)
				sum += e.weight[id] * e.weight[id]
			}
			e.variantNorm = append(e.variantNorm, math.Sqrt(sum))
		}
	}
}

// Version names the knowledge base, article and model the engine was
// loaded from (a short hash), or "" when it was built from values.
func (e *Engine) Version() string { return e.version }

// Article describes the article the engine answers about.
func (e *Engine) Article() ArticleInfo { return e.info }

// Topics lists the subjects the article covers, in the knowledge base's order.
func (e *Engine) Topics() []Topic { return slices.Clone(e.topics) }

// Facts returns the curated facts (not the gaps), in the knowledge base's order.
func (e *Engine) Facts() []Fact {
	var out []Fact
	for _, en := range e.entries {
		if !en.gap {
			out = append(out, en.Fact)
		}
	}
	return out
}

func topicsOf(facts []Fact) []Topic {
	var topics []Topic
	at := map[string]int{}
	for _, f := range facts {
		i, ok := at[f.Topic]
		if !ok {
			i = len(topics)
			at[f.Topic] = i
			topics = append(topics, Topic{Name: f.Topic})
		}
		topics[i].Facts++
		if len(topics[i].Examples) < 2 && len(f.Questions) > 0 {
			topics[i].Examples = append(topics[i].Examples, f.Questions[0])
		}
	}
	return topics
}

// Terms returns a question's terms as the engine matches them: stems of its
// meaningful words, synonyms replaced by their group, typos corrected. Two
// paraphrases of one question share most of their terms.
func (e *Engine) Terms(question string) []string {
	return slices.Clone(e.analyseQuery(Clean(question)).terms)
}

// groupSet is the set of the group terms named by their first phrases.
func groupSet(heads []string) map[string]bool {
	out := map[string]bool{}
	for _, h := range heads {
		out["="+strings.Join(stemsOf(h), "_")] = true
	}
	return out
}

// variantKey is a question as variants are compared: lower case, single
// spaces, no end punctuation.
func variantKey(q string) string {
	var b strings.Builder
	b.Grow(len(q))
	for f := range strings.FieldsSeq(Clean(q)) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(f)
	}
	return strings.TrimRight(strings.ToLower(b.String()), "?!. ")
}

// toldWord reports whether the article, synonyms or answers use a word.
func (e *Engine) toldWord(w string) bool { return e.told[e.lx.stem(w)] }
