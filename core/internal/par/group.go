package par

import (
	"runtime/debug"
	"sync"
	"sync/atomic"
)

// Group runs functions on new goroutines for a caller that hands out work
// itself (a reader feeding validators, a semaphore-bounded fetch loop) and
// cannot use ForEach. A panic on one of its goroutines does not end the
// process: Wait re-raises it on the waiting goroutine, as a *Panic, once
// every goroutine of the group has returned. A goroutine started by Go
// inherits the starting goroutine's debug.SetPanicOnFault setting, so a
// fault on memory a caller expects to fault (a mapped file that shrank)
// also comes back as a panic the caller can recover. The zero Group is
// ready.
type Group struct {
	wg     sync.WaitGroup
	failed atomic.Pointer[Panic]
}

// Go runs f on a new goroutine of the group.
func (g *Group) Go(f func()) {
	onFault := panicsOnFault()
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if onFault {
			debug.SetPanicOnFault(true)
		}
		defer func() {
			if r := recover(); r != nil {
				p, nested := r.(*Panic) // from a nested ForEach: keep its value and stack
				if !nested {
					p = &Panic{Value: r, Stack: debug.Stack()}
				}
				g.failed.CompareAndSwap(nil, p)
			}
		}()
		f()
	}()
}

// Wait returns once every function started by Go has returned, and then
// panics with the first of them that panicked, if any did.
func (g *Group) Wait() {
	g.wg.Wait()
	if p := g.failed.Load(); p != nil {
		panic(p)
	}
}

// panicsOnFault reports whether the calling goroutine has
// debug.SetPanicOnFault set (the runtime offers no plain getter).
func panicsOnFault() bool {
	on := debug.SetPanicOnFault(true)
	debug.SetPanicOnFault(on)
	return on
}
