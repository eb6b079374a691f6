package unanswered

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// Read parses a log written by Log. It tolerates damage a crash or a
// rotation can leave, such as a truncated last line: a line that is not a
// JSON object with a question is skipped and counted in skipped. Blank lines
// are ignored and not counted. The error is only for a failing reader.
// ReadLog reads a whole log, rotated files and all.
func Read(r io.Reader) (entries []Entry, skipped int, err error) {
	br := bufio.NewReader(r)
	for {
		line, rerr := br.ReadBytes('\n')
		if rerr != nil && !errors.Is(rerr, io.EOF) {
			return entries, skipped, fmt.Errorf("reading the unanswered log: %w", rerr)
		}
		if line = bytes.TrimSpace(line); len(line) > 0 {
			var e Entry
			if json.Unmarshal(line, &e) != nil || e.Question == "" {
				skipped++
			} else {
				entries = append(entries, e)
			}
		}
		if rerr != nil {
			return entries, skipped, nil
		}
	}
}

// maxRotated is the oldest rotated file ReadLog looks for: path.100. It
// does not know how many the writer kept, and no one keeps more.
const maxRotated = 100

// ReadLog reads the log at path and the files Log rotated it into, oldest
// first (path.100 ... path.2, path.1, then path), so the entries come in
// time order, as Read does for one file. files counts the files found;
// finding none is not an error.
func ReadLog(path string) (entries []Entry, skipped, files int, err error) {
	for i := maxRotated; i >= 0; i-- {
		name := rotatedName(path, i)
		f, err := os.Open(name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, 0, 0, fmt.Errorf("reading the unanswered log: %w", err)
		}
		es, sk, err := Read(f)
		f.Close()
		if err != nil {
			return nil, 0, 0, fmt.Errorf("reading %s: %w", name, err)
		}
		entries, skipped, files = append(entries, es...), skipped+sk, files+1
	}
	return entries, skipped, files, nil
}
