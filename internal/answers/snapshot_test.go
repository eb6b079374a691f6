package answers

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// builtAndRestored builds the engine from config/ and loads it from its
// snapshot.
func builtAndRestored(t *testing.T) (built, restored *Engine, knowledge []byte) {
	t.Helper()
	tab := testVectors(t)
	src, m := realSources(t)
	built, err := New(src.Knowledge, src.Article, WithVectors(tab), WithModel(m))
	if err != nil {
		t.Fatal(err)
	}
	restored, err = Load(os.DirFS("../../config"), WithVectors(tab))
	if err != nil {
		t.Fatal(err)
	}
	knowledge = src.Data
	return built, restored, knowledge
}

// TestSnapshotIsCurrent: config/engine.snap is what building from the
// knowledge base gives now, and Load starts from it.
func TestSnapshotIsCurrent(t *testing.T) {
	built, restored, knowledge := builtAndRestored(t)
	want, err := built.Snapshot(knowledge)
	if err != nil {
		t.Fatal(err)
	}
	have, err := os.ReadFile("../../config/" + SnapshotFile)
	if err != nil {
		t.Fatal(err)
	}
	// the gob payloads: another Go release may compress the same bytes
	// differently
	havePayload, err := snapshotPayload(have)
	if err != nil {
		t.Fatalf("config/%s: %v: run go generate ./config", SnapshotFile, err)
	}
	wantPayload, err := snapshotPayload(want)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(havePayload, wantPayload) {
		t.Fatalf("config/%s is stale: run go generate ./config", SnapshotFile)
	}
	if !restored.restored {
		t.Fatal("Load built the engine instead of starting from its snapshot")
	}
	again, err := restored.Snapshot(knowledge)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, want) {
		t.Error("an engine restored from a snapshot snapshots differently")
	}
}

// TestSnapshotAnswersAsBuilt asks the built and the restored engine every
// question variant and every question of the question sets: the answers must
// be the same.
func TestSnapshotAnswersAsBuilt(t *testing.T) {
	built, restored, _ := builtAndRestored(t)
	var qs []string
	for _, f := range built.Facts() {
		qs = append(qs, f.Questions...)
	}
	paths, _ := filepath.Glob("../../testdata/bank/*.jsonl")
	paths = append(paths, "../../testdata/dev.jsonl")
	for _, q := range setQuestions(t, paths...) {
		qs = append(qs, q, q+" tho", "hey "+q)
	}
	for _, q := range qs {
		if a, b := built.Answer(q), restored.Answer(q); !reflect.DeepEqual(a, b) {
			t.Fatalf("Answer(%q):\nbuilt    %+v\nrestored %+v", q, a, b)
		}
	}
}

// TestStaleSnapshotIsIgnored: a snapshot of other sources is not used.
func TestStaleSnapshotIsIgnored(t *testing.T) {
	_, _, knowledge := builtAndRestored(t)
	edited := append(bytes.Clone(knowledge), "\n# an edit\n"...)
	if e, err := fromSnapshot(os.DirFS("../../config"), edited, nil); e != nil || err != nil {
		t.Errorf("a snapshot of another knowledge.yaml was used: %v %v", e != nil, err)
	}
}
