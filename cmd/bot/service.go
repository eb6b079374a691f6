package main

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/articlebot/articlebot/internal/answers"
	"github.com/fsnotify/fsnotify"
	"golang.org/x/time/rate"
)

// service holds the engine that serves questions and swaps it when the
// knowledge base is reloaded: a question in flight keeps the engine it
// started with, so no question fails during a reload. It also records each
// question: metrics, a log line, and the unanswered log.
type service struct {
	kb      fs.FS
	dir     string // the knowledge directory on disk; "" when embedded
	log     *slog.Logger
	metrics *metrics
	record  func(platform string, q string, a answers.Answer) // the unanswered log; nil for none

	engine  atomic.Pointer[answers.Engine]
	reload  sync.Mutex // one reload at a time
	userKey []byte     // keys the hash of user ids in logs

	limitedLog      *rate.Limiter // one "rate limited" line per limitedLogEvery
	unloggedLimited atomic.Uint64 // refusals since the last such line
}

// limitedLogEvery bounds the "rate limited" log lines to one per interval,
// each counting the refusals since the line before: a flood of questions
// must not become a flood of log lines. The metric counts every one.
const limitedLogEvery = time.Minute

func newService(kb fs.FS, dir string, log *slog.Logger, m *metrics) (*service, error) {
	s := &service{kb: kb, dir: dir, log: log, metrics: m, userKey: make([]byte, 32),
		limitedLog: rate.NewLimiter(rate.Every(limitedLogEvery), 1)}
	rand.Read(s.userKey)
	eng, err := loadEngine(kb)
	if err != nil {
		return nil, err
	}
	s.swap(eng)
	return s, nil
}

func (s *service) swap(eng *answers.Engine) {
	s.engine.Store(eng)
	s.metrics.knowledge(eng.Version(), len(eng.Facts()))
}

// Engine is the engine serving now.
func (s *service) Engine() *answers.Engine { return s.engine.Load() }

// Version is the version of the knowledge base serving now.
func (s *service) Version() string { return s.Engine().Version() }

// Reload loads the knowledge base again. A broken one is rejected, logged
// and counted; the previous one keeps serving.
func (s *service) Reload() error {
	s.reload.Lock()
	defer s.reload.Unlock()
	eng, err := loadEngine(s.kb)
	if err != nil {
		s.metrics.reloads.WithLabelValues("error").Inc()
		s.log.Error("knowledge base reload rejected; the previous one keeps serving", "err", err, "version", s.Version())
		return err
	}
	s.metrics.reloads.WithLabelValues("ok").Inc()
	version := eng.Version()
	if version == s.Version() {
		s.log.Info("knowledge base unchanged", "version", version)
		return nil
	}
	s.swap(eng)
	s.log.Info("knowledge base reloaded", "version", version, "facts", len(eng.Facts()))
	return nil
}

// watch reloads when a file of the knowledge directory changes, until ctx
// is done. Editors save in bursts (write, rename, chmod), so a reload waits
// for quiet first. Deploy tools replace the directory itself (mv kb old; mv
// new kb) and a watch follows the directory it was put on, so the parent is
// watched too: when the directory goes away that is logged, and when it is
// back it is watched again and reloaded.
func (s *service) watch(ctx context.Context, quiet time.Duration) error {
	if s.dir == "" {
		return nil // embedded: nothing on disk to watch
	}
	dir := filepath.Clean(s.dir)
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watching the knowledge directory: %w", err)
	}
	defer w.Close()
	for _, d := range []string{filepath.Dir(dir), dir} {
		if err := w.Add(d); err != nil {
			return fmt.Errorf("watching the knowledge directory %s: %w", d, err)
		}
	}
	s.log.Info("watching the knowledge directory for changes", "dir", dir)
	var timer <-chan time.Time
	gone := false
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return errors.New("the file watch ended")
			}
			switch {
			case ev.Name == dir && ev.Has(fsnotify.Create): // back, or a new one in its place
				if err := w.Add(dir); err != nil {
					return fmt.Errorf("watching the knowledge directory %s again: %w", dir, err)
				}
				gone = false
				s.log.Info("knowledge directory replaced; watching the new one", "dir", dir)
				timer = time.After(quiet)
			case ev.Name == dir && ev.Has(fsnotify.Remove|fsnotify.Rename):
				// Reported by the parent and by the directory itself; it
				// may be back already.
				if _, err := os.Stat(dir); err != nil && !gone {
					gone = true
					s.log.Warn("knowledge directory gone: not watching it until it is back; the knowledge base loaded keeps serving", "dir", dir)
				}
			case filepath.Dir(ev.Name) == dir && ev.Has(fsnotify.Write|fsnotify.Create|fsnotify.Rename|fsnotify.Remove):
				timer = time.After(quiet)
			}
		case err, ok := <-w.Errors:
			if !ok {
				return errors.New("the file watch ended")
			}
			s.log.Warn("watching the knowledge directory", "err", err)
		case <-timer:
			timer = nil
			s.Reload()
		}
	}
}

// hashUser keys a user id so logs can tell users apart without holding ids.
func (s *service) hashUser(platform, user string) string {
	if user == "" {
		return ""
	}
	m := hmac.New(sha256.New, s.userKey)
	m.Write([]byte(platform + "\x00" + user))
	return hex.EncodeToString(m.Sum(nil))[:16]
}

// observe records one answered question: metrics, one log line, and the
// unanswered log when the reply did not answer.
func (s *service) observe(platform, user, question string, a answers.Answer, took time.Duration) {
	s.metrics.questions.WithLabelValues(platform, string(a.Status)).Inc()
	s.metrics.latency.WithLabelValues(platform).Observe(took.Seconds())
	s.log.Info("question", "platform", platform, "user", s.hashUser(platform, user), "status", a.Status,
		"fact", a.FactID, "confidence", a.Confidence, "latency", took)
	if a.Status != answers.StatusAnswered && s.record != nil {
		// Clean drops mentions of other people, so the log holds no user ids.
		s.record(platform, answers.Clean(question), a)
	}
}

// limited records a question refused by a rate limit: the metric, and a
// log line at most once per limitedLogEvery, naming the last refusal.
func (s *service) limited(platform, user string) {
	s.metrics.limited.WithLabelValues(platform).Inc()
	s.unloggedLimited.Add(1)
	if s.limitedLog.Allow() {
		s.log.Info("rate limited", "count", s.unloggedLimited.Swap(0), "platform", platform, "user", s.hashUser(platform, user))
	}
}

// liveEngine is the engine as the adapters see it: it answers from whichever
// knowledge base is serving now.
type liveEngine struct{ s *service }

// Answer answers with the engine serving now.
func (l liveEngine) Answer(question string) answers.Answer { return l.s.Engine().Answer(question) }

// Follow answers a follow-up with the engine serving now. A conversation
// begun before a reload goes on after it: its context names facts by id.
func (l liveEngine) Follow(c answers.Context, question string) (answers.Answer, answers.Context) {
	return l.s.Engine().Follow(c, question)
}
