package answers

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"

	"github.com/articlebot/articlebot/config"
	"github.com/articlebot/articlebot/internal/wordvec"
)

// testVectors opens the embedded word vectors.
func testVectors(t testing.TB) *wordvec.Table {
	t.Helper()
	vec, err := wordvec.Open(config.Vectors)
	if err != nil {
		t.Fatal(err)
	}
	return vec
}

// embeddedEngine is a fresh engine of the embedded knowledge base, model
// and word vectors.
func embeddedEngine(t testing.TB) *Engine {
	t.Helper()
	e, err := Load(config.Knowledge, WithVectors(testVectors(t)))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// realSources is the knowledge directory config/ as read, with its model.
func realSources(t testing.TB) (*Sources, *Model) {
	t.Helper()
	dir := os.DirFS("../../config")
	src, err := ReadSources(dir)
	if err != nil {
		t.Fatal(err)
	}
	m, _, err := ReadModel(dir)
	if err != nil {
		t.Fatal(err)
	}
	return src, m
}

// SetQuestions is setQuestions, for the tests of package answers_test.
var SetQuestions = setQuestions

// setQuestions are the questions of question-set files, in order.
func setQuestions(t testing.TB, paths ...string) []string {
	t.Helper()
	var out []string
	for _, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			var c struct{ Q string }
			if json.Unmarshal(sc.Bytes(), &c) == nil {
				out = append(out, c.Q)
			}
		}
		f.Close()
	}
	return out
}
