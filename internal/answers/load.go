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
	// clf is the directory's own classifier when it has ClassifierFile
	// but no model.json (see FitClassifier), nil otherwise; clfData is
	// the file as read.
	clf     *classifier
	clfData []byte
	// borrowed is the model the engine borrowed with clf, nil when it
	// did not (a model given with WithModel wins).
	borrowed *Model
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
// a model, or else the directory's own classifier, when there is one.
func (s *Sources) readModel(fsys fs.FS) error {
	m, data, err := ReadModel(fsys)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return s.readClassifier(fsys)
	case errors.Is(err, ErrInvalidKnowledge):
		return err
	case err != nil:
		return fmt.Errorf("reading the model: %w", err)
	}
	s.model, s.modelData = m, data
	return nil
}

// readClassifier reads and decodes the classifier of a directory without
// a model of its own, when it has one.
func (s *Sources) readClassifier(fsys fs.FS) error {
	data, err := fs.ReadFile(fsys, ClassifierFile)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("reading the classifier: %w", err)
	}
	clf, err := unmarshalClassifier(data)
	if err != nil {
		return fmt.Errorf("%w: %s: %v (run \"bot train --classifier-only\")", ErrInvalidKnowledge, ClassifierFile, err)
	}
	s.clf, s.clfData = clf, data
	return nil
}

// borrow makes an engine with no model of its own rank and decide with the
// model it borrows (WithDefaultModel) and the directory's own classifier:
// the model's full part, fitted with a classifier of the same kind.
func (s *Sources) borrow() Option {
	return func(e *Engine) {
		if e.model != nil || e.defaultModel == nil || s.clf == nil {
			return
		}
		m := *e.defaultModel
		m.clf = s.clf
		e.model, s.borrowed = &m, &m
	}
}

// checkBorrowed refuses a classifier of the directory that cannot stand in
// for the borrowed model's own: one the model was not fitted to weigh, or
// one fitted with other word vectors or for another knowledge base (it
// knows fewer than half its entries). A classifier fitted before a few
// entries existed is set aside instead, as the model's own would be (see
// useClassifier), and Check warns of it.
func (s *Sources) checkBorrowed(e *Engine) error {
	if s.borrowed == nil {
		return nil
	}
	var why string
	switch c := s.clf; {
	case s.borrowed.ClassifierSum == "":
		why = "the model borrowed was fitted without a classifier"
	case e.mean != nil && e.mean.dims != c.dims:
		why = fmt.Sprintf("it has %d dimensions, the word vectors %d", c.dims, e.mean.dims)
	case 2*len(c.unknown(e.entries)) > len(e.entries):
		// Curating adds or renames a few entries; another knowledge base
		// may share an ID or two ("author"), not half.
		why = fmt.Sprintf("it knows only %d of the %d entries of %s: it was fitted for another knowledge base",
			len(e.entries)-len(c.unknown(e.entries)), len(e.entries), KnowledgeFile)
	default:
		return nil
	}
	return fmt.Errorf("%w: %s: %s (run \"bot train --classifier-only\")", ErrInvalidKnowledge, ClassifierFile, why)
}

// version names the sources an engine was built from, article included: a
// short hash.
func (s *Sources) version(article string) Option {
	h := sha256.New()
	parts := [][]byte{s.Data, []byte(article), s.modelData}
	if s.clfData != nil {
		parts = append(parts, s.clfData)
	}
	for _, part := range parts {
		fmt.Fprintf(h, "%d\n", len(part))
		h.Write(part)
	}
	v := hex.EncodeToString(h.Sum(nil))[:12]
	return func(e *Engine) { e.version = v }
}

// engine reads the model in fsys and builds the engine: from the snapshot
// in fsys when it was taken from these very sources, which spares the
// analysis, else from the knowledge base, parsed now if it was not yet.
// The model read wins over WithDefaultModel, which is weighed with the
// directory's own classifier when it has one; WithModel in opts wins over
// both.
func (s *Sources) engine(fsys fs.FS, opts []Option) (*Engine, error) {
	// The snapshot is read and decoded while the model is parsed: start-up
	// waits for the longer of the two, not for both.
	snap := make(chan *snapshot, 1)
	go func() { snap <- readSnapshot(fsys) }()
	if err := s.readModel(fsys); err != nil {
		return nil, err
	}
	opts = append(append([]Option{WithModel(s.model)}, opts...), s.borrow())
	e, err := restore(fsys, <-snap, s.Data, opts)
	switch {
	case err != nil:
		return nil, err
	case e != nil:
		s.version(e.art.text)(e)
	default:
		if s.Knowledge == nil {
			if err := s.parse(fsys); err != nil {
				return nil, err
			}
		}
		if e, err = New(s.Knowledge, s.Article, append(opts, s.version(s.Article))...); err != nil {
			return nil, err
		}
	}
	if err := s.checkBorrowed(e); err != nil {
		return nil, err
	}
	return e, nil
}

// Load reads knowledge.yaml, the article it names and the fitted model
// (model.json, when there is one) from fsys, checks them and builds an
// Engine. A model read from fsys wins over WithDefaultModel; WithModel wins
// over both. A directory without a model.json but with a classifier of its
// own (ClassifierFile, see FitClassifier) is weighed with the default
// model's full part and that classifier. The engine's Version names what
// it was built from.
func Load(fsys fs.FS, opts ...Option) (*Engine, error) {
	s, err := readKnowledge(fsys)
	if err != nil {
		return nil, err
	}
	return s.engine(fsys, opts)
}
