//go:build linux

package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/articlebot/articlebot/config"
	"github.com/articlebot/articlebot/internal/adapters/repl"
)

// TestBinaryREPLOnATerminal runs the real binary on a pseudo-terminal 40
// columns wide, as a person does: the answer is wrapped at word boundaries
// to the terminal's width, and the history file is readable by its owner
// alone.
func TestBinaryREPLOnATerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	const cols, question = 40, "why is turkey a problem?"
	tty := openTerminal(t, cols)
	home := t.TempDir()
	cmd := exec.Command(buildBot(t), "repl")
	cmd.Env = append(os.Environ(), "HOME="+home)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty.slave, tty.slave, tty.slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tty.slave.Close() // the bot holds it now; the reader ends when the bot does
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	tty.waitFor(t, "? ") // readline's prompt: it reads keys now
	tty.send(t, question+"\r")
	tty.waitFor(t, "(paragraph")
	tty.waitFor(t, "? ")
	tty.send(t, ":quit\r")
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("bot repl: %v\n%s", err, tty.output())
		}
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("bot repl did not quit:\n%s", tty.output())
	}

	// The answer as printed to a pipe, one line each for the text and quote.
	eng, err := loadEngine(config.Knowledge)
	if err != nil {
		t.Fatal(err)
	}
	var plain bytes.Buffer
	repl.Format(&plain, eng.Answer(question))
	want := strings.Fields(plain.String())
	out := strings.ReplaceAll(ansiEscape.ReplaceAllString(tty.output(), ""), "\r", "")
	start := strings.Index(out, want[0]+" "+want[1])
	if start < 0 || !slices.ContainsFunc(strings.Split(plain.String(), "\n"), func(l string) bool {
		return utf8.RuneCountInString(l) > cols
	}) {
		t.Fatalf("the answer is not in the output, or not wider than the terminal:\n%s\nwant\n%s", out, plain.String())
	}
	printed := out[start:]
	printed = printed[:strings.Index(printed, want[len(want)-1])+len(want[len(want)-1])]
	if got := strings.Fields(printed); !slices.Equal(got, want) {
		t.Errorf("the words printed differ:\n%s\nwant\n%s", printed, plain.String())
	}
	for _, line := range strings.Split(printed, "\n") {
		if utf8.RuneCountInString(line) > cols {
			t.Errorf("a line is wider than the terminal's %d columns: %q", cols, line)
		}
	}

	history := filepath.Join(home, ".articlebot_history")
	fi, err := os.Stat(history)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("the history file has mode %v, want 0600", fi.Mode().Perm())
	}
	if raw, _ := os.ReadFile(history); string(raw) != question+"\n:quit\n" {
		t.Errorf("the history file holds %q", raw)
	}
}

// ansiEscape matches the terminal control sequences readline writes.
var ansiEscape = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]`)

// terminal is a pseudo-terminal: the test types on master and reads what
// the program on slave writes.
type terminal struct {
	master, slave *os.File
	mu            sync.Mutex
	out           bytes.Buffer
	seen          int           // how much of out waitFor has looked past
	changed       chan struct{} // closed and replaced on each read
}

// openTerminal opens a pseudo-terminal cols columns wide, skipping the test
// where there is none.
func openTerminal(t *testing.T, cols uint16) *terminal {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { master.Close() })
	var unlock int32
	var n uint32
	if err := ioctl(master, syscall.TIOCSPTLCK, unsafe.Pointer(&unlock)); err != nil {
		t.Fatal(err)
	}
	if err := ioctl(master, syscall.TIOCGPTN, unsafe.Pointer(&n)); err != nil {
		t.Fatal(err)
	}
	slave, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { slave.Close() })
	size := struct{ rows, cols, x, y uint16 }{24, cols, 0, 0}
	if err := ioctl(slave, syscall.TIOCSWINSZ, unsafe.Pointer(&size)); err != nil {
		t.Fatal(err)
	}
	tty := &terminal{master: master, slave: slave, changed: make(chan struct{})}
	go tty.read()
	return tty
}

func ioctl(f *os.File, req uintptr, arg unsafe.Pointer) error {
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), req, uintptr(arg)); errno != 0 {
		return errno
	}
	return nil
}

// read collects everything the program writes until the terminal closes.
func (tty *terminal) read() {
	buf := make([]byte, 4096)
	for {
		n, err := tty.master.Read(buf)
		tty.mu.Lock()
		tty.out.Write(buf[:n])
		close(tty.changed)
		tty.changed = make(chan struct{})
		tty.mu.Unlock()
		if err != nil {
			return
		}
	}
}

func (tty *terminal) output() string {
	tty.mu.Lock()
	defer tty.mu.Unlock()
	return tty.out.String()
}

// waitFor waits until s appears in output not yet waited for.
func (tty *terminal) waitFor(t *testing.T, s string) {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		tty.mu.Lock()
		i := strings.Index(tty.out.String()[tty.seen:], s)
		changed := tty.changed
		if i >= 0 {
			tty.seen += i + len(s)
		}
		tty.mu.Unlock()
		if i >= 0 {
			return
		}
		select {
		case <-changed:
		case <-deadline:
			t.Fatalf("no %q on the terminal:\n%s", s, tty.output())
		}
	}
}

// send types s on the terminal's keyboard.
func (tty *terminal) send(t *testing.T, s string) {
	t.Helper()
	if _, err := tty.master.WriteString(s); err != nil {
		t.Fatal(err)
	}
}
