package answers_test

import (
	"bytes"
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/articlebot/articlebot/config"
	"github.com/articlebot/articlebot/internal/answers"
)

// TestReadSources: the knowledge directory as read, knowledge.yaml parsed
// and as bytes, with the article it names; a knowledge base naming no
// article, or one that is not there, is an error that says so.
func TestReadSources(t *testing.T) {
	src, err := answers.ReadSources(config.Knowledge)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := config.Knowledge.ReadFile(answers.KnowledgeFile)
	article, _ := config.Knowledge.ReadFile(src.Knowledge.Article.File)
	if !bytes.Equal(src.Data, data) || src.Article != string(article) || len(src.Knowledge.Facts) == 0 {
		t.Errorf("ReadSources = %d bytes of knowledge, %d facts, %d bytes of article; want the embedded files",
			len(src.Data), len(src.Knowledge.Facts), len(src.Article))
	}
	for _, tc := range []struct {
		kb, want string
	}{
		{"article: {title: T}\n", "article.file: missing"},
		{"article: {file: none.txt, title: T}\n", "reading the article"},
		{"article: {file: a.txt, titel: T}\n", "titel"},
	} {
		_, err := answers.ReadSources(fstest.MapFS{answers.KnowledgeFile: {Data: []byte(tc.kb)}, "a.txt": {Data: []byte("T\n")}})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ReadSources of %q = %v, want an error about %s", tc.kb, err, tc.want)
		}
	}
	if _, err := answers.ReadSources(fstest.MapFS{}); err == nil || !strings.Contains(err.Error(), "reading the knowledge base") {
		t.Errorf("ReadSources of an empty directory = %v", err)
	}
	if _, err := answers.ReadSources(fstest.MapFS{answers.KnowledgeFile: {Data: []byte("article: {file: none.txt}\n")}}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing article is not fs.ErrNotExist: %v", err)
	}
}
