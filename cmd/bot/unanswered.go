package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/articlebot/articlebot/internal/unanswered"
)

// cmdUnanswered summarises the unanswered log for a curator: paraphrases
// grouped, most frequent first, each with the fact that came closest. It
// reads the rotated files too, oldest first.
func cmdUnanswered(kb fs.FS, args []string, stdout io.Writer) error {
	fl := flag.NewFlagSet("unanswered", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	limit := fl.Int("limit", 30, "show at most this many groups")
	if err := fl.Parse(args); err != nil {
		return fmt.Errorf("%w: unanswered: %v", errUsage, err)
	}
	if fl.NArg() > 1 {
		return fmt.Errorf("%w: unanswered takes at most one file", errUsage)
	}
	path := defaultConfig().Unanswered.Path
	if fl.NArg() == 1 {
		path = fl.Arg(0)
	}
	eng, err := loadEngine(kb)
	if err != nil {
		return err
	}
	var entries []unanswered.Entry
	skipped, files := 0, 0
	for i := 100; i >= 0; i-- { // path.100 ... path.1, then path
		name := path
		if i > 0 {
			name = fmt.Sprintf("%s.%d", path, i)
		}
		f, err := os.Open(name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("reading the unanswered log: %w", err)
		}
		es, sk, err := unanswered.Read(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("reading %s: %w", name, err)
		}
		entries, skipped, files = append(entries, es...), skipped+sk, files+1
	}
	if files == 0 {
		return fmt.Errorf("no unanswered log at %s (bot serve writes it; see unanswered.path)", path)
	}
	groups := unanswered.Summarise(entries, eng)
	fmt.Fprintf(stdout, "%d unanswered questions in %d groups, from %s", len(entries), len(groups), path)
	if files > 1 {
		fmt.Fprintf(stdout, " and %d rotated files", files-1)
	}
	if skipped > 0 {
		fmt.Fprintf(stdout, " (%d unreadable lines skipped)", skipped)
	}
	fmt.Fprintln(stdout)
	return unanswered.Format(stdout, groups, *limit)
}
