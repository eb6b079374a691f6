// Package repl is the local command-line adapter: an interactive session
// with line editing and history on a terminal, or one answer block per input
// line when input is piped. Output to a terminal is wrapped at word
// boundaries to its width; other output keeps its lines as they are, for the
// programs that read it. It imports the answer engine, never the other
// adapters.
package repl

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/chzyer/readline"
	"golang.org/x/term"

	"github.com/articlebot/articlebot/internal/answers"
)

// engine is what the REPL needs of the answer engine.
type engine interface {
	Follow(c answers.Context, question string) (answers.Answer, answers.Context)
	Topics() []answers.Topic
}

// Options configure a session.
type Options struct {
	// Interactive turns on the banner, the prompt, line editing and history.
	Interactive bool
	// HistoryFile keeps interactive history between sessions, readable by
	// its owner alone; empty keeps none.
	HistoryFile string
}

// Session is one REPL conversation: follow-up questions are read in the
// light of the ones before, until :new. It remembers the last answer for
// :why.
type Session struct {
	eng     engine
	article answers.ArticleInfo
	out     io.Writer
	// width is the terminal's width in columns, for wrapping; nil when out
	// is not a terminal.
	width func() int
	last  *answers.Answer
	conv  answers.Context
}

// New makes a session writing to out. When out is a terminal, what the
// session prints is wrapped at word boundaries to the terminal's width at
// the time.
func New(eng engine, article answers.ArticleInfo, out io.Writer) *Session {
	s := &Session{eng: eng, article: article, out: out}
	if f, ok := out.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		s.width = func() int {
			w, _, err := term.GetSize(int(f.Fd()))
			if err != nil {
				return 0
			}
			return w
		}
	}
	return s
}

// print writes text to out, wrapped when out is a terminal.
func (s *Session) print(text string) {
	if s.width != nil {
		text = wrap(text, s.width())
	}
	io.WriteString(s.out, text)
}

const helpText = `Type a question about the article and press Enter. Commands:
  :help     this help
  :topics   what the article covers, with example questions
  :why      why the last answer was chosen (matched words, score, runner-up,
            and how a follow-up was read in the conversation)
  :new      start a new conversation: forget what was asked so far
  :quit     leave (Ctrl-D works too)

Follow-ups work: "who is Stoltenberg?" then "what did he say about Turkey?",
"and Russia?", "why?", "source?", "who said that?", "tell me more".`

// Run reads lines from in until EOF, :quit or ctx is done. Interactive
// sessions use readline on the terminal; otherwise lines are read plainly and
// no prompt is printed.
func (s *Session) Run(ctx context.Context, in io.Reader, opts Options) error {
	if !opts.Interactive {
		sc := bufio.NewScanner(in)
		sc.Buffer(make([]byte, 64*1024), 1<<20)
		first := true
		for sc.Scan() {
			if ctx.Err() != nil {
				return nil
			}
			if strings.TrimSpace(sc.Text()) == "" {
				continue
			}
			if !first {
				fmt.Fprintln(s.out) // a blank line between answer blocks
			}
			first = false
			if !s.Handle(sc.Text()) {
				return nil
			}
		}
		if errors.Is(sc.Err(), bufio.ErrTooLong) {
			return fmt.Errorf("reading questions: a line is longer than 1 MiB")
		}
		return sc.Err()
	}
	s.print(fmt.Sprintf("Ask me about %q by %s (%s).\nType a question, or :help for commands.\n\n", s.article.Title, s.article.Author, s.article.Date))
	rl, err := readline.NewEx(&readline.Config{
		Prompt:          "? ",
		InterruptPrompt: "^C",
		EOFPrompt:       ":quit",
		Stdout:          s.out,
	})
	if err != nil {
		return fmt.Errorf("starting line editing: %w", err)
	}
	defer rl.Close()
	var history *os.File
	if opts.HistoryFile != "" {
		f, lines, err := openHistory(opts.HistoryFile)
		if err != nil {
			s.print(fmt.Sprintf("No history is kept: %v\n\n", err))
		} else {
			defer f.Close()
			history = f
			for _, l := range lines {
				rl.SaveHistory(l)
			}
		}
	}
	done := make(chan struct{})
	defer close(done)
	go func() { // a signal ends the session; the session's end ends this
		select {
		case <-ctx.Done():
			rl.Close()
		case <-done:
		}
	}()
	for {
		line, err := rl.Readline()
		switch {
		case errors.Is(err, readline.ErrInterrupt):
			if line == "" {
				return nil
			}
			continue
		case errors.Is(err, io.EOF):
			return nil
		case err != nil:
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("reading a question: %w", err)
		}
		if history != nil && strings.TrimSpace(line) != "" {
			if _, err := fmt.Fprintln(history, line); err != nil {
				s.print(fmt.Sprintf("History is no longer kept: %v\n", err))
				history = nil
			}
		}
		if !s.Handle(line) {
			return nil
		}
		fmt.Fprintln(s.out)
	}
}

// Handle answers one input line or runs a command. It returns false when the
// session should end.
func (s *Session) Handle(line string) bool {
	var b strings.Builder
	more := s.handle(&b, line)
	s.print(b.String())
	return more
}

// handle is Handle writing to w.
func (s *Session) handle(w io.Writer, line string) bool {
	line = strings.TrimSpace(line)
	switch strings.ToLower(line) {
	case "":
		return true
	case ":quit", ":q", ":exit", "quit", "exit":
		return false
	case ":help", ":h":
		fmt.Fprintln(w, helpText)
		return true
	case ":topics", ":t":
		FormatTopics(w, s.eng.Topics())
		return true
	case ":new", ":n":
		s.conv, s.last = answers.Context{}, nil
		fmt.Fprintln(w, "New conversation: earlier questions are forgotten.")
		return true
	case ":why", ":w":
		if s.last == nil {
			fmt.Fprintln(w, "Ask a question first; then :why explains the answer.")
		} else {
			FormatWhy(w, *s.last)
		}
		return true
	}
	if strings.HasPrefix(line, ":") {
		fmt.Fprintf(w, "Unknown command %q. Type :help for the commands.\n", line)
		return true
	}
	a, conv := s.eng.Follow(s.conv, line)
	s.conv, s.last = conv, &a
	Format(w, a)
	return true
}
