package blosc2

import "sync"

// Block scratch buffers (filter pipeline and partial blocks) are reused
// across calls. sync.Pool does not serve here: a Python thread calling in
// through cgo lands on either P, and a scratch put in one P's private slot
// is invisible from the other, so half the calls missed and faulted in
// fresh block buffers (two of 512 KiB for a clevel-5 float64 block). The
// free list is a short slice behind a mutex instead.

// scratchListLen is the number of scratches kept: one per goroutine
// working at once on a 2-core machine, with room for two calls each
// decoding on two goroutines.
const scratchListLen = 4

// scratchKeepMax is the largest scratch (its three buffers' capacity in
// bytes) kept for reuse; bigger ones (clevel 8-9 blocks of several MiB)
// are left to the garbage collector rather than pinned.
const scratchKeepMax = 8 << 20

// scratchList is the free list of block scratches.
type scratchList struct {
	mu   sync.Mutex
	free []*scratch
}

// scratches is the free list every block loop takes its scratch from.
var scratches scratchList

// get returns a free scratch (an empty new one when none is free).
func (l *scratchList) get() *scratch {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := len(l.free)
	if n == 0 {
		return new(scratch)
	}
	sc := l.free[n-1]
	l.free[n-1] = nil
	l.free = l.free[:n-1]
	return sc
}

// put returns sc to the list unless it is full or sc is too large to keep.
func (l *scratchList) put(sc *scratch) {
	if cap(sc.a)+cap(sc.b)+cap(sc.tmp) > scratchKeepMax {
		return
	}
	l.mu.Lock()
	if len(l.free) < scratchListLen {
		l.free = append(l.free, sc)
	}
	l.mu.Unlock()
}
