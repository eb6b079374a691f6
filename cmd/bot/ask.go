package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/articlebot/articlebot/internal/adapters/repl"
	"github.com/articlebot/articlebot/internal/answers"
)

func cmdREPL(ctx context.Context, kb fs.FS, args []string, stdin io.Reader, stdout io.Writer) error {
	fl := flag.NewFlagSet("repl", flag.ContinueOnError)
	if err := parseFlags(fl, args, "", "Asks questions interactively, one conversation until :new (:help lists the commands).\nPiped input gets one answer block per line."); err != nil {
		return err
	}
	eng, err := loadEngine(kb)
	if err != nil {
		return err
	}
	opts := repl.Options{Interactive: isTerminal(stdin)}
	if home, err := os.UserHomeDir(); err == nil && opts.Interactive {
		opts.HistoryFile = filepath.Join(home, ".articlebot_history")
	}
	return repl.New(eng, eng.Article(), stdout).Run(ctx, stdin, opts)
}

// jsonAnswer is one line of `bot ask --json`: a stable interface, exactly
// these fields, in this order, and parts only for a question in several
// parts.
type jsonAnswer struct {
	Question string `json:"question"`
	jsonPart
	Suggestions []string   `json:"suggestions"`
	Parts       []jsonPart `json:"parts,omitempty"`
}

// jsonPart is an answer without its question: the answer to one part of a
// question in several parts, and the heart of every jsonAnswer.
type jsonPart struct {
	Status     string  `json:"status"`
	Answer     string  `json:"answer"`
	Quote      string  `json:"quote"`
	Paragraph  int     `json:"paragraph"`
	Confidence float64 `json:"confidence"`
	Fact       string  `json:"fact"`
}

// joinQuotes is every quote of an answer, one per part, a blank line apart.
func joinQuotes(a answers.Answer) string {
	qs := a.Quotes()
	texts := make([]string, len(qs))
	for i, q := range qs {
		texts[i] = q.Text
	}
	return strings.Join(texts, "\n\n")
}

func toJSON(question string, a answers.Answer) jsonAnswer {
	j := jsonAnswer{Question: question, jsonPart: toJSONPart(a), Suggestions: append([]string{}, a.Suggestions...)}
	for _, p := range a.Parts {
		j.Parts = append(j.Parts, toJSONPart(p))
	}
	return j
}

func toJSONPart(a answers.Answer) jsonPart {
	return jsonPart{Status: string(a.Status), Answer: a.Text, Quote: joinQuotes(a),
		Paragraph: a.Quote.Paragraph, Confidence: a.Confidence, Fact: a.FactID}
}

func cmdAsk(ctx context.Context, kb fs.FS, args []string, stdin io.Reader, stdout io.Writer) error {
	fl := flag.NewFlagSet("ask", flag.ContinueOnError)
	asJSON := fl.Bool("json", false, "one JSON object per line")
	inConversation := fl.Bool("conversation", false, "read stdin as conversations: each line follows up the one before, a blank line starts a new conversation")
	if err := parseFlags(fl, args, "[QUESTION...]", "Answers one question, or each line of stdin in order (one reply per line)."); err != nil {
		return err
	}
	eng, err := loadEngine(kb)
	if err != nil {
		return err
	}
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	first := true
	var conv answers.Context
	answer := func(q string) error {
		var a answers.Answer
		if *inConversation {
			a, conv = eng.Follow(conv, q)
		} else {
			a = eng.Answer(q)
		}
		if *asJSON {
			return enc.Encode(toJSON(q, a))
		}
		if !first {
			fmt.Fprintln(out)
		}
		first = false
		repl.Format(out, a)
		return nil
	}
	if fl.NArg() > 0 {
		return answer(strings.Join(fl.Args(), " "))
	}
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if strings.TrimSpace(sc.Text()) == "" && *inConversation {
			conv = answers.Context{} // a blank line ends a conversation
			continue
		}
		if err := answer(sc.Text()); err != nil {
			return err
		}
	}
	if errors.Is(sc.Err(), bufio.ErrTooLong) {
		return fmt.Errorf("reading questions: a line is longer than 1 MiB")
	}
	return sc.Err()
}
