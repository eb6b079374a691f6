// Package conversation keeps the context of each live conversation for the
// chat surfaces: a bounded store, least recently used out first, where a
// conversation ends after a spell without a message. It holds only the
// engine's small Context values, never the text of questions.
package conversation

import (
	"errors"
	"time"

	"github.com/articlebot/articlebot/internal/answers"
	"github.com/articlebot/articlebot/internal/field"
	"github.com/hashicorp/golang-lru/v2/expirable"
)

// Config bounds the conversations a Store keeps, and the links Links keeps.
type Config struct {
	// Idle ends a conversation after this long without a message.
	Idle time.Duration
	// Max is how many conversations are kept, least recently used out first.
	Max int
}

// DefaultConfig keeps 100,000 conversations, each for 10 minutes after its
// last message.
func DefaultConfig() Config {
	return Config{Idle: 10 * time.Minute, Max: 100_000}
}

// Validate reports every field out of range, as *field.Error values.
func (c Config) Validate() error {
	var errs []error
	if c.Idle <= 0 {
		errs = append(errs, field.Errorf("Idle", "%v must be positive", c.Idle))
	}
	if c.Max < 1 {
		errs = append(errs, field.Errorf("Max", "%d must be at least 1", c.Max))
	}
	return errors.Join(errs...)
}

// mustValidate panics on a config that does not validate: a programming
// error, since callers validate what users configure first.
func (c Config) mustValidate() {
	if err := c.Validate(); err != nil {
		panic("conversation: " + err.Error())
	}
}

// Store maps a conversation's key (a surface's name for who is talking
// where) to its Context. It is safe for concurrent use; every operation is
// O(1).
type Store struct {
	lru *expirable.LRU[string, answers.Context]
}

// NewStore makes a store of at most c.Max conversations, each forgotten
// c.Idle after its last message. It panics if c does not validate.
func NewStore(c Config) *Store {
	c.mustValidate()
	return &Store{lru: expirable.NewLRU[string, answers.Context](c.Max, nil, c.Idle)}
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

// NewLinks makes a store of at most c.Max links, each forgotten c.Idle
// after it was made. It panics if c does not validate.
func NewLinks(c Config) *Links {
	c.mustValidate()
	return &Links{lru: expirable.NewLRU[string, string](c.Max, nil, c.Idle)}
}

// Link records that message belongs to the conversation under key.
func (l *Links) Link(message, key string) { l.lru.Add(message, key) }

// Key is the conversation a message belongs to, if it is known and live.
func (l *Links) Key(message string) (string, bool) { return l.lru.Get(message) }
