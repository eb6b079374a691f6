package repl

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strings"
)

// historyLimit is how many lines the history file keeps.
const historyLimit = 500

// openHistory opens the history file at path for appending, readable by its
// owner alone: questions can be personal. It creates the file 0600, narrows
// an older file to 0600, cuts it to its last historyLimit lines, and returns
// those lines. The session keeps the file itself rather than leaving it to
// readline, which creates it, and rewrites it when it grows long, with the
// process's umask (usually world-readable).
func openHistory(path string) (*os.File, []string, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, nil, err
	}
	lines, err := readHistory(f)
	if err == nil {
		err = f.Chmod(0o600)
	}
	if err == nil && len(lines) > historyLimit {
		lines = lines[len(lines)-historyLimit:]
		err = rewriteHistory(f, lines)
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, lines, nil
}

// readHistory reads the non-blank lines of f.
func readHistory(f *os.File) ([]string, error) {
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) != "" {
			lines = append(lines, sc.Text())
		}
	}
	if errors.Is(sc.Err(), bufio.ErrTooLong) {
		return nil, fmt.Errorf("%s has a line longer than 1 MiB", f.Name())
	}
	return lines, sc.Err()
}

// rewriteHistory replaces the content of f, open for appending, with lines.
// It keeps the file, and so its mode.
func rewriteHistory(f *os.File, lines []string) error {
	if err := f.Truncate(0); err != nil {
		return err
	}
	_, err := f.WriteString(strings.Join(lines, "\n") + "\n")
	return err
}
