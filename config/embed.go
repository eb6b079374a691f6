// Package config holds the data the bot ships with: the article, the curated
// knowledge base and the example configuration. It only embeds them.
package config

import "embed"

// Knowledge holds knowledge.yaml and the article it names.
//
//go:embed knowledge.yaml article.txt
var Knowledge embed.FS
