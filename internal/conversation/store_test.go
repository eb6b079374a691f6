package conversation_test

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/articlebot/articlebot/config"
	"github.com/articlebot/articlebot/internal/answers"
	"github.com/articlebot/articlebot/internal/conversation"
	"github.com/articlebot/articlebot/internal/wordvec"
)

var (
	engOnce sync.Once
	eng     *answers.Engine
	engErr  error
)

func engine(t testing.TB) *answers.Engine {
	t.Helper()
	engOnce.Do(func() {
		vec, err := wordvec.Open(config.Vectors)
		if err != nil {
			engErr = err
			return
		}
		eng, engErr = answers.Load(config.Knowledge, answers.WithVectors(vec))
	})
	if engErr != nil {
		t.Fatal(engErr)
	}
	return eng
}

// contexts are conversations as the engine leaves them, after one to three
// questions on different subjects.
func contexts(t testing.TB) []answers.Context {
	e := engine(t)
	scripts := [][]string{
		{"who is the EU's foreign policy chief?", "and the commission president?"},
		{"what did Stoltenberg say about Turkey?", "why?", "source?"},
		{"what is Nord Stream 2?", "who opposes it?"},
		{"who took the photo of the pipe sections?", "where was it taken?", "tell me more"},
	}
	var out []answers.Context
	for _, s := range scripts {
		var c answers.Context
		for _, m := range s {
			_, c = e.Follow(c, m)
			out = append(out, c)
		}
	}
	return out
}

func TestStoreRemembersAndForgets(t *testing.T) {
	s := conversation.NewStore(conversation.Config{Max: 10, Idle: time.Hour})
	if c := s.Get("nobody"); !c.IsZero() {
		t.Fatalf("an unknown key gave a conversation of %d turns", c.Turns())
	}
	cs := contexts(t)
	s.Put("a", cs[1])
	if got := s.Get("a"); got != cs[1] {
		t.Errorf("Get gave %v, want %v", got, cs[1])
	}
	s.Forget("a")
	if c := s.Get("a"); !c.IsZero() {
		t.Errorf("a forgotten conversation still has %d turns", c.Turns())
	}
}

func TestStoreFollowContinuesAConversation(t *testing.T) {
	s := conversation.NewStore(conversation.Config{Max: 10, Idle: time.Hour})
	e := engine(t)
	s.Follow(e, "slack:T1:C1:U1", "who is the EU's foreign policy chief?")
	a := s.Follow(e, "slack:T1:C1:U1", "and the commission president?")
	if a.Status != answers.StatusAnswered || a.FactID == "" {
		t.Fatalf("the follow-up got %s %q", a.Status, a.Text)
	}
	other := s.Follow(e, "slack:T1:C1:U2", "and the commission president?")
	if other.Text == a.Text {
		t.Errorf("another user's first message was read in the first user's conversation: %q", other.Text)
	}
	if got := s.Get("slack:T1:C1:U1").Turns(); got != 2 {
		t.Errorf("the conversation has %d turns, want 2", got)
	}
}

func TestStoreEndsIdleConversations(t *testing.T) {
	s := conversation.NewStore(conversation.Config{Max: 10, Idle: 50 * time.Millisecond})
	s.Put("a", contexts(t)[0])
	deadline := time.Now().Add(5 * time.Second)
	for !s.Get("a").IsZero() {
		if time.Now().After(deadline) {
			t.Fatal("a conversation idle for 5s, past its 50ms, is still live")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestStoreIsBounded(t *testing.T) {
	s := conversation.NewStore(conversation.Config{Max: 3, Idle: time.Hour})
	c := contexts(t)[0]
	for _, k := range []string{"a", "b", "c"} {
		s.Put(k, c)
	}
	s.Get("a") // a is now the most recently used
	s.Put("d", c)
	if s.Len() != 3 {
		t.Errorf("the store holds %d conversations, want at most 3", s.Len())
	}
	if !s.Get("b").IsZero() {
		t.Error("the least recently used conversation was kept")
	}
	if s.Get("a").IsZero() || s.Get("d").IsZero() {
		t.Error("a recently used conversation was dropped")
	}
}

func TestStoreConcurrentConversations(t *testing.T) {
	s := conversation.NewStore(conversation.Config{Max: 1000, Idle: time.Hour})
	e := engine(t)
	script := []string{"who is Heiko Maas?", "what did Blinken tell him?", "source?", "how old is he?"}
	var wg sync.WaitGroup
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			key := fmt.Sprintf("discord:C%d:U%d", g%4, g) // some keys shared by no one else, all busy
			for _, m := range script {
				if a := s.Follow(e, key, m); a.Text == "" {
					t.Errorf("%s: %q got an empty reply", key, m)
				}
			}
		}(g)
	}
	wg.Wait()
	if s.Len() != 16 {
		t.Errorf("%d conversations live, want 16", s.Len())
	}
}

// BenchmarkStoreMemory measures 100,000 live conversations: heap bytes in
// all ("MB") must stay within 50 MB.
func BenchmarkStoreMemory(b *testing.B) {
	cs := contexts(b)
	const n = 100_000
	b.ResetTimer()
	var perStore float64
	for i := 0; i < b.N; i++ {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		s := conversation.NewStore(conversation.Config{Max: n, Idle: time.Hour})
		for j := 0; j < n; j++ {
			// a Slack key as the adapter writes it, counted with the store
			s.Put(fmt.Sprintf("slack:T0123456:C%07d:U%07d", j%5000, j), cs[j%len(cs)])
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		perStore = float64(after.HeapAlloc-before.HeapAlloc) / (1 << 20)
		if s.Len() != n {
			b.Fatalf("%d conversations live, want %d", s.Len(), n)
		}
		runtime.KeepAlive(s)
	}
	b.ReportMetric(perStore, "MB")
	b.ReportMetric(perStore*(1<<20)/n, "B/conversation")
}

// BenchmarkStoreLookup is a message's work on the store, Get then Put, with
// a thousand or a hundred thousand conversations live: O(1), the same cost.
func BenchmarkStoreLookup(b *testing.B) {
	cs := contexts(b)
	for _, n := range []int{1_000, 100_000} {
		b.Run(fmt.Sprintf("live=%d", n), func(b *testing.B) {
			s := conversation.NewStore(conversation.Config{Max: n, Idle: time.Hour})
			keys := make([]string, n)
			for i := range keys {
				keys[i] = fmt.Sprintf("discord:C%d:U%d", i%100, i)
				s.Put(keys[i], cs[i%len(cs)])
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				k := keys[(i*7919)%n]
				s.Put(k, s.Get(k))
			}
		})
	}
}

func TestConfigValidate(t *testing.T) {
	if err := conversation.DefaultConfig().Validate(); err != nil {
		t.Errorf("the default configuration: %v", err)
	}
	err := conversation.Config{Idle: -time.Second, Max: 0}.Validate()
	for _, want := range []string{"Idle: -1s must be positive", "Max: 0 must be at least 1"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate = %v, want %q", err, want)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("NewStore took a store of no conversations")
		}
	}()
	conversation.NewStore(conversation.Config{Idle: time.Minute})
}
