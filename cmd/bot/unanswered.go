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
// reads the rotated files too, oldest first. The log is the one bot serve
// writes, unanswered.path from the configuration file (--config or
// BOT_CONFIG) and the environment (BOT_UNANSWERED_PATH), unless FILE names
// another; the configuration's kb, when set, is the knowledge base it is
// read against, as for serve.
func cmdUnanswered(kb fs.FS, args []string, stdout io.Writer) error {
	fl := flag.NewFlagSet("unanswered", flag.ContinueOnError)
	limit := fl.Int("limit", 30, "show at most this many groups")
	file := fl.String("config", "", "configuration file, as for serve")
	if err := parseFlags(fl, args, "[FILE]", "Summarises the unanswered log for curators: questions grouped by meaning, most frequent\nfirst, each with the fact that came closest. The log is unanswered.path of the\nconfiguration (--config, BOT_CONFIG, BOT_UNANSWERED_PATH) unless FILE names one."); err != nil {
		return err
	}
	if fl.NArg() > 1 {
		return fmt.Errorf("%w: unanswered takes at most one file", errUsage)
	}
	var cfgArgs []string
	if *file != "" {
		cfgArgs = []string{"--config", *file}
	}
	cfg, err := loadConfig("unanswered", cfgArgs, os.LookupEnv, "")
	if err != nil {
		return err
	}
	path := cfg.Unanswered.Path
	if fl.NArg() == 1 {
		path = fl.Arg(0)
	}
	if path == "" {
		return errors.New("the unanswered log is off (unanswered.path is empty): name the file to summarise")
	}
	if cfg.KB != "" {
		if kb, err = knowledge(cfg.KB); err != nil {
			return err
		}
	}
	eng, err := loadEngine(kb)
	if err != nil {
		return err
	}
	entries, skipped, files, err := unanswered.ReadLog(path)
	if err != nil {
		return err
	}
	if files == 0 {
		return fmt.Errorf("no unanswered log at %s (bot serve writes it there: unanswered.path, "+
			"set with --config or BOT_UNANSWERED_PATH, or name the file)", path)
	}
	printLogSource(stdout, path, files, skipped)
	return unanswered.Format(stdout, unanswered.Summarise(entries, eng), *limit)
}

// printLogSource says where the questions of a summary came from: the log
// at path and how many rotated files, and how many lines were unreadable.
// One header counts the questions: Format's.
func printLogSource(stdout io.Writer, path string, files, skipped int) {
	some := func(n int, noun string) string {
		if n == 1 {
			return "1 " + noun
		}
		return fmt.Sprintf("%d %ss", n, noun)
	}
	fmt.Fprintf(stdout, "From %s", path)
	if files > 1 {
		fmt.Fprintf(stdout, " and %s", some(files-1, "rotated file"))
	}
	if skipped > 0 {
		fmt.Fprintf(stdout, " (%s skipped)", some(skipped, "unreadable line"))
	}
	fmt.Fprintln(stdout, ":")
}
