package answers

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"math"
	"slices"
)

// SnapshotFile is the name of an engine snapshot inside a knowledge
// directory: the engine as New builds it from knowledge.yaml and the article,
// so that starting needs no analysis. `bot snapshot` (go generate ./config)
// writes it; Load uses it only while it matches its sources, and builds the
// engine otherwise.
const SnapshotFile = "engine.snap"

// snapshot is an Engine's built state, in exported fields for encoding/gob.
// It holds everything New derives from a knowledge base, its article and the
// word vectors; the model, options and memos stay outside.
type snapshot struct {
	// Format is snapshotFormat when the snapshot was written.
	Format int
	// Knowledge and Article are hashes of the sources; Vectors the checksum
	// of the word-vector table the meanings come from (0 without one).
	Knowledge, Article string
	Vectors            uint32
	ArticleFile        string
	ArticleText        string
	Info               ArticleInfo
	Reading            Reading
	Lexicon            lexiconSnapshot
	Entries            []entrySnapshot
	TermNames          []string
	Weight             []float64
	Postings           [][]int32
	VarPostings        [][]int32
	VariantOf          []int32
	VariantNorm        []float64
	VariantKind        []Kind
	UnknownWeight      float64
	Topics             []Topic
	People, Places     []string
	PeopleHeads        []string
	PlaceHeads         []string
	Exact              pairs[int]
	Told               []string
	// The meanings, when built with word vectors.
	Centroid, AnswerMean    floats
	VariantMean, WordMeans  quantizedBlob
	PersonMeans, PlaceMeans floats
	NameMeans               floats
	WordIndex               pairs[int32]
	Known                   pairs[int32]
}

type lexiconSnapshot struct {
	Phrases      pairs[string]
	Longest      int
	StartLen     pairs[int]
	Loose        pairs[string]
	LooseStart   []string
	LongestLoose int
	Surface      pairs[int]
	Stems        pairs[int]
	StemOf       pairs[string]
	Names        pairs[[]string]
	NameGroups   []string
	FirstWords   pairs[[]string]
	Heads        pairs[string]
	Short        pairs[[]string]
	CapitalOnly  []string
}

// quantizedBlob is a quantized table as gob decodes fastest: its values as
// bytes, which gob copies whole, where int8s it reads one by one.
type quantizedBlob struct {
	Scales floats
	Values []byte
}

func (q quantized) blob() quantizedBlob {
	b := quantizedBlob{Scales: toFloats(q.Scales), Values: make([]byte, len(q.Values))}
	for i, v := range q.Values {
		b.Values[i] = byte(v)
	}
	return b
}

func (b quantizedBlob) quantized() quantized {
	q := quantized{Scales: b.Scales.slice(), Values: make([]int8, len(b.Values))}
	for i, v := range b.Values {
		q.Values[i] = int8(v)
	}
	return q
}

// floats is a []float32 as little-endian bytes, which gob copies whole.
type floats []byte

func toFloats(fs []float32) floats {
	b := make(floats, 4*len(fs))
	for i, f := range fs {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(f))
	}
	return b
}

func (b floats) slice() []float32 {
	if len(b) == 0 {
		return nil
	}
	fs := make([]float32, len(b)/4)
	for i := range fs {
		fs[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return fs
}

// pairs is a map as two lists sorted by key: gob writes a map in no set
// order, and a snapshot must come out the same every time it is built.
type pairs[V any] struct {
	Keys   []string
	Values []V
}

func toPairs[V any](m map[string]V) pairs[V] {
	p := pairs[V]{Keys: keys(m)}
	for _, k := range p.Keys {
		p.Values = append(p.Values, m[k])
	}
	return p
}

// byNumber is the pairs of each word of vocab and its value in values, by
// the word's number.
func byNumber[V any](vocab map[string]int32, values []V) pairs[V] {
	p := pairs[V]{Keys: keys(vocab)}
	for _, k := range p.Keys {
		p.Values = append(p.Values, values[vocab[k]])
	}
	return p
}

// numbers numbers keys in their order.
func numbers(keys []string) map[string]int32 {
	m := make(map[string]int32, len(keys))
	for i, k := range keys {
		m[k] = int32(i)
	}
	return m
}

func (p pairs[V]) toMap() map[string]V {
	m := make(map[string]V, len(p.Keys))
	for i, k := range p.Keys {
		m[k] = p.Values[i]
	}
	return m
}

type entrySnapshot struct {
	Fact          Fact
	Gap           bool
	Speaker       termSet
	Variants      []termSet
	All, Subject  termSet
	ReportsSpeech bool
	QuoteTerms    []termSet
	Said          termSet
	FirstVariant  int
	Numbers       []string
	Money         []string
	Times         []string
	Spans         []string
	Names         []string
	SaidStems     []string
	Compares      bool
	QuotesWords   bool
	SaidWords     []int32
}

// snapshotFormat numbers the ways of deriving an engine from its sources:
// raise it whenever New derives something new, so that a snapshot written
// by an older build is ignored rather than restored without it.
const snapshotFormat = 5

// sourcesHash names a source file by its contents.
func sourcesHash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// Snapshot encodes the engine's built state, for SnapshotFile. knowledge is
// the knowledge.yaml it was built from.
func (e *Engine) Snapshot(knowledge []byte) ([]byte, error) {
	s := snapshot{
		Format: snapshotFormat, Knowledge: sourcesHash(knowledge), Article: sourcesHash([]byte(e.art.text)),
		ArticleFile: e.articleFile, ArticleText: e.art.text, Info: e.info, Reading: e.reading,
		TermNames: e.termNames, Weight: e.weight, Postings: e.postings, VarPostings: e.varPostings,
		VariantOf: e.variantOf, VariantNorm: e.variantNorm, VariantKind: e.variantKind,
		UnknownWeight: e.unknownWeight, Topics: e.topics, People: keys(e.people), Places: keys(e.places),
		PeopleHeads: e.peopleHeads, PlaceHeads: e.placeHeads, Exact: toPairs(e.exact), Told: keys(e.told),
	}
	lx := e.lx
	s.Lexicon = lexiconSnapshot{
		Phrases: toPairs(lx.phrases), Longest: lx.longest, StartLen: toPairs(lx.startLen), Loose: toPairs(lx.loose),
		LooseStart: keys(lx.looseStart), LongestLoose: lx.longestLoose, Surface: toPairs(lx.surface),
		Stems: toPairs(lx.stems), StemOf: byNumber(lx.vocab, lx.vocabStems), Names: toPairs(byteKeys(lx.names)),
		NameGroups: keys(lx.nameGroups), FirstWords: toPairs(lx.firstWords), Heads: toPairs(lx.heads),
		Short: toPairs(byteKeys(lx.short)), CapitalOnly: keys(lx.capitalOnly),
	}
	for _, en := range e.entries {
		s.Entries = append(s.Entries, entrySnapshot{
			Fact: en.Fact, Gap: en.gap, Speaker: en.speaker, Variants: en.variants, All: en.all,
			Subject: en.subject, ReportsSpeech: en.reportsSpeech, QuoteTerms: en.quoteTerms, Said: en.said,
			FirstVariant: en.firstVariant, Numbers: en.details.numbers, Money: en.details.money,
			Times: en.details.times, Spans: en.details.spans, Names: en.names, SaidStems: keys(en.saidStems), Compares: en.compares,
			QuotesWords: en.quotesWords, SaidWords: en.saidWords,
		})
	}
	if e.mean != nil {
		s.Vectors = e.mean.table.Checksum()
		s.Centroid, s.AnswerMean, s.VariantMean = toFloats(e.centroid), toFloats(e.answerMean), e.variantQ.blob()
		s.PersonMeans, s.PlaceMeans = toFloats(e.personMeans), toFloats(e.placeMeans)
		s.NameMeans, s.WordMeans = toFloats(e.nameMeans), e.wordQ.blob()
		s.WordIndex, s.Known = toPairs(e.wordIndex), byNumber(lx.vocab, e.mean.known)
	}
	// gzip at its best halves the snapshot, which the binary embeds, for
	// a few milliseconds of start-up; its header has no time or name, so
	// the same engine gives the same bytes.
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if err := gob.NewEncoder(zw).Encode(&s); err != nil {
		return nil, fmt.Errorf("encoding the engine snapshot: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("encoding the engine snapshot: %w", err)
	}
	return buf.Bytes(), nil
}

// snapshotPayload is a snapshot as gob encoded it, before compression.
func snapshotPayload(data []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	out := bytes.NewBuffer(make([]byte, 0, 3*len(data)))
	if _, err := io.Copy(out, zr); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// fromSnapshot restores an engine from a snapshot of it, when the snapshot
// was taken from these sources and these word vectors. It returns nil, nil
// when the snapshot does not match: the caller builds the engine instead.
func fromSnapshot(fsys fs.FS, knowledge []byte, opts []Option) (*Engine, error) {
	return restore(fsys, readSnapshot(fsys), knowledge, opts)
}

// readSnapshot reads and decodes the snapshot in fsys; nil when there is
// none or it is of an older format.
func readSnapshot(fsys fs.FS) *snapshot {
	data, err := fs.ReadFile(fsys, SnapshotFile)
	if err != nil {
		return nil
	}
	payload, err := snapshotPayload(data)
	if err != nil {
		return nil
	}
	var s snapshot
	if err := gob.NewDecoder(bytes.NewReader(payload)).Decode(&s); err != nil {
		return nil
	}
	return &s
}

// restore is fromSnapshot with the snapshot read (nil for none).
func restore(fsys fs.FS, sp *snapshot, knowledge []byte, opts []Option) (*Engine, error) {
	if sp == nil {
		return nil, nil // none, or an older format: build instead
	}
	s := *sp
	if s.Format != snapshotFormat || s.Knowledge != sourcesHash(knowledge) {
		return nil, nil
	}
	text, err := fs.ReadFile(fsys, s.ArticleFile)
	if err != nil || sourcesHash(text) != s.Article || string(text) != s.ArticleText {
		return nil, nil
	}
	e := &Engine{info: s.Info, art: newArticle(s.ArticleText), articleFile: s.ArticleFile, reading: s.Reading, restored: true}
	for _, o := range opts {
		o(e)
	}
	if e.mean != nil && e.mean.table.Checksum() != s.Vectors || e.mean == nil && s.Vectors != 0 {
		return nil, nil // built with other word vectors
	}
	if e.model == nil {
		e.model = e.defaultModel
	}
	if e.model == nil && !e.training {
		return nil, ErrNoModel
	}
	e.reader = newReader(s.Reading)
	l := s.Lexicon
	e.lx = &lexicon{
		phrases: l.Phrases.toMap(), longest: l.Longest, startLen: l.StartLen.toMap(), loose: l.Loose.toMap(),
		looseStart: set(l.LooseStart), longestLoose: l.LongestLoose, surface: l.Surface.toMap(), stems: l.Stems.toMap(),
		vocab: numbers(l.StemOf.Keys), vocabStems: l.StemOf.Values, names: fromByteKeys(l.Names.toMap()), nameGroups: set(l.NameGroups),
		firstWords: l.FirstWords.toMap(), heads: l.Heads.toMap(), short: fromByteKeys(l.Short.toMap()),
		capitalOnly: set(l.CapitalOnly),
	}
	e.lx.indexSurface()
	e.termNames, e.weight, e.postings, e.varPostings = s.TermNames, s.Weight, s.Postings, s.VarPostings
	e.termID = make(map[string]int32, len(s.TermNames))
	for i, t := range s.TermNames {
		e.termID[t] = int32(i)
	}
	e.variantOf, e.variantNorm, e.variantKind, e.unknownWeight = s.VariantOf, s.VariantNorm, s.VariantKind, s.UnknownWeight
	e.kinds, e.kindNo = numberKinds(e.variantKind)
	e.topics, e.people, e.places = s.Topics, set(s.People), set(s.Places)
	e.peopleHeads, e.placeHeads, e.exact, e.told = s.PeopleHeads, s.PlaceHeads, s.Exact.toMap(), set(s.Told)
	for _, x := range s.Entries {
		e.entries = append(e.entries, &entry{
			Fact: x.Fact, gap: x.Gap, speaker: x.Speaker, variants: x.Variants, all: x.All, subject: x.Subject,
			reportsSpeech: x.ReportsSpeech, quoteTerms: x.QuoteTerms, said: x.Said, firstVariant: x.FirstVariant,
			details: details{numbers: x.Numbers, money: x.Money, times: x.Times, spans: x.Spans}, names: x.Names,
			saidStems: set(x.SaidStems), compares: x.Compares, quotesWords: x.QuotesWords, saidWords: x.SaidWords,
		})
	}
	e.groupKinds()
	if e.mean != nil {
		e.centroid, e.answerMean = s.Centroid.slice(), s.AnswerMean.slice()
		e.variantQ, e.wordQ = s.VariantMean.quantized(), s.WordMeans.quantized()
		e.personMeans, e.placeMeans, e.nameMeans = s.PersonMeans.slice(), s.PlaceMeans.slice(), s.NameMeans.slice()
		if !slices.Equal(s.Known.Keys, l.StemOf.Keys) {
			return nil, nil // not numbered as the vocabulary: build instead
		}
		e.wordIndex, e.mean.vocab, e.mean.known = s.WordIndex.toMap(), e.lx.vocab, s.Known.Values
		e.lx.isWord = func(w string) bool { return e.mean.find(w) >= 0 }
		e.lx.wordNear = e.wordCosine
	}
	e.scratch.New = func() any { return &scratch{} }
	if e.model != nil {
		e.useClassifier(e.model.clf)
	}
	return e, nil
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func set(list []string) map[string]bool {
	m := make(map[string]bool, len(list))
	for _, k := range list {
		m[k] = true
	}
	return m
}

func byteKeys(m map[byte][]string) map[string][]string {
	out := make(map[string][]string, len(m))
	for k, v := range m {
		out[string(k)] = v
	}
	return out
}

func fromByteKeys(m map[string][]string) map[byte][]string {
	out := make(map[byte][]string, len(m))
	for k, v := range m {
		out[k[0]] = v
	}
	return out
}
