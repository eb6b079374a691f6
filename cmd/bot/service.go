package main

import (
	"context"
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
)

// service holds the engine that serves questions and swaps it when the
// knowledge base is reloaded: a question in flight keeps the engine it
// started with, so no question fails during a reload.
type service struct {
	kb      fs.FS
	dir     string // the knowledge directory on disk; "" when embedded
	log     *slog.Logger
	metrics *metrics

	engine atomic.Pointer[answers.Engine]
	reload sync.Mutex // one reload at a time
}

func newService(kb fs.FS, dir string, log *slog.Logger, m *metrics) (*service, error) {
	s := &service{kb: kb, dir: dir, log: log, metrics: m}
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
	// counted once the new engine serves, so that a reload counted on
	// /metrics is one whose version is shown there
	defer s.metrics.reloads.WithLabelValues("ok").Inc()
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

// liveEngine is the engine as the adapters see it: it answers from whichever
// knowledge base is serving now.
type liveEngine struct{ s *service }

// Follow answers a follow-up with the engine serving now. A conversation
// begun before a reload goes on after it: its context names facts by id.
func (l liveEngine) Follow(c answers.Context, question string) (answers.Answer, answers.Context) {
	return l.s.Engine().Follow(c, question)
}
