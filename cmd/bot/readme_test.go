package main

import (
	"bufio"
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/articlebot/articlebot/config"
	"github.com/articlebot/articlebot/internal/adapters/repl"
)

// exchange is a question from a README example and the reply it shows.
type exchange struct{ question, reply string }

// readmeExamples are the example sessions of a Markdown file: fenced blocks
// whose lines start "? " for what is typed, followed by the bot's reply.
// The lines of one block are one conversation.
func readmeExamples(t *testing.T, path string) [][]exchange {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var blocks [][]exchange
	var cur []exchange
	in := false
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "```"):
			if in && len(cur) > 0 {
				blocks = append(blocks, cur)
			}
			in, cur = !in, nil
		case in && strings.HasPrefix(line, "? "):
			cur = append(cur, exchange{question: strings.TrimPrefix(line, "? ")})
		case in && len(cur) > 0:
			cur[len(cur)-1].reply += line + "\n"
		}
	}
	return blocks
}

// sameText compares two texts ignoring how their lines are wrapped.
func sameText(a, b string) bool {
	return strings.Join(strings.Fields(a), " ") == strings.Join(strings.Fields(b), " ")
}

// TestReadmeExamplesAreWhatTheBotSays runs every example session of the
// README through the REPL and checks each reply is what the README shows.
func TestReadmeExamplesAreWhatTheBotSays(t *testing.T) {
	eng, err := loadEngine(config.Knowledge)
	if err != nil {
		t.Fatal(err)
	}
	blocks := readmeExamples(t, "../../README.md")
	if len(blocks) == 0 {
		t.Fatal("the README shows no example session")
	}
	for _, block := range blocks {
		var out bytes.Buffer
		s := repl.New(eng, eng.Article(), &out) // one conversation per block
		for _, ex := range block {
			out.Reset()
			s.Handle(ex.question)
			if !sameText(out.String(), ex.reply) {
				t.Errorf("README shows for %q:\n%s\nthe bot says:\n%s", ex.question, ex.reply, out.String())
			}
		}
	}
}
