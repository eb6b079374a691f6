package answers

import (
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"slices"
	"strings"
)

// ModelFile is the name of the fitted model inside a knowledge directory,
// written by `bot train` beside knowledge.yaml; ClassifierFile that of its
// classifier, beside it (binary: it is large, and read at every start).
const (
	ModelFile      = "model.json"
	ClassifierFile = "classifier.bin"
)

// ErrNoModel means the engine was built without the model it ranks and
// decides with.
var ErrNoModel = errors.New("no fitted model: run \"bot train\"")

// Model is the fitted part of the engine: how much each matching signal
// counts. Train fits it on labelled questions; nothing in it is set by hand.
type Model struct {
	// Ranker gives, for a question and one fact, the probability that the
	// fact's answer is right; the likeliest fact is the one considered.
	Ranker logistic `json:"ranker"`
	// Gate gives the log-odds that the likeliest fact's answer is right,
	// from the ranker's view and what the question asks for.
	Gate boosted `json:"gate"`
	// Calibration maps the gate's log-odds z to a probability σ(A·z + B),
	// fitted on the validation split (Platt scaling).
	Calibration struct {
		A float64 `json:"a"`
		B float64 `json:"b"`
	} `json:"calibration"`
	// AnswerAt is the calibrated probability from which an answer is given;
	// SuggestAt the ranker probability from which a fact is suggested.
	AnswerAt  float64 `json:"answer_at"`
	SuggestAt float64 `json:"suggest_at"`
	// RankerFeatures and GateFeatures name the inputs, in order; a model
	// fitted for other features is refused.
	RankerFeatures []string `json:"ranker_features"`
	GateFeatures   []string `json:"gate_features"`
	// Fitted describes what the model was fitted and checked on.
	Fitted FitReport `json:"fitted"`
	// ClassifierSum is the CRC-32C of ClassifierFile, the fitted classifier
	// of questions into entries (see classifier), in hex, or "" for a model
	// without one; clf is it once read. The sum tells a classifier fitted
	// with another model, cheaply: it is checked at every start.
	ClassifierSum string `json:"classifier_crc32c,omitempty"`
	clf           *classifier
	// Portable is the model fitted the same way without the classifier,
	// for an engine the classifier does not fit: one built on another
	// knowledge base that borrows this model.
	Portable *Model `json:"portable,omitempty"`
}

// ParseModel reads a model and checks it fits this engine's features.
func ParseModel(data []byte) (*Model, error) {
	var m Model
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrInvalidKnowledge, ModelFile, err)
	}
	if err := m.check(); err != nil {
		return nil, fmt.Errorf("%w: %s: %v (run \"bot train\")", ErrInvalidKnowledge, ModelFile, err)
	}
	m.Gate.toSingles()
	m.Gate.pack() // checked: every node's children lie within its tree
	if m.Portable != nil {
		m.Portable.Gate.toSingles()
		m.Portable.Gate.pack()
	}
	return &m, nil
}

// ReadModel reads model.json from fsys and, when it names one, its
// classifier; fs.ErrNotExist when fsys has no model. data is model.json as
// read: it names the classifier by its sum.
func ReadModel(fsys fs.FS) (m *Model, data []byte, err error) {
	data, err = fs.ReadFile(fsys, ModelFile)
	if err != nil {
		return nil, nil, err
	}
	if m, err = ParseModel(data); err != nil {
		return nil, nil, err
	}
	if m.ClassifierSum == "" {
		return m, data, nil
	}
	clf, err := fs.ReadFile(fsys, ClassifierFile)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %s names its classifier, but: %v (run \"bot train\")", ErrInvalidKnowledge, ModelFile, err)
	}
	if err := m.attach(clf); err != nil {
		return nil, nil, err
	}
	return m, data, nil
}

// attach decodes the model's classifier from data, the classifier file.
func (m *Model) attach(data []byte) error {
	if classifierSum(data) != m.ClassifierSum {
		return fmt.Errorf("%w: %s is not the classifier %s was fitted with (run \"bot train\")", ErrInvalidKnowledge, ClassifierFile, ModelFile)
	}
	clf, err := unmarshalClassifier(data)
	if err != nil {
		return fmt.Errorf("%w: %s: %v (run \"bot train\")", ErrInvalidKnowledge, ClassifierFile, err)
	}
	m.clf = clf
	return nil
}

// classifierSum is the CRC-32C of a classifier file, in hex.
func classifierSum(data []byte) string {
	return fmt.Sprintf("%08x", crc32.Checksum(data, crc32.MakeTable(crc32.Castagnoli)))
}

// classifier is the model's classifier; nil for a model without one, or
// for no model.
func (m *Model) classifier() *classifier {
	if m == nil {
		return nil
	}
	return m.clf
}

// ClassifierData is the model's classifier as ClassifierFile holds it; nil
// for a model without one.
func (m *Model) ClassifierData() []byte {
	if m.clf == nil {
		return nil
	}
	return m.clf.marshal()
}

func (m *Model) check() error {
	for _, part := range []struct {
		name       string
		have, want []string
	}{{"ranker", m.RankerFeatures, rankerNames()}, {"gate", m.GateFeatures, gateNames()}} {
		if !slices.Equal(part.have, part.want) {
			return fmt.Errorf("its %s has features [%s], this engine [%s]", part.name,
				strings.Join(part.have, " "), strings.Join(part.want, " "))
		}
	}
	n := len(rankerFeatures)
	if len(m.Ranker.W) != n || len(m.Ranker.Mean) != n || len(m.Ranker.Scale) != n {
		return fmt.Errorf("its ranker has %d weights for %d features", len(m.Ranker.W), n)
	}
	for _, s := range m.Ranker.Scale {
		if s <= 0 {
			return fmt.Errorf("its ranker has a feature scale of %v", s)
		}
	}
	for i, t := range m.Gate.Trees {
		if err := t.check(len(gateFeatures)); err != nil {
			return fmt.Errorf("its gate's tree %d: %v", i, err)
		}
	}
	if m.AnswerAt <= 0 || m.AnswerAt > 1 || m.SuggestAt < 0 || m.SuggestAt > 1 {
		return fmt.Errorf("thresholds answer_at %v, suggest_at %v are not in (0, 1]", m.AnswerAt, m.SuggestAt)
	}
	if m.ClassifierSum != "" && m.Portable == nil {
		return errors.New("it has a classifier but no portable part to weigh without it")
	}
	if m.Portable != nil {
		if m.Portable.Portable != nil || m.Portable.ClassifierSum != "" {
			return errors.New("its portable part has a portable part or a classifier of its own")
		}
		if err := m.Portable.check(); err != nil {
			return fmt.Errorf("its portable part: %w", err)
		}
	}
	return nil
}

// Marshal encodes the model as JSON, for the file: compact, as it is
// embedded in the binary.
func (m *Model) Marshal() ([]byte, error) {
	b, err := json.Marshal(m)
	return append(b, '\n'), err
}

// confidence is the calibrated probability for the gate's log-odds z.
func (m *Model) confidence(z float64) float64 {
	return sigmoid(m.Calibration.A*z + m.Calibration.B)
}
