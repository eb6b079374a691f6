// Package ratelimit limits how often each key (a chat user) may ask, so one
// person cannot flood a channel or the engine.
//
// It is shared by the chat adapters and imports only the standard library and
// golang.org/x/time/rate; it knows nothing about Slack or Discord.
package ratelimit

import (
	"container/list"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Decision is what a caller should do with one request.
type Decision int

const (
	// Allow means the request is within the limit: answer it.
	Allow Decision = iota
	// Refuse means the key just went over its limit: tell the user politely,
	// once. Later requests are Ignored until the key may ask again.
	Refuse
	// Ignore means the key is over its limit and was already told: drop the
	// request without a reply.
	Ignore
)

// String returns the decision's name, for logs.
func (d Decision) String() string {
	switch d {
	case Allow:
		return "allow"
	case Refuse:
		return "refuse"
	case Ignore:
		return "ignore"
	}
	return "unknown"
}

// defaultMaxKeys bounds the number of keys tracked at once. Keys idle for a
// whole window are dropped first; beyond this many active keys the least
// recently seen one is dropped.
const defaultMaxKeys = 100_000

// Limiter is a token bucket per key: each key may make n requests at once and
// regains capacity at n per window, so a steady rate of n per window is
// allowed. It is safe for concurrent use and takes the current time from its
// callers, which makes it deterministic in tests.
type Limiter struct {
	limit   rate.Limit
	burst   int
	window  time.Duration
	maxKeys int

	mu    sync.Mutex
	keys  map[string]*list.Element // of *entry
	order *list.List               // most recently seen at the front
}

type entry struct {
	key      string
	bucket   *rate.Limiter
	refused  bool // told once since the last allowed request
	lastSeen time.Time
}

// New returns a Limiter that allows n requests per window for each key.
// It panics if n < 1 or per <= 0, which are programming errors; callers
// validate user configuration first.
func New(n int, per time.Duration) *Limiter {
	if n < 1 || per <= 0 {
		panic("ratelimit: New needs n >= 1 and per > 0")
	}
	return &Limiter{
		limit:   rate.Limit(float64(n) / per.Seconds()),
		burst:   n,
		window:  per,
		maxKeys: defaultMaxKeys,
		keys:    make(map[string]*list.Element),
		order:   list.New(),
	}
}

// Allow records one request by key at now and says what to do with it.
func (l *Limiter) Allow(key string, now time.Time) Decision {
	l.mu.Lock()
	defer l.mu.Unlock()

	l.evictIdle(now)
	e := l.entry(key, now)
	if e.bucket.AllowN(now, 1) {
		e.refused = false
		return Allow
	}
	if e.refused {
		return Ignore
	}
	e.refused = true
	return Refuse
}

// entry returns key's entry, creating it if needed, and marks it seen at now.
func (l *Limiter) entry(key string, now time.Time) *entry {
	if el, ok := l.keys[key]; ok {
		e := el.Value.(*entry)
		if now.After(e.lastSeen) {
			e.lastSeen = now
		}
		l.order.MoveToFront(el)
		return e
	}
	if len(l.keys) >= l.maxKeys {
		l.remove(l.order.Back())
	}
	e := &entry{key: key, bucket: rate.NewLimiter(l.limit, l.burst), lastSeen: now}
	l.keys[key] = l.order.PushFront(e)
	return e
}

// evictIdle drops keys not seen for a whole window. Their buckets have
// refilled completely by now, so forgetting them changes no decision.
func (l *Limiter) evictIdle(now time.Time) {
	for el := l.order.Back(); el != nil; el = l.order.Back() {
		if now.Sub(el.Value.(*entry).lastSeen) < l.window {
			return
		}
		l.remove(el)
	}
}

func (l *Limiter) remove(el *list.Element) {
	delete(l.keys, el.Value.(*entry).key)
	l.order.Remove(el)
}

// Len returns how many keys are tracked, for tests and metrics.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.keys)
}
