package wordvec

import (
	"errors"
	"testing"
)

func sample() []Entry {
	return []Entry{
		{Word: "the", Rank: 0, Vector: []float32{0.5, -1, 0}},
		{Word: "alliance", Rank: 900, Vector: []float32{2, 0.25, -0.5}},
		{Word: "nato", Rank: 1500, Vector: []float32{1.9, 0.3, -0.4}},
		{Word: "zebra", Rank: 20000, Vector: []float32{0, 0, 0}},
	}
}

func TestRoundTrip(t *testing.T) {
	data, err := Write(sample(), 3)
	if err != nil {
		t.Fatal(err)
	}
	tab, err := Open(data)
	if err != nil {
		t.Fatal(err)
	}
	if err := tab.Verify(); err != nil {
		t.Fatal(err)
	}
	if tab.Len() != 4 || tab.Dims() != 3 {
		t.Fatalf("Len %d Dims %d", tab.Len(), tab.Dims())
	}
	for _, e := range sample() {
		i := tab.Find(e.Word)
		if i < 0 || tab.Word(i) != e.Word || tab.Rank(i) != e.Rank {
			t.Fatalf("Find(%q) = %d", e.Word, i)
		}
		got := make([]float32, 3)
		tab.AddTo(got, i, 2)
		for k, want := range e.Vector {
			if d := got[k] - 2*want; d > 0.04 || d < -0.04 { // int8 quantisation error
				t.Errorf("%s[%d] = %v, want %v", e.Word, k, got[k], 2*want)
			}
		}
	}
	for _, w := range []string{"", "a", "nat", "natos", "zz"} {
		if i := tab.Find(w); i >= 0 {
			t.Errorf("Find(%q) = %d, want -1", w, i)
		}
	}
}

func TestWriteRejectsBadInput(t *testing.T) {
	if _, err := Write(append(sample(), Entry{Word: "nato", Vector: []float32{1, 2, 3}}), 3); err == nil {
		t.Error("a repeated word was accepted")
	}
	if _, err := Write([]Entry{{Word: "x", Vector: []float32{1}}}, 3); err == nil {
		t.Error("a short vector was accepted")
	}
}

func TestCorruptTables(t *testing.T) {
	data, _ := Write(sample(), 3)
	flipped := append([]byte(nil), data...)
	flipped[len(flipped)-1] ^= 0x55
	tab, err := Open(flipped)
	if err != nil {
		t.Fatal(err)
	}
	if err := tab.Verify(); !errors.Is(err, ErrCorrupt) {
		t.Errorf("a flipped byte: Verify = %v", err)
	}
	for name, b := range map[string][]byte{
		"empty":     nil,
		"not ours":  []byte("GIF89a......................"),
		"truncated": data[:len(data)-10],
		"too long":  append(append([]byte(nil), data...), 0),
	} {
		if _, err := Open(b); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: Open = %v, want ErrCorrupt", name, err)
		}
	}
}

func FuzzOpen(f *testing.F) {
	data, _ := Write(sample(), 3)
	f.Add(data)
	f.Fuzz(func(t *testing.T, b []byte) {
		tab, err := Open(b)
		if err != nil {
			return
		}
		sorted := tab.Verify() == nil
		for i := range tab.Len() { // never panics, verified or not
			if tab.Find(tab.Word(i)) != i && sorted {
				t.Fatalf("word %d not found", i)
			}
		}
	})
}
