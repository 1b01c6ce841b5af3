// Package par runs index-parallel work on a bounded number of goroutines.
//
// It is the one worker pool of the module: core's per-object encode and
// decode and the codecs' intra-object parallelism all go through it, so the
// rules below hold everywhere:
//
//   - with a budget of one worker (or one item) the work runs sequentially
//     on the calling goroutine, in index order, and no goroutine is started;
//   - otherwise the calling goroutine takes part (it always runs index 0
//     first) and at most workers-1 extra goroutines are started;
//   - the error returned is that of the lowest failing index, whatever the
//     order in which the work finished, so messages match a sequential run;
//   - a panic in a worker goroutine is re-raised on the calling goroutine
//     (as a *Panic) after every worker has stopped, so a caller that
//     recovers panics sees it and never outlives work still writing into
//     its buffers.
package par

import (
	"fmt"
	"sync/atomic"
)

// ForEach calls f(i) for every i in [0, n) on up to workers goroutines,
// counting the calling one, and returns the error of the lowest index for
// which f failed (nil if none did).
//
// With workers <= 1 or n <= 1, f runs on the calling goroutine for i = 0,
// 1, ... and ForEach stops at the first error. Otherwise every index is
// run, indices are handed out in increasing order to whichever worker is
// free, and f must be safe for concurrent use on distinct indices.
func ForEach(n, workers int, f func(i int) error) error {
	if workers <= 1 || n <= 1 {
		for i := 0; i < n; i++ {
			if err := f(i); err != nil {
				return err
			}
		}
		return nil
	}
	errs := make([]error, n)
	var next atomic.Int64
	next.Store(1) // index 0 is the caller's
	fork(min(workers, n), func(w int) {
		if w == 0 {
			errs[0] = f(0)
		}
		for {
			i := int(next.Add(1) - 1)
			if i >= n {
				return
			}
			errs[i] = f(i)
		}
	})
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// Chunks calls f(bounds[c], bounds[c+1]) for every chunk c of the
// contiguous split bounds (as returned by Split), one goroutine per chunk
// with chunk 0 on the calling goroutine, and returns the error of the
// lowest failing chunk. A single chunk runs on the caller alone; fewer than
// two bounds mean no chunk.
func Chunks(bounds []int, f func(lo, hi int) error) error {
	nc := len(bounds) - 1
	return ForEach(nc, nc, func(c int) error { return f(bounds[c], bounds[c+1]) })
}

// Split divides [0, n) into parts contiguous chunks of near-equal size and
// returns their parts+1 bounds: chunk g is [b[g], b[g+1]), with b[0] = 0,
// b[parts] = n and b[g] = g*n/parts. parts must be at least 1; chunks are
// empty when parts > n.
func Split(n, parts int) []int {
	b := make([]int, parts+1)
	for g := range b {
		b[g] = g * n / parts
	}
	return b
}

// Panic is what ForEach and Chunks panic with on the calling goroutine when
// f panicked on another one: the original value and that goroutine's stack.
type Panic struct {
	Value any
	Stack []byte
}

// Error describes the panic with the worker's stack, so that a recovering
// caller that prints the value shows where it happened.
func (p *Panic) Error() string {
	return fmt.Sprintf("%v\n\npanic in worker goroutine:\n%s", p.Value, p.Stack)
}

// Unwrap returns the original value when it is an error.
func (p *Panic) Unwrap() error {
	err, _ := p.Value.(error)
	return err
}

// fork runs body(0) on the calling goroutine and body(1..k-1) on k-1 new
// goroutines, and returns once all have finished. If body(0) panics, fork
// waits for the others before the panic goes on; if only a worker panicked,
// fork re-panics with the first such worker's *Panic.
func fork(k int, body func(w int)) {
	var g Group
	for w := 1; w < k; w++ {
		g.Go(func() { body(w) })
	}
	func() {
		defer g.wg.Wait()
		body(0)
	}()
	g.Wait()
}
