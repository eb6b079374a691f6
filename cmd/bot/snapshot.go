package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/articlebot/articlebot/internal/answers"
)

// cmdSnapshot builds the engine from a knowledge directory on disk and writes
// its snapshot beside the knowledge base (`go generate ./config` runs it for
// the embedded one). Starting from a snapshot needs no analysis of the
// knowledge base; a snapshot that no longer matches its sources is ignored.
func cmdSnapshot(kbDir string, args []string, stdout io.Writer) error {
	fl := flag.NewFlagSet("snapshot", flag.ContinueOnError)
	out := fl.String("out", "", "the file to write (default DIR/"+answers.SnapshotFile+")")
	if err := parseFlags(fl, args, "", "Writes the engine's snapshot of the knowledge directory (--kb, default config)."); err != nil {
		return err
	}
	kbDir, src, err := sourcesOnDisk("snapshot", kbDir)
	if err != nil {
		return err
	}
	if *out == "" {
		*out = filepath.Join(kbDir, answers.SnapshotFile)
	}
	opts, err := engineOptions(os.DirFS(kbDir))
	if err != nil {
		return err
	}
	switch model, _, err := answers.ReadModel(os.DirFS(kbDir)); {
	case err == nil:
		opts = append(opts, answers.WithModel(model))
	case !errors.Is(err, fs.ErrNotExist):
		return err
	}
	eng, err := answers.New(src.Knowledge, src.Article, opts...)
	if err != nil {
		return err
	}
	snap, err := eng.Snapshot(src.Data)
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, snap, 0o644); err != nil {
		return fmt.Errorf("snapshot: %w", err)
	}
	fmt.Fprintf(stdout, "wrote %s: %d bytes\n", *out, len(snap))
	return nil
}
