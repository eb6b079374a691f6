package answers

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// KnowledgeFile is the name of the curated knowledge base inside a knowledge
// directory; the article file is named in it.
const KnowledgeFile = "knowledge.yaml"

// ErrInvalidKnowledge wraps every problem found while loading a knowledge base.
var ErrInvalidKnowledge = errors.New("invalid knowledge base")

// Knowledge is the curated knowledge base as written in knowledge.yaml.
type Knowledge struct {
	Article struct {
		File   string `yaml:"file"`
		Title  string `yaml:"title"`
		Author string `yaml:"author"`
		Date   string `yaml:"date"`
	} `yaml:"article"`
	// Synonyms are groups of words or phrases that mean the same; the first names the group.
	Synonyms [][]string `yaml:"synonyms"`
	// People and Places name the synonym groups (by their first phrase)
	// that are people and places: a "who" question asking for a minister's
	// name needs a fact naming a person, a "where" one a place.
	People []string `yaml:"people"`
	Places []string `yaml:"places"`
	// Reading holds the article's own words for reading questions.
	Reading Reading `yaml:"reading"`
	Facts   []Fact  `yaml:"facts"`
	// Gaps are things readers ask that the article does not say.
	Gaps []Fact `yaml:"gaps"`
}

// Reading is what a knowledge base adds to the English rules that read
// questions: words tied to its article, which the engine's code never holds.
type Reading struct {
	// PlaceNouns are nouns for places beyond the English ones ("which
	// airfield", "which port").
	PlaceNouns []string `yaml:"place_nouns"`
	// Qualifiers may stand between "which" and a place or person noun
	// ("which Baltic countries", "which NATO officials").
	Qualifiers []string `yaml:"qualifiers"`
	// Later are phrases that ask what came after the article's events
	// ("after the summit").
	Later []string `yaml:"later"`
	// Cities are the article's cities, as it writes them: a question
	// asking "which city" needs a fact naming one (a country will not do).
	Cities []string `yaml:"cities"`
	// Women are the article's people one calls "she": a follow-up's "she"
	// or "her" points at one of them, its "he" or "him" at someone else.
	Women []string `yaml:"women"`
}

// Fact is one curated answer: the questions it answers, the answer and the
// article's words that support it.
type Fact struct {
	ID    string `yaml:"id"`
	Topic string `yaml:"topic"`
	// Kinds are the sorts of question the fact answers beyond "what".
	Kinds []Kind `yaml:"kinds"`
	// Speaker is who said the quoted words, for "what did X say" questions.
	Speaker   string   `yaml:"speaker"`
	Questions []string `yaml:"questions"`
	Answer    string   `yaml:"answer"`
	Quotes    []Quote  `yaml:"quotes"`
}

// UnmarshalYAML reads a quote as {text, paragraph}.
func (q *Quote) UnmarshalYAML(n *yaml.Node) error {
	var raw struct {
		Text      string `yaml:"text"`
		Paragraph int    `yaml:"paragraph"`
	}
	if err := n.Decode(&raw); err != nil {
		return err
	}
	q.Text, q.Paragraph = raw.Text, raw.Paragraph
	return nil
}

// ParseKnowledge reads knowledge.yaml, rejecting unknown keys so a typo in a
// field name is an error, not a silently missing field.
func ParseKnowledge(data []byte) (*Knowledge, error) {
	var kb Knowledge
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&kb); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrInvalidKnowledge, KnowledgeFile, err)
	}
	return &kb, nil
}

// KnowledgeVersion names a knowledge.yaml by its contents: a short hash.
func KnowledgeVersion(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])[:12]
}

// validate checks the knowledge base against the article and returns every
// problem found, each naming the record and field.
func (kb *Knowledge) validate(art *article) error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%w: "+format, append([]any{ErrInvalidKnowledge}, args...)...))
	}
	if kb.Article.Title == "" {
		bad("article.title: missing")
	}
	heads := map[string]bool{}
	for i, g := range kb.Synonyms {
		if len(g) == 0 {
			bad("synonyms[%d]: empty group", i)
			continue
		}
		heads[g[0]] = true
	}
	for _, list := range []struct {
		key   string
		heads []string
	}{{"people", kb.People}, {"places", kb.Places}} {
		for i, h := range list.heads {
			if !heads[h] {
				bad("%s[%d]: %q is not the first phrase of a synonym group", list.key, i, h)
			}
		}
	}
	for _, list := range []struct {
		key   string
		words []string
	}{{"reading.place_nouns", kb.Reading.PlaceNouns}, {"reading.qualifiers", kb.Reading.Qualifiers}, {"reading.later", kb.Reading.Later},
		{"reading.cities", kb.Reading.Cities}, {"reading.women", kb.Reading.Women}} {
		for i, w := range list.words {
			if w == "" || w != strings.ToLower(strings.Join(strings.Fields(w), " ")) {
				bad("%s[%d]: %q must be lower case words", list.key, i, w)
			}
		}
	}
	for i, w := range kb.Reading.Women {
		if !slices.Contains(kb.People, w) {
			bad("reading.women[%d]: %q is not one of people", i, w)
		}
	}
	ids := map[string]string{}
	variants := map[string]string{}
	check := func(list string, i int, f *Fact, isGap bool) {
		where := fmt.Sprintf("%s[%d] (id %q)", list, i, f.ID)
		switch {
		case f.ID == "":
			bad("%s: id: missing", where)
		case ids[f.ID] != "":
			bad("%s: id: duplicate of %s", where, ids[f.ID])
		default:
			ids[f.ID] = where
		}
		if f.Topic == "" {
			bad("%s: topic: missing", where)
		}
		if strings.TrimSpace(f.Answer) == "" {
			bad("%s: answer: missing", where)
		}
		if len(f.Questions) == 0 {
			bad("%s: questions: none", where)
		}
		for j, q := range f.Questions {
			key := variantKey(q)
			if other, ok := variants[key]; ok && other != f.ID {
				bad("%s: questions[%d] %q: also a question of %q", where, j, q, other)
			}
			variants[key] = f.ID
		}
		if len(f.Quotes) == 0 && !isGap {
			bad("%s: quotes: none", where)
		}
		for j, q := range f.Quotes {
			switch {
			case q.Text == "":
				bad("%s: quotes[%d].text: empty", where, j)
			case art.inParagraph(q.Text, q.Paragraph):
				// verbatim and in place
			case art.paragraphOf(q.Text) == 0:
				bad("%s: quotes[%d].text: not found verbatim in the article: %q", where, j, q.Text)
			default:
				bad("%s: quotes[%d].paragraph: is %d, the text stands in paragraph %d", where, j, q.Paragraph, art.paragraphOf(q.Text))
			}
			switch {
			case len(f.Answer)+len(q.Text) > maxReply:
				bad("%s: quotes[%d]: answer and quote are %d characters, more than %d", where, j, len(f.Answer)+len(q.Text), maxReply)
			}
		}
		for j, k := range f.Kinds {
			if !slices.Contains(factKinds, k) {
				bad("%s: kinds[%d]: unknown kind %q (known: %v)", where, j, k, factKinds)
			}
		}
		if f.Speaker != "" && !slices.Contains(f.Kinds, KindQuote) {
			bad("%s: speaker: set, but kinds lacks quote", where)
		}
	}
	for i := range kb.Facts {
		check("facts", i, &kb.Facts[i], false)
	}
	for i := range kb.Gaps {
		check("gaps", i, &kb.Gaps[i], true)
	}
	if len(kb.Facts) == 0 {
		bad("facts: none")
	}
	return errors.Join(errs...)
}
