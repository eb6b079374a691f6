package answers

import (
	"fmt"
	"io/fs"
	"strings"
)

// Report is the result of checking a knowledge base against its article.
type Report struct {
	Facts, Gaps, SynonymGroups, Paragraphs int
	// Problems are errors: the knowledge base must not be used until they are fixed.
	Problems []string
	// Covered lists, for each paragraph (index 0 is paragraph 1), the facts quoting it.
	Covered [][]string
	// Uncovered are the paragraphs no fact quotes.
	Uncovered []int
	// Warnings do not stop the knowledge base from being used, but call
	// for a step: a model fitted before the last curation.
	Warnings []string
	// Model says what the engine ranks and decides with.
	Model string
}

// OK reports whether the knowledge base passed every check.
func (r Report) OK() bool { return len(r.Problems) == 0 }

// Check validates the knowledge base in fsys: it parses, every quote is an
// exact substring of the article standing in the paragraph given, ids are
// unique, no two facts share a question, synonyms are consistent, and every
// paragraph is quoted by at least one fact.
func Check(fsys fs.FS, opts ...Option) Report {
	var r Report
	fail := func(err error) Report {
		for _, line := range strings.Split(unwrapJoined(err), "\n") {
			if line != "" {
				r.Problems = append(r.Problems, line)
			}
		}
		return r
	}
	src, err := ReadSources(fsys)
	if err != nil {
		return fail(err)
	}
	kb := src.Knowledge
	r.Facts, r.Gaps, r.SynonymGroups = len(kb.Facts), len(kb.Gaps), len(kb.Synonyms)
	art := newArticle(src.Article)
	r.Paragraphs = len(art.paragraphs)
	r.Covered = make([][]string, len(art.paragraphs))
	for _, f := range kb.Facts {
		for _, q := range f.Quotes {
			if art.inParagraph(q.Text, q.Paragraph) {
				r.Covered[q.Paragraph-1] = append(r.Covered[q.Paragraph-1], f.ID)
			}
		}
	}
	for i, ids := range r.Covered {
		if len(ids) == 0 {
			r.Uncovered = append(r.Uncovered, i+1)
			r.Problems = append(r.Problems, fmt.Sprintf("paragraph %d: no fact quotes it: %q", i+1, truncate(art.paragraphs[i], 80)))
		}
	}
	eng, err := src.engine(fsys, opts)
	if err != nil {
		return fail(err)
	}
	r.Problems = append(r.Problems, eng.kindProblems()...)
	r.Model = eng.modelSummary()
	retrain := "bot train"
	switch {
	case src.borrowed != nil:
		r.Warnings = append(r.Warnings, fmt.Sprintf("no %s here: the model given (the embedded one, from bot) is used with this directory's %s; with labelled questions, \"bot --kb DIR train --train T --valid V\" fits one for this knowledge base", ModelFile, ClassifierFile))
		retrain = "bot train --classifier-only"
	case src.model == nil:
		r.Warnings = append(r.Warnings, fmt.Sprintf("no %s here: the model given (the embedded one, from bot) is used; with labelled questions, \"bot --kb DIR train --train T --valid V\" fits one for this knowledge base", ModelFile))
	case src.model.Fitted.Knowledge != KnowledgeVersion(src.Data):
		r.Warnings = append(r.Warnings, fmt.Sprintf("%s was fitted for another version of %s: run \"bot train\" after curating", ModelFile, KnowledgeFile))
	}
	c := src.model.classifier()
	if src.borrowed != nil {
		c = src.clf
	}
	if c != nil {
		if ids := c.unknown(eng.entries); len(ids) > 0 {
			r.Warnings = append(r.Warnings, fmt.Sprintf("%s was fitted before %s existed: every question is weighed without it until %q",
				ClassifierFile, strings.Join(ids, ", "), retrain))
		}
	}
	return r
}

// unwrapJoined prints the errors inside an errors.Join one per line, without
// repeating the sentinel each carries.
func unwrapJoined(err error) string {
	var lines []string
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			lines = append(lines, unwrapJoined(e))
		}
		return strings.Join(lines, "\n")
	}
	return strings.TrimPrefix(err.Error(), ErrInvalidKnowledge.Error()+": ")
}

// kindProblems are the facts tagged with a kind their answer does not give:
// "place" with no place named, "time" with no time, "count" with no
// number. Such a tag makes a fact answer questions it cannot ("where was
// the meeting?" answered with whom Blinken met).
func (e *Engine) kindProblems() []string {
	var out []string
	for _, en := range e.entries {
		if en.gap {
			continue
		}
		d := detailsOf(splitWords(en.Answer))
		for _, k := range en.Kinds {
			var lacks string
			switch k {
			case KindPlace:
				if !e.namesPlace(en.Answer) {
					lacks = "names no place"
				}
			case KindTime:
				if len(d.times) == 0 {
					lacks = "gives no time"
				}
			case KindCount:
				if len(d.numbers) == 0 {
					lacks = "gives no number"
				}
			}
			if lacks != "" {
				out = append(out, fmt.Sprintf("fact %s: tagged %s, but its answer %s", en.ID, k, lacks))
			}
		}
	}
	return out
}

// namesPlace reports whether a text names one of the knowledge base's
// places or one of its words for a place ("airfield").
func (e *Engine) namesPlace(text string) bool {
	if e.isPlaceWord(text) {
		return true
	}
	for _, w := range splitWords(text) {
		for _, n := range e.reading.PlaceNouns {
			if w.text == n {
				return true
			}
		}
	}
	return false
}
