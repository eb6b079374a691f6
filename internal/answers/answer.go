package answers

// Status says what kind of reply an Answer is.
type Status string

// The four statuses an Answer can have.
const (
	// StatusAnswered means the reply answers the question from the article.
	StatusAnswered Status = "answered"
	// StatusSuggest means the engine is not sure; Suggestions lists questions it can answer.
	StatusSuggest Status = "suggest"
	// StatusUnknown means the article does not say.
	StatusUnknown Status = "unknown"
	// StatusMeta is help, a greeting, thanks or an input problem: not about the article.
	StatusMeta Status = "meta"
)

// Quote is a verbatim passage of the article and the paragraph it stands in.
type Quote struct {
	// Text is an exact substring of the article.
	Text string
	// Paragraph is the 1-based number of the article's non-blank line holding Text.
	Paragraph int
}

// Answer is the engine's reply to one question.
type Answer struct {
	// Question is the question as the engine understood it, cleaned of markup.
	Question string
	// Status says whether the reply answers the question.
	Status Status
	// Text is one or two short sentences for the user.
	Text string
	// Quote is the supporting passage; its Text is empty when there is none.
	Quote Quote
	// Also holds a further passage of the same fact, when it has one and
	// the reply stays short.
	Also []Quote
	// Confidence is in [0, 1].
	Confidence float64
	// FactID names the curated fact used, empty when none was.
	FactID string
	// Suggestions are up to three questions the article can answer, for "did you mean".
	Suggestions []string
	// Why explains how the reply was chosen.
	Why Explanation
	// Parts holds one answer per question when the message asked several
	// ("who wrote it, and when?"); the Answer itself then joins their texts,
	// quotes the first part and is answered only when every part is.
	Parts []Answer
}

// Quotes lists the answer's quotes: those of each part in turn, or its own.
func (a Answer) Quotes() []Quote {
	if len(a.Parts) == 0 {
		if a.Quote.Text == "" {
			return nil
		}
		return append([]Quote{a.Quote}, a.Also...)
	}
	var out []Quote
	for _, p := range a.Parts {
		out = append(out, p.Quotes()...)
	}
	return out
}

// Explanation tells why an Answer was chosen, for curators and the REPL's :why.
type Explanation struct {
	// Kind is the type of question detected (who, when, where, ...).
	Kind string
	// Terms are the question's words after normalisation.
	Terms []string
	// Matched are the terms the chosen fact covers.
	Matched []string
	// Unmatched are the terms it does not.
	Unmatched []string
	// Score is the retrieval score of the chosen fact; Coverage the share of
	// the question's weight it holds, Closest the similarity of its nearest
	// question variant.
	Score, Coverage, Closest float64
	// Top is the id of the likeliest fact, whether or not it answered, and
	// TopScore its ranker probability; RunnerUp is the next best fact and
	// RunnerUpScore its.
	Top           string
	TopScore      float64
	RunnerUp      string
	RunnerUpScore float64
	// Reason is a short note on the decision, e.g. "question asks when; fact has no date".
	Reason string
	// Context says how a follow-up was read in its conversation; empty when
	// the message stood alone.
	Context string
}
