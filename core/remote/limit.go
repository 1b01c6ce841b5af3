package remote

import (
	"context"
	"sync"

	"github.com/tensogram-go/tensogram-go/core/internal/par"
)

// forEachLimit runs fn(ctx, k) for every k in 0..n-1 with at most limit
// calls running at once. The first error cancels the context the other
// calls see and is returned after every started call has finished; a
// panic in a call is re-raised on the caller's goroutine (par.Group).
func forEachLimit(ctx context.Context, n, limit int, fn func(context.Context, int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		g        par.Group
		once     sync.Once
		firstErr error
		sem      = make(chan struct{}, max(limit, 1))
	)
	for k := range n {
		sem <- struct{}{}
		g.Go(func() {
			defer func() { <-sem }()
			if err := fn(ctx, k); err != nil {
				once.Do(func() { firstErr = err; cancel() })
			}
		})
	}
	g.Wait()
	return firstErr
}
