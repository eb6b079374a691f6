package answers

import (
	"strings"
	"testing"
)

// TestBusinessNounsStandForOneAnother checks that a question asking for the
// company behind something is answered by a fact naming the agency that
// runs it, and that a body of another sort ("bank") still needs its own.
func TestBusinessNounsStandForOneAnother(t *testing.T) {
	_, m := realSources(t)
	e, err := Load(secondArticle(t), WithVectors(testVectors(t)), WithDefaultModel(m))
	if err != nil {
		t.Fatal(err)
	}
	if a := e.Answer("which company runs the tram?"); a.Status != StatusAnswered || !strings.Contains(a.Text, "Marrick Regional Transit") {
		t.Errorf("which company runs the tram? got %s %q (%s)", a.Status, a.Text, a.Why.Reason)
	}
	if a := e.Answer("which bank runs the tram?"); a.Status == StatusAnswered {
		t.Errorf("which bank runs the tram? got %s %q; no bank runs it", a.Status, a.Text)
	}
}
