package main

import (
	"flag"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/articlebot/articlebot/internal/answers"
)

func cmdCheck(kb fs.FS, args []string, stdout io.Writer) error {
	fl := flag.NewFlagSet("check", flag.ContinueOnError)
	if err := parseFlags(fl, args, "", "Validates the knowledge base against the article; exits 1 on any problem."); err != nil {
		return err
	}
	opts, err := engineOptions(kb)
	if err != nil {
		fmt.Fprintf(stdout, "problem: %v\n", err)
		return errFailed
	}
	vec, _ := wordVectors()
	if err := vec.Verify(); err != nil {
		fmt.Fprintf(stdout, "problem: the embedded word vectors: %v (rebuild them with \"bot vectors\")\n", err)
		return errFailed
	}
	fmt.Fprintf(stdout, "word vectors: %d words of %d dimensions, checksum ok\n", vec.Len(), vec.Dims())
	r := answers.Check(kb, opts...)
	fmt.Fprintf(stdout, "knowledge base: %d facts, %d gaps, %d synonym groups; article: %d paragraphs\n",
		r.Facts, r.Gaps, r.SynonymGroups, r.Paragraphs)
	if len(r.Covered) > 0 {
		fmt.Fprintln(stdout, "coverage (paragraph: facts quoting it):")
		for i, ids := range r.Covered {
			list := strings.Join(ids, ", ")
			if list == "" {
				list = "NONE"
			}
			fmt.Fprintf(stdout, "  %2d: %s\n", i+1, list)
		}
	}
	if r.Model != "" {
		fmt.Fprintf(stdout, "model: %s\n", r.Model)
	}
	for _, w := range r.Warnings {
		fmt.Fprintf(stdout, "warning: %s\n", w)
	}
	if r.OK() {
		fmt.Fprintln(stdout, "ok: every quote is verbatim and in its paragraph, ids and questions are unique, every paragraph is covered")
		return nil
	}
	fmt.Fprintf(stdout, "%d problems:\n", len(r.Problems))
	for _, p := range r.Problems {
		fmt.Fprintf(stdout, "  - %s\n", p)
	}
	return errFailed
}
