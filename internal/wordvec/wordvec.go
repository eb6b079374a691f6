// Package wordvec reads and writes a compact table of word vectors: words
// sorted for binary search, each with its frequency rank and a vector
// quantised to int8 with a per-word scale. A table is used in place, straight
// from the bytes it was embedded as: opening one parses nothing but a header.
//
// It imports only the standard library.
package wordvec

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"slices"
	"unsafe"
)

// The layout, all integers little-endian:
//
//	magic    [8]byte  "WORDVEC1"
//	dims     uint32
//	count    uint32   number of words
//	blobLen  uint32   bytes of concatenated words
//	checksum uint32   CRC-32 (IEEE) of everything after the header
//	offsets  [count+1]uint32  word i is blob[offsets[i]:offsets[i+1]]
//	blob     [blobLen]byte    the words, sorted bytewise, distinct
//	ranks    [count]uint32    frequency rank in the source, 0 = most frequent
//	scales   [count]float32   vector i is scales[i] * values[i*dims:(i+1)*dims]
//	values   [count*dims]int8
const (
	magic      = "WORDVEC1"
	headerSize = 24
)

// ErrCorrupt marks a table whose bytes are not a valid table.
var ErrCorrupt = errors.New("word vectors: corrupt table")

// Table is a read-only table of word vectors. It is safe for concurrent use.
type Table struct {
	data     []byte
	dims     int
	count    int
	offsets  []byte
	blob     []byte
	ranks    []byte
	scales   []byte
	values   []byte
	checksum uint32
}

// Open checks the header, sizes and word offsets of a table and returns it,
// using data in place. It does not read the words or vectors; Verify checks
// every byte.
func Open(data []byte) (*Table, error) {
	if len(data) < headerSize || string(data[:8]) != magic {
		return nil, fmt.Errorf("%w: not a word-vector table (no %q header)", ErrCorrupt, magic)
	}
	le := binary.LittleEndian
	dims, count, blobLen := int(le.Uint32(data[8:])), int(le.Uint32(data[12:])), int(le.Uint32(data[16:]))
	if dims <= 0 || dims > 1024 || count <= 0 {
		return nil, fmt.Errorf("%w: %d words of %d dimensions", ErrCorrupt, count, dims)
	}
	want := headerSize + 4*(count+1) + blobLen + 4*count + 4*count + count*dims
	if len(data) != want {
		return nil, fmt.Errorf("%w: %d bytes, the header promises %d (truncated?)", ErrCorrupt, len(data), want)
	}
	t := &Table{data: data, dims: dims, count: count, checksum: le.Uint32(data[20:])}
	at := headerSize
	take := func(n int) []byte {
		b := data[at : at+n]
		at += n
		return b
	}
	t.offsets = take(4 * (count + 1))
	t.blob = take(blobLen)
	t.ranks = take(4 * count)
	t.scales = take(4 * count)
	t.values = take(count * dims)
	if le.Uint32(t.offsets) != 0 {
		return nil, fmt.Errorf("%w: word offsets do not start at 0", ErrCorrupt)
	}
	for i := range count { // cheap, and it keeps every look-up in bounds
		if le.Uint32(t.offsets[4*i:]) > le.Uint32(t.offsets[4*i+4:]) {
			return nil, fmt.Errorf("%w: word offsets decrease at word %d", ErrCorrupt, i)
		}
	}
	if int(le.Uint32(t.offsets[4*count:])) != blobLen {
		return nil, fmt.Errorf("%w: word offsets do not span the words", ErrCorrupt)
	}
	return t, nil
}

// Verify checks the checksum and that the words are sorted and distinct.
func (t *Table) Verify() error {
	if got := crc32.ChecksumIEEE(t.data[headerSize:]); got != t.checksum {
		return fmt.Errorf("%w: checksum %08x, want %08x", ErrCorrupt, got, t.checksum)
	}
	prev := ""
	for i := range t.count {
		w := t.Word(i)
		if i > 0 && w <= prev {
			return fmt.Errorf("%w: words not sorted at %q", ErrCorrupt, w)
		}
		prev = w
	}
	return nil
}

// Checksum is the checksum the table's header records: it names the table.
func (t *Table) Checksum() uint32 { return t.checksum }

// Dims is the length of every vector.
func (t *Table) Dims() int { return t.dims }

// Len is the number of words.
func (t *Table) Len() int { return t.count }

func (t *Table) offset(i int) int { return int(binary.LittleEndian.Uint32(t.offsets[4*i:])) }

// Word is the i-th word in sorted order.
func (t *Table) Word(i int) string { return string(t.blob[t.offset(i):t.offset(i+1)]) }

// Find returns the index of word, or -1 when the table lacks it.
func (t *Table) Find(word string) int {
	lo, hi := 0, t.count
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if compare(t.blob[t.offset(m):t.offset(m+1)], word) < 0 {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < t.count && string(t.blob[t.offset(lo):t.offset(lo+1)]) == word {
		return lo
	}
	return -1
}

// compare is strings.Compare(string(b), s) without making a string of b,
// which would be allocated: Find compares some seventeen words a lookup.
func compare(b []byte, s string) int {
	n := min(len(b), len(s))
	for i := 0; i < n; i++ {
		if b[i] != s[i] {
			if b[i] < s[i] {
				return -1
			}
			return 1
		}
	}
	return cmp.Compare(len(b), len(s))
}

// Rank is the frequency rank of word i in the source (0 = most frequent).
func (t *Table) Rank(i int) int { return int(binary.LittleEndian.Uint32(t.ranks[4*i:])) }

// AddTo adds weight times the vector of word i to dst, which has Dims elements.
func (t *Table) AddTo(dst []float32, i int, weight float32) {
	s := weight * math.Float32frombits(binary.LittleEndian.Uint32(t.scales[4*i:]))
	AddScaled(dst, s, int8s(t.values[i*t.dims:(i+1)*t.dims]))
}

// int8s reads bytes as the int8s they store, in place.
func int8s(b []byte) []int8 {
	return unsafe.Slice((*int8)(unsafe.Pointer(unsafe.SliceData(b))), len(b))
}

// addScaledGo adds s times each element of v to dst's; AddScaled computes
// the same, on amd64 with packed instructions.
func addScaledGo(dst []float32, s float32, v []int8) {
	dst = dst[:len(v)]
	for k, x := range v {
		dst[k] += s * float32(x)
	}
}

// Entry is one word and its vector, for Write.
type Entry struct {
	Word   string
	Rank   int
	Vector []float32
}

// Write encodes entries as a table. Words must be distinct; they are sorted
// here. Every vector must have dims elements.
func Write(entries []Entry, dims int) ([]byte, error) {
	sorted := make([]Entry, len(entries))
	copy(sorted, entries)
	slices.SortFunc(sorted, func(a, b Entry) int { return cmp.Compare(a.Word, b.Word) })
	blobLen := 0
	for i, e := range sorted {
		if len(e.Vector) != dims {
			return nil, fmt.Errorf("word %q: %d dimensions, want %d", e.Word, len(e.Vector), dims)
		}
		if i > 0 && sorted[i-1].Word == e.Word {
			return nil, fmt.Errorf("word %q twice", e.Word)
		}
		blobLen += len(e.Word)
	}
	n := len(sorted)
	out := make([]byte, headerSize, headerSize+4*(n+1)+blobLen+8*n+n*dims)
	copy(out, magic)
	le := binary.LittleEndian
	le.PutUint32(out[8:], uint32(dims))
	le.PutUint32(out[12:], uint32(n))
	le.PutUint32(out[16:], uint32(blobLen))
	off := 0
	for _, e := range sorted {
		out = le.AppendUint32(out, uint32(off))
		off += len(e.Word)
	}
	out = le.AppendUint32(out, uint32(off))
	for _, e := range sorted {
		out = append(out, e.Word...)
	}
	for _, e := range sorted {
		out = le.AppendUint32(out, uint32(e.Rank))
	}
	quant := make([]byte, 0, n*dims)
	for _, e := range sorted {
		var peak float32
		for _, x := range e.Vector {
			peak = max(peak, float32(math.Abs(float64(x))))
		}
		scale := peak / 127
		out = le.AppendUint32(out, math.Float32bits(scale))
		for _, x := range e.Vector {
			q := 0.0
			if scale > 0 {
				q = math.Round(float64(x / scale))
			}
			quant = append(quant, byte(int8(max(-127, min(127, q)))))
		}
	}
	out = append(out, quant...)
	le.PutUint32(out[20:], crc32.ChecksumIEEE(out[headerSize:]))
	return out, nil
}
