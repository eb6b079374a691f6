// Command bot answers questions about one news article, from a local REPL,
// the command line, Slack or Discord. Run "bot help" for the commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/articlebot/articlebot/config"
	"github.com/articlebot/articlebot/internal/answers"
	"github.com/articlebot/articlebot/internal/wordvec"
	"golang.org/x/term"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := exitCode(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	stop()
	os.Exit(code)
}

const usage = `Usage: bot [--kb DIR] [command] [arguments]

Commands:
  repl                     ask questions interactively (the default)
  ask [--json] [--conversation] [QUESTION]
                           answer one question; without one, answer each line of stdin
                           (with --conversation, follow-ups in context until a blank line)
  eval [--show] [--min-in F] [--max-false F] FILE.jsonl...
                           score question sets (see docs/engine.md)
  check                    validate the knowledge base against the article
  serve [--config FILE] [--SETTING VALUE...]
                           run the Slack and Discord adapters (see docs/operations.md)
  config [--config FILE]   print the effective configuration, secrets hidden
  unanswered [--limit N] [FILE]
                           summarise the unanswered log for curators (default: the one serve writes)
  help                     this text

Flags:
  --kb DIR   read knowledge.yaml and the article from DIR instead of the embedded ones

"bot COMMAND -h" lists the command's flags.
`

// errUsage marks a mistake in the command line; it exits with status 2.
var errUsage = errors.New("usage")

// errFailed marks a command that ran and reported its own failure; it exits
// with status 1 without printing more.
var errFailed = errors.New("failed")

// helpRequested is what a command asked for -h or --help returns: run
// prints the text to stdout and exits 0.
type helpRequested struct{ text string }

func (h *helpRequested) Error() string { return "help requested" }

// parseFlags parses a command's flags. Asked for help, it returns a
// *helpRequested with the command's usage line (operands are what follows
// the flags, such as "FILE..."), about, and every flag with its default.
// A command with no operands takes no arguments either.
func parseFlags(fl *flag.FlagSet, args []string, operands, about string) error {
	fl.SetOutput(io.Discard)
	err := fl.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		flags := 0
		fl.VisitAll(func(*flag.Flag) { flags++ })
		synopsis := []string{"bot", fl.Name()}
		if flags > 0 {
			synopsis = append(synopsis, "[flags]")
		}
		if operands != "" {
			synopsis = append(synopsis, operands)
		}
		var b strings.Builder
		fmt.Fprintf(&b, "Usage: %s\n\n%s\n", strings.Join(synopsis, " "), about)
		if flags > 0 {
			fmt.Fprint(&b, "\nFlags:\n")
			fl.SetOutput(&b)
			fl.PrintDefaults()
		}
		return &helpRequested{text: b.String()}
	}
	if err != nil {
		return fmt.Errorf("%w: %s: %v", errUsage, fl.Name(), err)
	}
	if operands == "" && fl.NArg() > 0 {
		return fmt.Errorf("%w: %s takes no arguments", errUsage, fl.Name())
	}
	return nil
}

func exitCode(err error) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errUsage):
		return 2
	}
	return 1
}

// run is the whole program; main only wires the process to it.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	err := dispatch(ctx, args, stdin, stdout, stderr)
	var help *helpRequested
	switch {
	case errors.As(err, &help):
		fmt.Fprint(stdout, help.text)
		return nil
	case err == nil, errors.Is(err, errFailed):
	case errors.Is(err, errUsage):
		fmt.Fprintf(stderr, "bot: %v\n\n%s", err, usage)
	default:
		fmt.Fprintf(stderr, "bot: %v\n", err)
	}
	return err
}

func dispatch(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	global := flag.NewFlagSet("bot", flag.ContinueOnError)
	global.SetOutput(io.Discard)
	kbDir := global.String("kb", "", "knowledge directory")
	if err := global.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usage)
			return nil
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	args = global.Args()
	cmd := "repl"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	case "serve":
		return cmdServe(ctx, *kbDir, args, stderr)
	case "config":
		return cmdConfig(args, *kbDir, stdout)
	case "train":
		return cmdTrain(*kbDir, args, stdout)
	case "snapshot":
		return cmdSnapshot(*kbDir, args, stdout)
	}
	kb, err := knowledge(*kbDir)
	if err != nil {
		return err
	}
	switch cmd {
	case "repl":
		return cmdREPL(ctx, kb, args, stdin, stdout)
	case "ask":
		return cmdAsk(ctx, kb, args, stdin, stdout)
	case "eval":
		return cmdEval(kb, args, stdout)
	case "check":
		return cmdCheck(kb, args, stdout)
	case "unanswered":
		return cmdUnanswered(kb, args, stdout)
	case "vectors":
		return cmdVectors(kb, args, stdout)
	}
	return fmt.Errorf("%w: unknown command %q", errUsage, cmd)
}

// knowledge is the knowledge directory: the embedded one, or dir.
func knowledge(dir string) (fs.FS, error) {
	if dir == "" {
		return config.Knowledge, nil
	}
	if err := checkKnowledgeDir(dir); err != nil {
		return nil, fmt.Errorf("kb: %w", err)
	}
	return os.DirFS(dir), nil
}

// sourcesOnDisk reads the knowledge directory a command writes beside
// (train, snapshot): kbDir, from --kb, or config/ when run from the
// repository's root.
func sourcesOnDisk(cmd, kbDir string) (dir string, _ *answers.Sources, _ error) {
	if kbDir == "" {
		kbDir = "config"
	}
	src, err := answers.ReadSources(os.DirFS(kbDir))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", nil, fmt.Errorf("%s: %w (in %s: run it from the repository root, or give --kb DIR)", cmd, err, kbDir)
	case err != nil:
		return "", nil, fmt.Errorf("%s: %s: %w", cmd, kbDir, err)
	}
	return kbDir, src, nil
}

// checkKnowledgeDir reports a knowledge directory that does not exist or
// holds no knowledge base, naming it.
func checkKnowledgeDir(dir string) error {
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("the knowledge directory %s does not exist", dir)
	case err != nil:
		return fmt.Errorf("the knowledge directory: %w", err)
	case !info.IsDir():
		return fmt.Errorf("the knowledge directory %s is not a directory", dir)
	}
	if _, err := os.Stat(filepath.Join(dir, answers.KnowledgeFile)); err != nil {
		return fmt.Errorf("the knowledge directory %s has no %s", dir, answers.KnowledgeFile)
	}
	return nil
}

// wordVectors opens the embedded word-vector table.
func wordVectors() (*wordvec.Table, error) {
	t, err := wordvec.Open(config.Vectors)
	if err != nil {
		return nil, fmt.Errorf("the embedded word vectors (rebuild them with \"bot vectors\"): %w", err)
	}
	return t, nil
}

// engineOptions are the embedded word vectors and, for a knowledge
// directory without a model of its own, the embedded model.
func engineOptions(kb fs.FS) ([]answers.Option, error) {
	vec, err := wordVectors()
	if err != nil {
		return nil, err
	}
	opts := []answers.Option{answers.WithVectors(vec)}
	if _, err := fs.Stat(kb, answers.ModelFile); err == nil {
		return opts, nil // the knowledge directory has its own model
	}
	m, _, err := answers.ReadModel(config.Knowledge)
	if err != nil {
		return nil, fmt.Errorf("the embedded model: %w", err)
	}
	return append(opts, answers.WithDefaultModel(m)), nil
}

func loadEngine(kb fs.FS) (*answers.Engine, error) {
	// Loading allocates a few megabytes that are all kept or all dropped
	// together; collecting while it runs costs a cold start more than the
	// memory it frees (about 8 of 27 ms). Collection resumes after.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	opts, err := engineOptions(kb)
	if err != nil {
		return nil, err
	}
	eng, err := answers.Load(kb, opts...)
	if err != nil {
		return nil, fmt.Errorf("loading the knowledge base (run \"bot check\" for every problem): %w", err)
	}
	return eng, nil
}

// isTerminal reports whether r is an interactive terminal.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
