package answers

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
)

// Sources are the files of a knowledge directory an engine is built from,
// each read once. Load and Check read a knowledge directory through them,
// and so do the commands that fit a model or list the vocabulary.
type Sources struct {
	// Data is knowledge.yaml as read; Knowledge is its parsed form.
	Data      []byte
	Knowledge *Knowledge
	// Article is the text of the article knowledge.yaml names.
	Article string

	// model is model.json once read, nil when the directory has none;
	// modelData is the file as read (naming its classifier by its sum).
	model     *Model
	modelData []byte
}

// ReadSources reads knowledge.yaml and the article it names from fsys.
func ReadSources(fsys fs.FS) (*Sources, error) {
	s, err := readKnowledge(fsys)
	if err != nil {
		return nil, err
	}
	if err := s.parse(fsys); err != nil {
		return nil, err
	}
	return s, nil
}

// readKnowledge reads knowledge.yaml without parsing it: a snapshot may
// spare that.
func readKnowledge(fsys fs.FS) (*Sources, error) {
	data, err := fs.ReadFile(fsys, KnowledgeFile)
	if err != nil {
		return nil, fmt.Errorf("reading the knowledge base: %w", err)
	}
	return &Sources{Data: data}, nil
}

// parse parses knowledge.yaml and reads the article it names.
func (s *Sources) parse(fsys fs.FS) error {
	kb, err := ParseKnowledge(s.Data)
	if err != nil {
		return err
	}
	if kb.Article.File == "" {
		return fmt.Errorf("%w: article.file: missing", ErrInvalidKnowledge)
	}
	text, err := fs.ReadFile(fsys, kb.Article.File)
	if err != nil {
		return fmt.Errorf("reading the article: %w", err)
	}
	s.Knowledge, s.Article = kb, string(text)
	return nil
}

// readModel reads and parses model.json and its classifier, when there is
// a model.
func (s *Sources) readModel(fsys fs.FS) error {
	m, data, err := ReadModel(fsys)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case errors.Is(err, ErrInvalidKnowledge):
		return err
	case err != nil:
		return fmt.Errorf("reading the model: %w", err)
	}
	s.model, s.modelData = m, data
	return nil
}

// version names the sources an engine was built from, article included: a
// short hash.
func (s *Sources) version(article string) Option {
	h := sha256.New()
	for _, part := range [][]byte{s.Data, []byte(article), s.modelData} {
		fmt.Fprintf(h, "%d\n", len(part))
		h.Write(part)
	}
	v := hex.EncodeToString(h.Sum(nil))[:12]
	return func(e *Engine) { e.version = v }
}

// engine reads the model in fsys and builds the engine: from the snapshot
// in fsys when it was taken from these very sources, which spares the
// analysis, else from the knowledge base, parsed now if it was not yet.
// The model read wins over WithDefaultModel; WithModel in opts wins over
// both.
func (s *Sources) engine(fsys fs.FS, opts []Option) (*Engine, error) {
	// The snapshot is read and decoded while the model is parsed: start-up
	// waits for the longer of the two, not for both.
	snap := make(chan *snapshot, 1)
	go func() { snap <- readSnapshot(fsys) }()
	if err := s.readModel(fsys); err != nil {
		return nil, err
	}
	opts = append([]Option{WithModel(s.model)}, opts...)
	if e, err := restore(fsys, <-snap, s.Data, opts); e != nil || err != nil {
		if e != nil {
			s.version(e.art.text)(e)
		}
		return e, err
	}
	if s.Knowledge == nil {
		if err := s.parse(fsys); err != nil {
			return nil, err
		}
	}
	return New(s.Knowledge, s.Article, append(opts, s.version(s.Article))...)
}

// Load reads knowledge.yaml, the article it names and the fitted model
// (model.json, when there is one) from fsys, checks them and builds an
// Engine. A model read from fsys wins over WithDefaultModel; WithModel wins
// over both. The engine's Version names what it was built from.
func Load(fsys fs.FS, opts ...Option) (*Engine, error) {
	s, err := readKnowledge(fsys)
	if err != nil {
		return nil, err
	}
	return s.engine(fsys, opts)
}
