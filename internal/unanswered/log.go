package unanswered

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"sync"

	"github.com/articlebot/articlebot/internal/field"
)

// ErrClosed is returned by Write after Close.
var ErrClosed = errors.New("unanswered log closed")

// Config is where the log goes and how it is rotated.
type Config struct {
	// Path is the log; empty turns it off.
	Path string
	// MaxBytes is the size past which the log is rotated; Keep is how many
	// rotated files are kept.
	MaxBytes int64
	Keep     int
}

// DefaultConfig logs to unanswered.jsonl in the working directory, rotated
// past 10 MiB, keeping 3 old files.
func DefaultConfig() Config {
	return Config{Path: "unanswered.jsonl", MaxBytes: 10 << 20, Keep: 3}
}

// minMaxBytes is the smallest rotation size Validate accepts: a log of
// users' questions rotated every few lines would keep next to nothing.
// Open takes any size, for tests.
const minMaxBytes = 1024

// Validate reports every field out of range, as *field.Error values.
func (c Config) Validate() error {
	var errs []error
	if c.Path != "" && c.MaxBytes < minMaxBytes {
		errs = append(errs, field.Errorf("MaxBytes", "%d is too small (at least %d)", c.MaxBytes, minMaxBytes))
	}
	if err := checkKeep(c.Keep); err != nil {
		errs = append(errs, field.Errorf("Keep", "%v", err))
	}
	return errors.Join(errs...)
}

// checkKeep reports a number of rotated files to keep that is negative.
func checkKeep(keep int) error {
	if keep < 0 {
		return fmt.Errorf("%d must not be negative", keep)
	}
	return nil
}

// Log appends entries to a JSON Lines file and rotates it by size: when a
// line would take the file past its limit, path becomes path.1, path.1
// becomes path.2 and so on, keeping at most keep old files. It is safe for
// concurrent use.
type Log struct {
	path     string
	maxBytes int64
	keep     int

	mu     sync.Mutex
	f      *os.File // nil after a failed rotation, until the next Write reopens it
	size   int64
	closed bool
}

// Open opens the log at path for appending, creating the file (mode 0600:
// questions are user text) if needed. The file's directory must exist. A
// maxBytes of zero or less turns rotation off; keep is how many rotated
// files to keep, and zero discards the old lines at each rotation.
func Open(path string, maxBytes int64, keep int) (*Log, error) {
	if path == "" {
		return nil, errors.New("opening the unanswered log: no path")
	}
	if err := checkKeep(keep); err != nil {
		return nil, fmt.Errorf("opening the unanswered log %s: keep: %w", path, err)
	}
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("opening the unanswered log %s: directory %s does not exist", path, dir)
	case err != nil:
		return nil, fmt.Errorf("opening the unanswered log %s: %w", path, err)
	case !st.IsDir():
		return nil, fmt.Errorf("opening the unanswered log %s: %s is not a directory", path, dir)
	}
	l := &Log{path: path, maxBytes: maxBytes, keep: keep}
	if err := l.open(); err != nil {
		return nil, err
	}
	return l, nil
}

// open opens (or creates) the live file and learns its size.
func (l *Log) open() error {
	f, err := os.OpenFile(l.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("opening the unanswered log: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("opening the unanswered log: %w", err)
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return fmt.Errorf("opening the unanswered log: %s is not a regular file", l.path)
	}
	l.f, l.size = f, st.Size()
	return nil
}

// Write appends e as one line, with a single write so concurrent lines never
// interleave. The question is stored with e-mail addresses replaced by
// [email] and runs of nine or more digits (phone, card and account numbers)
// by [number], then cut to at most 4000 bytes. A line longer than the size
// limit is still written, alone in a fresh file.
func (l *Log) Write(e Entry) error {
	e.Question = capBytes(redact(e.Question), maxQuestionBytes)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(e); err != nil { // Encode ends the line with '\n'
		return fmt.Errorf("encoding an unanswered entry: %w", err)
	}
	line := buf.Bytes()

	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return ErrClosed
	}
	if l.f != nil && l.maxBytes > 0 && l.size > 0 && l.size+int64(len(line)) > l.maxBytes {
		if err := l.rotate(); err != nil {
			return err
		}
	}
	if l.f == nil {
		if err := l.open(); err != nil {
			return err
		}
	}
	n, err := l.f.Write(line)
	l.size += int64(n)
	if err != nil {
		return fmt.Errorf("writing the unanswered log: %w", err)
	}
	return nil
}

// rotate shifts path.i to path.i+1, drops the oldest and reopens path
// empty. The caller holds mu.
func (l *Log) rotate() error {
	err := l.f.Close()
	l.f = nil
	if err != nil {
		return fmt.Errorf("rotating the unanswered log: %w", err)
	}
	if l.keep == 0 {
		if err := os.Remove(l.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("rotating the unanswered log: %w", err)
		}
		return l.open()
	}
	if err := os.Remove(l.rotated(l.keep)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("rotating the unanswered log: %w", err)
	}
	for i := l.keep - 1; i >= 1; i-- {
		if err := os.Rename(l.rotated(i), l.rotated(i+1)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("rotating the unanswered log: %w", err)
		}
	}
	if err := os.Rename(l.path, l.rotated(1)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("rotating the unanswered log: %w", err)
	}
	return l.open()
}

// rotated names the i-th old file: path.1 is the newest.
func (l *Log) rotated(i int) string { return rotatedName(l.path, i) }

// rotatedName is the name of the log at path after i rotations: path.i,
// and path itself for 0.
func rotatedName(path string, i int) string {
	if i == 0 {
		return path
	}
	return path + "." + strconv.Itoa(i)
}

// Close closes the file. Writes after Close return ErrClosed; closing twice
// is harmless.
func (l *Log) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil
	}
	l.closed = true
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	if err != nil {
		return fmt.Errorf("closing the unanswered log: %w", err)
	}
	return nil
}
