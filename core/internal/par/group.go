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
// every goroutine of the group has returned. The zero Group is ready.
type Group struct {
	wg     sync.WaitGroup
	failed atomic.Pointer[Panic]
}

// Go runs f on a new goroutine of the group.
func (g *Group) Go(f func()) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		defer func() {
			if r := recover(); r != nil {
				g.failed.CompareAndSwap(nil, &Panic{Value: r, Stack: debug.Stack()})
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
