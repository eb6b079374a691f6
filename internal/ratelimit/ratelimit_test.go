package ratelimit

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

var t0 = time.Date(2026, 3, 24, 12, 0, 0, 0, time.UTC)

func TestAllow(t *testing.T) {
	type req struct {
		key  string
		at   time.Duration // after t0
		want Decision
	}
	tests := []struct {
		name string
		n    int
		per  time.Duration
		reqs []req
	}{
		{
			name: "burst up to n is allowed",
			n:    3, per: 30 * time.Second,
			reqs: []req{{"a", 0, Allow}, {"a", 0, Allow}, {"a", 0, Allow}},
		},
		{
			name: "first excess is refused, later ones ignored",
			n:    2, per: 30 * time.Second,
			reqs: []req{
				{"a", 0, Allow}, {"a", 0, Allow},
				{"a", time.Second, Refuse}, {"a", 2 * time.Second, Ignore}, {"a", 3 * time.Second, Ignore},
			},
		},
		{
			name: "other keys are unaffected",
			n:    1, per: 30 * time.Second,
			reqs: []req{{"a", 0, Allow}, {"a", 0, Refuse}, {"b", 0, Allow}, {"a", 0, Ignore}, {"b", 0, Refuse}},
		},
		{
			name: "capacity returns at n per window",
			n:    5, per: 30 * time.Second,
			reqs: []req{
				{"a", 0, Allow}, {"a", 0, Allow}, {"a", 0, Allow}, {"a", 0, Allow}, {"a", 0, Allow},
				{"a", 0, Refuse},
				{"a", 5999 * time.Millisecond, Ignore},
				{"a", 6 * time.Second, Allow},  // one token per 30s/5
				{"a", 6 * time.Second, Refuse}, // told again after being allowed
			},
		},
		{
			name: "a full window later everything is forgiven",
			n:    2, per: 10 * time.Second,
			reqs: []req{
				{"a", 0, Allow}, {"a", 0, Allow}, {"a", 0, Refuse}, {"a", 0, Ignore},
				{"a", 10 * time.Second, Allow}, {"a", 10 * time.Second, Allow}, {"a", 10 * time.Second, Refuse},
			},
		},
		{
			name: "empty key is a key like any other",
			n:    1, per: time.Minute,
			reqs: []req{{"", 0, Allow}, {"", 0, Refuse}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := New(tt.n, tt.per)
			for i, r := range tt.reqs {
				if got := l.Allow(r.key, t0.Add(r.at)); got != r.want {
					t.Fatalf("request %d (%q at +%v) = %v, want %v", i, r.key, r.at, got, r.want)
				}
			}
		})
	}
}

func TestIdleKeysAreEvicted(t *testing.T) {
	l := New(1, 10*time.Second)
	for i := range 100 {
		l.Allow(fmt.Sprint("user", i), t0)
	}
	if got := l.Len(); got != 100 {
		t.Fatalf("Len = %d after 100 keys, want 100", got)
	}
	l.Allow("late", t0.Add(9*time.Second))
	if got := l.Len(); got != 101 {
		t.Fatalf("Len = %d before the window passed, want 101", got)
	}
	l.Allow("later", t0.Add(10*time.Second))
	if got := l.Len(); got != 2 {
		t.Fatalf("Len = %d after the window passed, want 2 (late, later)", got)
	}
	// An evicted key starts afresh, as it would have after a full window.
	if got := l.Allow("user0", t0.Add(10*time.Second)); got != Allow {
		t.Fatalf("evicted key = %v, want allow", got)
	}
}

func TestMaxKeysBoundsMemory(t *testing.T) {
	l := New(1, time.Hour)
	l.maxKeys = 10
	for i := range 1000 {
		l.Allow(fmt.Sprint("user", i), t0.Add(time.Duration(i)*time.Millisecond))
	}
	if got := l.Len(); got != 10 {
		t.Fatalf("Len = %d, want the cap of 10", got)
	}
	// The most recent keys survive; their state is intact.
	if got := l.Allow("user999", t0.Add(time.Second)); got != Refuse {
		t.Fatalf("recent key = %v, want refuse", got)
	}
}

func TestConcurrentBurst(t *testing.T) {
	const (
		n       = 5
		users   = 20
		perUser = 50
	)
	l := New(n, 30*time.Second)
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		counts = make(map[string]map[Decision]int)
	)
	for u := range users {
		counts[fmt.Sprint("user", u)] = make(map[Decision]int)
	}
	for key := range counts {
		for range perUser {
			wg.Go(func() {
				d := l.Allow(key, t0)
				mu.Lock()
				counts[key][d]++
				mu.Unlock()
			})
		}
	}
	wg.Wait()
	for key, c := range counts {
		if c[Allow] != n || c[Refuse] != 1 || c[Ignore] != perUser-n-1 {
			t.Errorf("%s: allow=%d refuse=%d ignore=%d, want %d, 1, %d",
				key, c[Allow], c[Refuse], c[Ignore], n, perUser-n-1)
		}
	}
}

func TestNewPanicsOnNonsense(t *testing.T) {
	for _, tc := range []struct {
		n   int
		per time.Duration
	}{{0, time.Second}, {1, 0}, {-1, time.Second}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("New(%d, %v) did not panic", tc.n, tc.per)
				}
			}()
			New(tc.n, tc.per)
		}()
	}
}

func BenchmarkAllow(b *testing.B) {
	l := New(5, 30*time.Second)
	keys := make([]string, 1000)
	for i := range keys {
		keys[i] = fmt.Sprint("user", i)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		l.Allow(keys[i%len(keys)], t0.Add(time.Duration(i)*time.Millisecond))
		i++
	}
}
