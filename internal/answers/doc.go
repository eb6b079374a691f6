// Package answers is the answer engine: it loads an article and a curated
// knowledge base (facts with question variants, answers and verbatim quotes;
// synonyms; known gaps), checks them against each other, and answers a
// question with a short answer, the supporting quote and its paragraph, or
// an honest "the article doesn't say".
//
// It is the domain of the bot: it knows nothing of Slack, Discord, terminals,
// files on disk or the environment, does no I/O beyond the fs.FS it is handed
// and never logs. It must not import the adapters or cmd/; they import it.
// Besides the standard library it uses only the pieces of matching it needs:
// a stemmer, a subsequence matcher, an edit distance, Unicode folding and a
// YAML decoder for the knowledge base.
package answers
