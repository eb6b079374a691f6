// Package conversation keeps the context of each live conversation for the
// chat surfaces: a bounded store, least recently used out first, where a
// conversation ends after a spell without a message. It holds only the
// engine's small Context values, never the text of questions.
package conversation

import (
	"time"

	"github.com/articlebot/articlebot/internal/answers"
	"github.com/hashicorp/golang-lru/v2/expirable"
)

// Defaults for a Store.
const (
	DefaultIdle = 10 * time.Minute
	DefaultMax  = 100_000
)

// Store maps a conversation's key (a surface's name for who is talking
// where) to its Context. It is safe for concurrent use; every operation is
// O(1).
type Store struct {
	lru *expirable.LRU[string, answers.Context]
}

// NewStore makes a store of at most max conversations, each forgotten idle
// after its last message. Zero or less takes the default.
func NewStore(max int, idle time.Duration) *Store {
	if max <= 0 {
		max = DefaultMax
	}
	if idle <= 0 {
		idle = DefaultIdle
	}
	return &Store{lru: expirable.NewLRU[string, answers.Context](max, nil, idle)}
}

// Get is the conversation under key; the zero Context when there is none
// or it has ended.
func (s *Store) Get(key string) answers.Context {
	c, _ := s.lru.Get(key)
	return c
}

// Put stores a conversation after a message, restarting its idle time.
func (s *Store) Put(key string, c answers.Context) {
	s.lru.Add(key, c)
}

// Forget ends a conversation.
func (s *Store) Forget(key string) {
	s.lru.Remove(key)
}

// Len is how many conversations are live.
func (s *Store) Len() int { return s.lru.Len() }

// Follow answers a message in the conversation under key and stores the
// conversation after it. Two messages of one conversation arriving at the
// same moment each follow the context they found; the later store wins.
func (s *Store) Follow(eng Follower, key, message string) answers.Answer {
	a, c := eng.Follow(s.Get(key), message)
	s.Put(key, c)
	return a
}

// Follower answers a message in a conversation: the engine.
type Follower interface {
	Follow(c answers.Context, message string) (answers.Answer, answers.Context)
}

var _ Follower = (*answers.Engine)(nil)

// Links remembers which conversation each of the bot's messages belongs to,
// so that a reply to one continues it. Like Store it is bounded, forgets a
// link idle after it was made, and is safe for concurrent use.
type Links struct {
	lru *expirable.LRU[string, string]
}

// NewLinks makes a store of at most max links; zero or less takes the
// defaults, as for NewStore.
func NewLinks(max int, idle time.Duration) *Links {
	if max <= 0 {
		max = DefaultMax
	}
	if idle <= 0 {
		idle = DefaultIdle
	}
	return &Links{lru: expirable.NewLRU[string, string](max, nil, idle)}
}

// Link records that message belongs to the conversation under key.
func (l *Links) Link(message, key string) { l.lru.Add(message, key) }

// Key is the conversation a message belongs to, if it is known and live.
func (l *Links) Key(message string) (string, bool) { return l.lru.Get(message) }
