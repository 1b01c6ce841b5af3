package par

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// goid returns the id of the calling goroutine, read from its stack header
// ("goroutine 18 [running]:").
func goid() uint64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = bytes.TrimPrefix(b, []byte("goroutine "))
	id, err := strconv.ParseUint(string(b[:bytes.IndexByte(b, ' ')]), 10, 64)
	if err != nil {
		panic(err)
	}
	return id
}

func TestSequentialRunsOnCallerInOrder(t *testing.T) {
	caller := goid()
	for _, workers := range []int{-3, 0, 1} {
		var order []int
		err := ForEach(5, workers, func(i int) error {
			if g := goid(); g != caller {
				t.Errorf("workers=%d: index %d ran on goroutine %d, caller is %d", workers, i, g, caller)
			}
			order = append(order, i) // unsynchronised on purpose: -race catches a goroutine
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(order) != "[0 1 2 3 4]" {
			t.Fatalf("workers=%d: order %v", workers, order)
		}
	}
}

func TestSingleItemRunsOnCaller(t *testing.T) {
	caller := goid()
	ran := false
	if err := ForEach(1, 8, func(i int) error {
		ran = i == 0 && goid() == caller
		return nil
	}); err != nil || !ran {
		t.Fatalf("one item with 8 workers: ran on caller = %v, err %v", ran, err)
	}
	if err := ForEach(0, 8, func(int) error { t.Fatal("called for n=0"); return nil }); err != nil {
		t.Fatal(err)
	}
}

func TestSequentialStopsAtFirstError(t *testing.T) {
	var calls []int
	err := ForEach(6, 1, func(i int) error {
		calls = append(calls, i)
		if i == 2 {
			return fmt.Errorf("fail %d", i)
		}
		return nil
	})
	if err == nil || err.Error() != "fail 2" || fmt.Sprint(calls) != "[0 1 2]" {
		t.Fatalf("err %v, calls %v", err, calls)
	}
}

func TestParallelRunsEveryIndexOnce(t *testing.T) {
	for _, n := range []int{2, 3, 7, 100, 1000} {
		for _, workers := range []int{2, 3, 8, 2000} {
			counts := make([]int32, n)
			err := ForEach(n, workers, func(i int) error {
				atomic.AddInt32(&counts[i], 1)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			for i, c := range counts {
				if c != 1 {
					t.Fatalf("n=%d workers=%d: index %d ran %d times", n, workers, i, c)
				}
			}
		}
	}
}

func TestParallelBoundsGoroutines(t *testing.T) {
	caller := goid()
	for _, workers := range []int{2, 3, 5} {
		var mu sync.Mutex
		ids := map[uint64]bool{}
		var active, peak atomic.Int32
		var zeroOn uint64
		err := ForEach(64, workers, func(i int) error {
			a := active.Add(1)
			for p := peak.Load(); a > p && !peak.CompareAndSwap(p, a); p = peak.Load() {
			}
			g := goid()
			mu.Lock()
			ids[g] = true
			if i == 0 {
				zeroOn = g
			}
			mu.Unlock()
			time.Sleep(200 * time.Microsecond)
			active.Add(-1)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(ids) > workers || int(peak.Load()) > workers {
			t.Fatalf("workers=%d: %d goroutines ran f, %d at once", workers, len(ids), peak.Load())
		}
		if zeroOn != caller {
			t.Fatalf("workers=%d: index 0 ran on %d, not on the caller %d", workers, zeroOn, caller)
		}
	}
}

func TestParallelLeavesNoGoroutine(t *testing.T) {
	before := runtime.NumGoroutine()
	for k := 0; k < 20; k++ {
		_ = ForEach(50, 4, func(i int) error {
			if i%7 == 3 {
				return errors.New("x")
			}
			return nil
		})
	}
	// ForEach waits for its workers; let exiting goroutines be reaped.
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if after := runtime.NumGoroutine(); after > before {
		t.Fatalf("%d goroutines before, %d after", before, after)
	}
}

func TestLowestIndexErrorWins(t *testing.T) {
	for _, workers := range []int{1, 2, 4, 16} {
		for trial := 0; trial < 20; trial++ {
			// Higher indices fail first in time: the reported error must
			// still be the one of the lowest failing index.
			err := ForEach(16, workers, func(i int) error {
				if i%5 == 3 { // 3, 8, 13 fail
					time.Sleep(time.Duration(16-i) * 50 * time.Microsecond)
					return fmt.Errorf("fail %d", i)
				}
				return nil
			})
			if err == nil || err.Error() != "fail 3" {
				t.Fatalf("workers=%d: got %v, want fail 3", workers, err)
			}
		}
	}
}

func TestChunks(t *testing.T) {
	caller := goid()
	bounds := Split(100, 4)
	var mu sync.Mutex
	seen := map[[2]int]bool{}
	var firstOn uint64
	err := Chunks(bounds, func(lo, hi int) error {
		mu.Lock()
		seen[[2]int{lo, hi}] = true
		if lo == 0 {
			firstOn = goid()
		}
		mu.Unlock()
		if lo >= 50 {
			return fmt.Errorf("chunk at %d", lo)
		}
		return nil
	})
	if err == nil || err.Error() != "chunk at 50" {
		t.Fatalf("error %v, want that of chunk [50, 75)", err)
	}
	if len(seen) != 4 || !seen[[2]int{0, 25}] || !seen[[2]int{75, 100}] {
		t.Fatalf("chunks run: %v", seen)
	}
	if firstOn != caller {
		t.Fatal("chunk 0 did not run on the calling goroutine")
	}

	ran := 0
	if err := Chunks([]int{3, 9}, func(lo, hi int) error {
		if goid() != caller || lo != 3 || hi != 9 {
			t.Errorf("single chunk (%d, %d) not on the caller", lo, hi)
		}
		ran++
		return nil
	}); err != nil || ran != 1 {
		t.Fatalf("single chunk: ran %d, err %v", ran, err)
	}
	for _, b := range [][]int{nil, {5}} {
		if err := Chunks(b, func(int, int) error { t.Fatal("called without a chunk"); return nil }); err != nil {
			t.Fatal(err)
		}
	}
}

func TestSplit(t *testing.T) {
	cases := []struct {
		n, parts int
		want     string
	}{
		{10, 1, "[0 10]"},
		{10, 3, "[0 3 6 10]"},
		{7, 7, "[0 1 2 3 4 5 6 7]"},
		{2, 4, "[0 0 1 1 2]"},
		{0, 2, "[0 0 0]"},
	}
	for _, c := range cases {
		if got := fmt.Sprint(Split(c.n, c.parts)); got != c.want {
			t.Errorf("Split(%d, %d) = %s, want %s", c.n, c.parts, got, c.want)
		}
	}
}

func TestWorkerPanicReachesCaller(t *testing.T) {
	var finished atomic.Int32
	defer func() {
		r := recover()
		p, ok := r.(*Panic)
		if !ok {
			t.Fatalf("recovered %T %v, want *Panic", r, r)
		}
		if p.Value != "boom" || !strings.Contains(p.Error(), "boom") || !strings.Contains(string(p.Stack), "par_test.go") {
			t.Fatalf("panic %q lacks the value or the worker stack", p.Error())
		}
		// Every other chunk ran to completion before the panic was re-raised.
		if finished.Load() != 3 {
			t.Fatalf("%d of 3 other chunks finished before the re-panic", finished.Load())
		}
	}()
	// Chunk 2 runs on a worker goroutine (chunk 0 is the caller's).
	_ = Chunks([]int{0, 1, 2, 3, 4}, func(lo, hi int) error {
		if lo == 2 {
			panic("boom")
		}
		time.Sleep(2 * time.Millisecond)
		finished.Add(1)
		return nil
	})
	t.Fatal("Chunks returned normally")
}

func TestCallerPanicWaitsForWorkers(t *testing.T) {
	var finished atomic.Int32
	func() {
		defer func() {
			if r := recover(); r != "caller" {
				t.Fatalf("recovered %v, want the caller's own panic value", r)
			}
		}()
		_ = Chunks([]int{0, 1, 2, 3}, func(lo, hi int) error {
			if lo == 0 {
				panic("caller")
			}
			time.Sleep(2 * time.Millisecond)
			finished.Add(1)
			return nil
		})
	}()
	if finished.Load() != 2 {
		t.Fatalf("panic left the caller before the workers finished (%d of 2)", finished.Load())
	}
}
