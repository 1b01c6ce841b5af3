package remote

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
)

// forEachLimit runs every call with at most limit at once and returns the
// error that cancelled the others.
func TestForEachLimit(t *testing.T) {
	var running, peak, calls atomic.Int32
	err := forEachLimit(context.Background(), 20, 3, func(ctx context.Context, k int) error {
		n := running.Add(1)
		defer running.Add(-1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		calls.Add(1)
		return nil
	})
	if err != nil || calls.Load() != 20 || peak.Load() > 3 {
		t.Fatalf("err %v, %d calls, %d at once", err, calls.Load(), peak.Load())
	}
	boom := errors.New("boom")
	err = forEachLimit(context.Background(), 5, 2, func(ctx context.Context, k int) error {
		if k == 2 {
			return boom
		}
		return nil
	})
	if !errors.Is(err, boom) {
		t.Fatalf("error %v, want boom", err)
	}
}

// A panic in one call reaches the caller's goroutine instead of ending the
// process.
func TestForEachLimitPanicReachesCaller(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "fetch boom") {
			t.Fatalf("recovered %v, want the call's panic", r)
		}
	}()
	_ = forEachLimit(context.Background(), 4, 2, func(ctx context.Context, k int) error {
		if k == 1 {
			panic("fetch boom")
		}
		return nil
	})
	t.Fatal("forEachLimit returned normally")
}
