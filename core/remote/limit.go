package remote

import (
	"context"
	"errors"
	"sync"

	"github.com/tensogram-go/tensogram-go/core"
	"github.com/tensogram-go/tensogram-go/core/internal/par"
)

// forEachLimit runs fn(ctx, k) for every k in 0..n-1 with at most limit
// calls running at once, and returns after every started call has
// finished. A transport failure (a RemoteError or a context error) cancels
// the context the other calls see and is returned (the first to happen).
// Any other error, such as decoding fetched bytes, cancels nothing, so
// every call runs to its end and the error of the lowest failing k is
// returned: the same input gives the same error whatever the timing. A
// panic in a call is re-raised on the caller's goroutine (par.Group).
func forEachLimit(ctx context.Context, n, limit int, fn func(context.Context, int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		g         par.Group
		once      sync.Once
		transport error
		errs      = make([]error, n)
		sem       = make(chan struct{}, max(limit, 1))
	)
	for k := range n {
		sem <- struct{}{}
		g.Go(func() {
			defer func() { <-sem }()
			err := fn(ctx, k)
			errs[k] = err
			if err != nil && isTransportErr(err) {
				once.Do(func() { transport = err; cancel() })
			}
		})
	}
	g.Wait()
	if transport != nil {
		return transport
	}
	return firstErr(errs)
}

// firstErr returns the first non-nil error of errs.
func firstErr(errs []error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// isTransportErr reports whether err is a failure to fetch (a RemoteError
// or a cancelled or expired context) rather than one about fetched bytes.
func isTransportErr(err error) bool {
	var ce *core.Error
	if errors.As(err, &ce) {
		return ce.Kind == core.KindUnsupported
	}
	return true
}
