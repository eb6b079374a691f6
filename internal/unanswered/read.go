package unanswered

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// Read parses a log written by Log. It tolerates damage a crash or a
// rotation can leave, such as a truncated last line: a line that is not a
// JSON object with a question is skipped and counted in skipped. Blank lines
// are ignored and not counted. The error is only for a failing reader.
//
// To read a rotated log in time order, read path.keep ... path.2, path.1
// and then path, and append the entries.
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
