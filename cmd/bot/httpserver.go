package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/articlebot/articlebot/internal/waitgroup"
)

// drainGrace is how long a shutdown goes on answering requests that arrive
// on connections opened before it; what is still open after it is closed.
const drainGrace = 3 * time.Second

// httpServer is an HTTP server of bot serve with a shutdown that drops no
// request a client sent in time. http.Server.Shutdown closes idle keep-alive
// connections at once, so a request a client is sending on one at that
// moment gets a reset; drain instead stops accepting, answers what arrives
// on the connections already open, each reply asking the client to close,
// and closes only what is still open after the grace period.
type httpServer struct {
	name     string // for logs: "http" or "admin"
	srv      *http.Server
	ln       net.Listener
	log      *slog.Logger
	draining atomic.Bool
	conns    sync.WaitGroup // connections open
	stopped  chan struct{}  // closed when Serve has returned
	serveErr error          // Serve's error, once stopped is closed
}

// serveHTTP serves handler on ln until drain.
func serveHTTP(name string, handler http.Handler, ln net.Listener, log *slog.Logger) *httpServer {
	h := &httpServer{name: name, ln: ln, log: log, stopped: make(chan struct{})}
	srv := &http.Server{
		ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second,
		WriteTimeout: 10 * time.Second, IdleTimeout: 60 * time.Second, MaxHeaderBytes: 16 << 10,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	h.srv = srv
	srv.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		dw := &drainWriter{ResponseWriter: w, draining: &h.draining}
		handler.ServeHTTP(dw, r)
		dw.closeIfDraining() // a handler that wrote nothing
	})
	srv.ConnState = func(_ net.Conn, state http.ConnState) {
		switch state {
		case http.StateNew:
			h.conns.Add(1)
		case http.StateClosed, http.StateHijacked:
			h.conns.Done()
		}
	}
	go func() {
		err := srv.Serve(ln)
		if errors.Is(err, net.ErrClosed) && h.draining.Load() {
			err = nil // drain closed the listener
		}
		h.serveErr = err
		close(h.stopped)
	}()
	return h
}

// drain stops the server: it stops accepting at once, answers requests on
// the connections already open for up to grace, and then closes the
// connections left (a client too slow to send its request, or one keeping
// an idle connection). It returns the error Serve stopped with, if Serve
// failed on its own.
func (h *httpServer) drain(grace time.Duration) error {
	h.draining.Store(true)
	h.ln.Close()
	<-h.stopped // Serve has returned: every connection it accepted is counted
	ctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if waitgroup.Wait(ctx, &h.conns) != nil {
		h.log.Warn("closing connections still open after the grace period", "server", h.name, "grace", grace)
		h.srv.Close()
	}
	if h.serveErr != nil {
		return fmt.Errorf("%s server: %w", h.name, h.serveErr)
	}
	return nil
}

// drainWriter asks the client to close the connection after a reply whose
// header is written once draining has begun.
type drainWriter struct {
	http.ResponseWriter
	draining *atomic.Bool
	wrote    bool
}

func (w *drainWriter) closeIfDraining() {
	if !w.wrote && w.draining.Load() {
		w.Header().Set("Connection", "close") // net/http closes the connection after this reply
	}
	w.wrote = true
}

func (w *drainWriter) WriteHeader(code int) {
	w.closeIfDraining()
	w.ResponseWriter.WriteHeader(code)
}

func (w *drainWriter) Write(b []byte) (int, error) {
	w.closeIfDraining()
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *drainWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// drainAll drains every server at once, each for up to grace, and returns
// their errors.
func drainAll(servers []*httpServer, grace time.Duration) error {
	drained := make(chan error, len(servers))
	for _, h := range servers {
		go func() { drained <- h.drain(grace) }()
	}
	var errs error
	for range servers {
		errs = errors.Join(errs, <-drained)
	}
	return errs
}
