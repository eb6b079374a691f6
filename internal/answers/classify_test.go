package answers

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
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
			lines = append(lines, clfLine{words: strings.Fields(t), class: class, weight: 1})
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
		p := c.predict(strings.Fields(tc.q), nil)
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
		pa, pc := a.predict(strings.Fields(q), nil), c.predict(strings.Fields(q), nil)
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
