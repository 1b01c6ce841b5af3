package remote

import (
	"context"
	"sync"
)

// forEachLimit runs fn(ctx, k) for every k in 0..n-1 with at most limit
// calls running at once. The first error cancels the context the other
// calls see and is returned after every started call has finished.
func forEachLimit(ctx context.Context, n, limit int, fn func(context.Context, int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg       sync.WaitGroup
		once     sync.Once
		firstErr error
		sem      = make(chan struct{}, max(limit, 1))
	)
	for k := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if err := fn(ctx, k); err != nil {
				once.Do(func() { firstErr = err; cancel() })
			}
		}()
	}
	wg.Wait()
	return firstErr
}
