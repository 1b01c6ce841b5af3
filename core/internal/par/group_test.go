package par

import (
	"sync/atomic"
	"testing"
	"time"
)

func TestGroupWaitRunsEveryFunction(t *testing.T) {
	var g Group
	var n atomic.Int32
	for range 5 {
		g.Go(func() { time.Sleep(time.Millisecond); n.Add(1) })
	}
	g.Wait()
	if n.Load() != 5 {
		t.Fatalf("Wait returned after %d of 5 functions", n.Load())
	}
}

func TestGroupPanicReachesWaiter(t *testing.T) {
	var g Group
	var finished atomic.Int32
	g.Go(func() { panic("group boom") })
	for range 2 {
		g.Go(func() { time.Sleep(2 * time.Millisecond); finished.Add(1) })
	}
	defer func() {
		p, ok := recover().(*Panic)
		if !ok || p.Value != "group boom" {
			t.Fatalf("recovered %v, want the worker's *Panic", p)
		}
		if finished.Load() != 2 {
			t.Fatalf("re-panicked before the other functions returned (%d of 2)", finished.Load())
		}
	}()
	g.Wait()
	t.Fatal("Wait returned normally after a panic")
}
