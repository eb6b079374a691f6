// Package waitgroup waits for a sync.WaitGroup until a context is done,
// which WaitGroup.Wait cannot: every shutdown that lets work in flight
// finish, but only for so long, waits this way. It imports only the
// standard library.
package waitgroup

import (
	"context"
	"sync"
)

// Wait waits until wg's count is zero or ctx is done, and returns
// ctx.Err() in the second case. The goroutine it waits in ends with wg.
func Wait(ctx context.Context, wg *sync.WaitGroup) error {
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
