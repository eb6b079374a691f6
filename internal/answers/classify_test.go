package answers

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// toyLines are a few questions of three classes and none.
func toyLines() ([]clfLine, []string) {
	classes := []string{"author", "date", "place", noneClass}
	texts := map[int][]string{
		0: {"who wrote the article", "who is the author", "who penned this piece", "whose byline is it", "which reporter wrote it"},
		1: {"when was it published", "what date did it run", "when did the piece come out", "what day was it written"},
		2: {"where was it written", "which city is the dateline", "where was the reporter", "what place is it from"},
		3: {"what is the weather", "who won the football match", "how tall is the tower"},
	}
	var lines []clfLine
	for class, list := range texts {
		for _, t := range list {
			lines = append(lines, clfLine{words: strings.Fields(t), class: class})
		}
	}
	return lines, classes
}

func best(p []float32) int {
	b := 0
	for k := range p {
		if p[k] > p[b] {
			b = k
		}
	}
	return b
}

func TestClassifierLearnsAndGeneralises(t *testing.T) {
	lines, classes := toyLines()
	// Without word vectors every row starts near zero, and a few lines need
	// more passes than the knowledge base's thousands.
	c := fitClassifier(lines, classes, nil, clfShape{buckets: 256, epochs: 200, rate: 0.5})
	for _, tc := range []struct {
		q    string
		want int
	}{
		{"who wrote the article", 0},
		{"when was it published", 1},
		{"who wrote this piece", 0},    // words seen, in a new order
		{"where was it writen", 2},     // a typo: its n-grams still count
		{"what date was published", 1}, // never seen whole
	} {
		p := c.predict(strings.Fields(tc.q), nil, nil)
		if p == nil {
			t.Fatalf("predict(%q) = nil", tc.q)
		}
		var sum float32
		for _, x := range p {
			sum += x
		}
		if sum < 0.99 || sum > 1.01 {
			t.Errorf("predict(%q) sums to %v", tc.q, sum)
		}
		if got := best(p); got != tc.want {
			t.Errorf("predict(%q) = class %q (%v), want %q", tc.q, classes[got], p, classes[tc.want])
		}
	}
}

func TestClassifierIsDeterministicAndRoundTrips(t *testing.T) {
	lines, classes := toyLines()
	shape := clfShape{buckets: 128, epochs: 10, rate: 0.5}
	a, b := fitClassifier(lines, classes, nil, shape), fitClassifier(lines, classes, nil, shape)
	if !bytes.Equal(a.marshal(), b.marshal()) {
		t.Fatal("the same lines gave two classifiers")
	}
	c, err := unmarshalClassifier(a.marshal())
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"who wrote it", "where", "zzz qqq"} {
		pa, pc := a.predict(strings.Fields(q), nil, nil), c.predict(strings.Fields(q), nil, nil)
		if len(pa) != len(pc) {
			t.Fatalf("%q: %v read back as %v", q, pa, pc)
		}
		for k := range pa {
			if pa[k] != pc[k] {
				t.Fatalf("%q: %v read back as %v", q, pa, pc)
			}
		}
	}
}

func TestCorruptClassifiersAreRefused(t *testing.T) {
	lines, classes := toyLines()
	good := fitClassifier(lines, classes, nil, clfShape{buckets: 64, epochs: 2, rate: 0.5}).marshal()
	for name, data := range map[string][]byte{
		"empty":     nil,
		"truncated": good[:len(good)/2],
		"one short": good[:len(good)-1],
		"trailing":  append(append([]byte(nil), good...), 0),
		"huge size": append([]byte{0xff, 0xff, 0xff, 0xff}, good[4:]...),
	} {
		if _, err := unmarshalClassifier(data); err == nil {
			t.Errorf("%s: a corrupt classifier was accepted", name)
		}
	}
}

// TestModelNamesItsClassifier checks that a model and its classifier file
// are read together, and that a missing or different file is refused.
func TestModelNamesItsClassifier(t *testing.T) {
	dir := os.DirFS("../../config")
	m, _, err := ReadModel(dir)
	if err != nil {
		t.Fatal(err)
	}
	if m.clf == nil || m.ClassifierSum == "" {
		t.Fatal("the embedded model has no classifier")
	}
	modelData, err := fs.ReadFile(dir, ModelFile)
	if err != nil {
		t.Fatal(err)
	}
	clf, err := fs.ReadFile(dir, ClassifierFile)
	if err != nil {
		t.Fatal(err)
	}
	other := append([]byte(nil), clf...)
	other[len(other)-1] ^= 1
	for name, files := range map[string]fstest.MapFS{
		"missing":   {ModelFile: {Data: modelData}},
		"different": {ModelFile: {Data: modelData}, ClassifierFile: {Data: other}},
	} {
		_, _, err := ReadModel(files)
		if !errors.Is(err, ErrInvalidKnowledge) || !strings.Contains(err.Error(), ClassifierFile) {
			t.Errorf("%s classifier: err = %v, want ErrInvalidKnowledge naming %s", name, err, ClassifierFile)
		}
	}
	if _, _, err := ReadModel(fstest.MapFS{}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("no model: err = %v, want fs.ErrNotExist", err)
	}
}

// TestGramsCountsAppendGrams checks the count hidden averages by for a
// fitted word against the rows fitting reads for it.
func TestGramsCountsAppendGrams(t *testing.T) {
	for _, w := range []string{"", "a", "ab", "abc", "nato", "stoltenberg", "s400", "überall", strings.Repeat("x", 40)} {
		if got, want := grams(w), len(appendGrams(nil, 0, 64, w)); got != want {
			t.Errorf("grams(%q) = %d, appendGrams gives %d", w, got, want)
		}
	}
}

// TestClassifierOfOtherFactsIsSetAside checks that an engine whose facts
// the classifier does not all know (one renamed since it was fitted) ranks
// and decides with the model's portable part, and still answers the renamed
// fact, and that bot check names the fact.
func TestClassifierOfOtherFactsIsSetAside(t *testing.T) {
	src, m := realSources(t)
	kb, article := src.Knowledge, src.Article
	vec := testVectors(t)
	e, err := New(kb, article, WithVectors(vec), WithModel(m))
	if err != nil {
		t.Fatal(err)
	}
	if e.clf == nil || e.model != m {
		t.Fatal("the embedded knowledge base is not weighed with its classifier")
	}
	renamed := *kb
	renamed.Facts = slices.Clone(kb.Facts)
	i := slices.IndexFunc(renamed.Facts, func(f Fact) bool { return f.ID == "author" })
	renamed.Facts[i].ID = "byline"
	e, err = New(&renamed, article, WithVectors(vec), WithModel(m))
	if err != nil {
		t.Fatal(err)
	}
	if e.clf != nil || e.model != m.Portable {
		t.Fatal("an engine with a fact the classifier does not know still weighs with it")
	}
	if a := e.Answer("who wrote this article?"); a.Status != StatusAnswered || a.FactID != "byline" {
		t.Errorf("the renamed fact: got %s %q", a.Status, a.FactID)
	}
}

// TestStandaloneSecondTurnIsAFirstQuestion checks that a complete question
// asked in a conversation, which reads the same alone, is weighed as a first
// question: with the classifier, at the confidence it has alone.
func TestStandaloneSecondTurnIsAFirstQuestion(t *testing.T) {
	src, m := realSources(t)
	e, err := New(src.Knowledge, src.Article, WithVectors(testVectors(t)), WithModel(m))
	if err != nil {
		t.Fatal(err)
	}
	_, c := e.Follow(Context{}, "Where was the article written?")
	q := "How many countries are in NATO?"
	alone := e.Answer(q)
	followed, _ := e.Follow(c, q)
	if alone.Status != StatusAnswered || followed.FactID != alone.FactID || followed.Confidence != alone.Confidence {
		t.Errorf("alone %s %q %.3f; as a second turn %s %q %.3f", alone.Status, alone.FactID, alone.Confidence,
			followed.Status, followed.FactID, followed.Confidence)
	}
}

// TestCheckNamesFactsTheClassifierDoesNotKnow checks that bot check says
// which facts came after the classifier.
func TestCheckNamesFactsTheClassifierDoesNotKnow(t *testing.T) {
	dir := os.DirFS("../../config")
	files := fstest.MapFS{}
	for _, name := range []string{KnowledgeFile, "article.txt", ModelFile, ClassifierFile} {
		data, err := fs.ReadFile(dir, name)
		if err != nil {
			t.Fatal(err)
		}
		files[name] = &fstest.MapFile{Data: data}
	}
	r := Check(files, WithVectors(testVectors(t)))
	if !strings.Contains(r.Model, "a classifier of") {
		t.Errorf("the embedded knowledge base: model %q", r.Model)
	}
	for _, w := range r.Warnings {
		if strings.Contains(w, ClassifierFile) {
			t.Errorf("the embedded knowledge base: %s", w)
		}
	}
	kb := string(files[KnowledgeFile].Data)
	files[KnowledgeFile] = &fstest.MapFile{Data: []byte(strings.Replace(kb, "id: author\n", "id: byline\n", 1))}
	r = Check(files, WithVectors(testVectors(t)))
	if !strings.Contains(r.Model, "without a classifier") {
		t.Errorf("a renamed fact: model %q", r.Model)
	}
	if !slices.ContainsFunc(r.Warnings, func(w string) bool { return strings.Contains(w, ClassifierFile) && strings.Contains(w, "byline") }) {
		t.Errorf("a renamed fact: warnings %q name neither the classifier nor the fact", r.Warnings)
	}
}

// secondArticle is the knowledge directory testdata/second as read, with
// its own classifier: the files by name.
func secondArticle(t *testing.T) fstest.MapFS {
	t.Helper()
	dir := os.DirFS("../../testdata/second")
	files := fstest.MapFS{}
	for _, name := range []string{KnowledgeFile, "article.txt", ClassifierFile} {
		data, err := fs.ReadFile(dir, name)
		if err != nil {
			t.Fatal(err)
		}
		files[name] = &fstest.MapFile{Data: data}
	}
	return files
}

// TestOwnClassifierWithBorrowedModel checks that a knowledge directory with
// a classifier of its own and no model.json ranks and decides with the
// borrowed model's full part and that classifier, not the portable part,
// and that bot check says so.
func TestOwnClassifierWithBorrowedModel(t *testing.T) {
	_, m := realSources(t)
	vec := testVectors(t)
	files := secondArticle(t)
	e, err := Load(files, WithVectors(vec), WithDefaultModel(m))
	if err != nil {
		t.Fatal(err)
	}
	if e.clf == nil || e.model.ClassifierSum != m.ClassifierSum || e.model.clf == m.clf {
		t.Fatal("the directory's classifier is not weighed with the borrowed model's full part")
	}
	r := Check(files, WithVectors(vec), WithDefaultModel(m))
	if !r.OK() && slices.ContainsFunc(r.Problems, func(p string) bool { return strings.Contains(p, ClassifierFile) }) {
		t.Errorf("check: %q", r.Problems)
	}
	if !strings.Contains(r.Model, "a classifier of 53 facts and gaps") {
		t.Errorf("check: model %q", r.Model)
	}
	withClf := e.Version()
	delete(files, ClassifierFile)
	if e, err = Load(files, WithVectors(vec), WithDefaultModel(m)); err != nil {
		t.Fatal(err)
	}
	if e.clf != nil || e.model != m.Portable {
		t.Error("without a classifier of its own, the directory is not weighed with the portable part")
	}
	if e.Version() == withClf {
		t.Error("the engine's version does not tell the directory's classifier")
	}
}

// TestOwnClassifierOfOtherFactsIsSetAside checks that a directory's
// classifier fitted before one of its facts existed is set aside, the
// portable part weighing instead, and that bot check names the fact and
// the command to refit it.
func TestOwnClassifierOfOtherFactsIsSetAside(t *testing.T) {
	_, m := realSources(t)
	files := secondArticle(t)
	kb := string(files[KnowledgeFile].Data)
	renamed := strings.Replace(kb, "id: fares\n", "id: tickets\n", 1)
	if renamed == kb {
		t.Fatal("no fact fares to rename")
	}
	files[KnowledgeFile] = &fstest.MapFile{Data: []byte(renamed)}
	e, err := Load(files, WithVectors(testVectors(t)), WithDefaultModel(m))
	if err != nil {
		t.Fatal(err)
	}
	if e.clf != nil || e.model != m.Portable {
		t.Error("a classifier missing a fact is still weighed")
	}
	r := Check(files, WithVectors(testVectors(t)), WithDefaultModel(m))
	if !slices.ContainsFunc(r.Warnings, func(w string) bool {
		return strings.Contains(w, ClassifierFile) && strings.Contains(w, "tickets") && strings.Contains(w, "--classifier-only")
	}) {
		t.Errorf("warnings %q name neither the classifier, the fact nor the command", r.Warnings)
	}
}

// TestCorruptOrMismatchedOwnClassifierIsRefused checks that a directory's
// classifier that cannot stand in for the borrowed model's own is refused
// with an error naming it, by Load and by bot check, not set aside.
func TestCorruptOrMismatchedOwnClassifierIsRefused(t *testing.T) {
	_, m := realSources(t)
	vec := testVectors(t)
	good := secondArticle(t)[ClassifierFile].Data
	c, err := unmarshalClassifier(good)
	if err != nil {
		t.Fatal(err)
	}
	const dims = 4 // a classifier of the same entries, other word vectors
	small := &classifier{dims: dims, classes: c.classes, words: map[string]int32{}, buckets: 1,
		in: quantize(make([]float32, dims), dims), out: quantize(make([]float32, len(c.classes)*dims), dims)}
	mainClf, err := os.ReadFile("../../config/" + ClassifierFile)
	if err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		data  []byte
		model *Model
	}{
		"truncated":                      {good[:len(good)/2], m},
		"of another knowledge base":      {mainClf, m},
		"of other word vectors":          {small.marshal(), m},
		"for a model without classifier": {good, m.Portable},
	} {
		files := secondArticle(t)
		files[ClassifierFile] = &fstest.MapFile{Data: tc.data}
		_, err := Load(files, WithVectors(vec), WithDefaultModel(tc.model))
		if !errors.Is(err, ErrInvalidKnowledge) || !strings.Contains(err.Error(), ClassifierFile) {
			t.Errorf("%s: err = %v, want ErrInvalidKnowledge naming %s", name, err, ClassifierFile)
		}
		r := Check(files, WithVectors(vec), WithDefaultModel(tc.model))
		if !slices.ContainsFunc(r.Problems, func(p string) bool { return strings.Contains(p, ClassifierFile) }) {
			t.Errorf("%s: check's problems %q do not name %s", name, r.Problems, ClassifierFile)
		}
	}
}
