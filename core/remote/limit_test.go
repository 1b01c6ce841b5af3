package remote

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tensogram-go/tensogram-go/core"
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

// An error about fetched bytes (not a transport failure) cancels nothing
// and the lowest failing call's error is returned, whichever failed first.
func TestForEachLimitDecodeErrorOfLowestIndex(t *testing.T) {
	errs := []error{
		&core.Error{Kind: core.KindEncoding, Msg: "object 0 is corrupt"},
		&core.Error{Kind: core.KindFraming, Msg: "object 1 is corrupt"},
	}
	err := forEachLimit(context.Background(), 2, 2, func(ctx context.Context, k int) error {
		if k == 0 {
			time.Sleep(20 * time.Millisecond) // fails last
			if ctx.Err() != nil {
				return &core.Error{Kind: core.KindUnsupported, Msg: "cancelled", Err: ctx.Err()}
			}
		}
		return errs[k]
	})
	if err != errs[0] {
		t.Fatalf("error %v, want %v", err, errs[0])
	}
}

// A transport failure still cancels the other calls and is returned.
func TestForEachLimitTransportFailureCancels(t *testing.T) {
	fetch := &core.Error{Kind: core.KindUnsupported, Msg: "connection reset"}
	err := forEachLimit(context.Background(), 2, 2, func(ctx context.Context, k int) error {
		if k == 1 {
			return fetch
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(10 * time.Second):
			return errors.New("not cancelled")
		}
	})
	if err != fetch {
		t.Fatalf("error %v, want the transport failure", err)
	}
}
