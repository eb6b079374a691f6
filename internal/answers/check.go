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
	data, err := fs.ReadFile(fsys, KnowledgeFile)
	if err != nil {
		return fail(fmt.Errorf("reading the knowledge base: %w", err))
	}
	kb, err := ParseKnowledge(data)
	if err != nil {
		return fail(err)
	}
	r.Facts, r.Gaps, r.SynonymGroups = len(kb.Facts), len(kb.Gaps), len(kb.Synonyms)
	text, err := fs.ReadFile(fsys, kb.Article.File)
	if err != nil {
		return fail(fmt.Errorf("reading the article %q: %w", kb.Article.File, err))
	}
	art := newArticle(string(text))
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
	if _, err := Load(fsys, opts...); err != nil {
		return fail(err)
	}
	if m, err := fs.ReadFile(fsys, ModelFile); err == nil {
		if model, err := ParseModel(m); err == nil && model.Fitted.Knowledge != KnowledgeVersion(data) {
			r.Warnings = append(r.Warnings, fmt.Sprintf("%s was fitted for another version of %s: run \"bot train\" after curating", ModelFile, KnowledgeFile))
		}
	} else {
		r.Warnings = append(r.Warnings, fmt.Sprintf("no %s here: the model given (the embedded one, from bot) is used; with labelled questions, \"bot --kb DIR train --train T --valid V\" fits one for this knowledge base", ModelFile))
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
