package core

import (
	"bytes"
	"fmt"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"
)

// goroutineID returns the id of the calling goroutine from its stack header.
func goroutineID(t testing.TB) uint64 {
	var buf [64]byte
	b := bytes.TrimPrefix(buf[:runtime.Stack(buf[:], false)], []byte("goroutine "))
	id, err := strconv.ParseUint(string(b[:bytes.IndexByte(b, ' ')]), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func fiveObjects(t testing.TB) *MessageView {
	in := make([]EncodeInput, 5)
	for i := range in {
		in[i] = f32Input(float32(i), float32(10*i), float32(100*i))
	}
	mv, err := ParseMessage(mustEncode(t, nil, in, nil))
	if err != nil {
		t.Fatal(err)
	}
	return mv
}

func TestForEachObjectAllAndSubset(t *testing.T) {
	mv := fiveObjects(t)
	for _, threads := range []int{1, 2, 3, 8} {
		for _, which := range [][]int{nil, {3, 0, 3}, {4}, {}} {
			want := which
			if want == nil {
				want = []int{0, 1, 2, 3, 4}
			}
			got := make([][]byte, len(want))
			err := mv.ForEachObject(which, threads, func(k int, ov *ObjectView) error {
				if ov != &mv.Objects[want[k]] {
					return fmt.Errorf("slot %d got the wrong object", k)
				}
				data, err := ov.Decode(nil)
				got[k] = data
				return err
			})
			if err != nil {
				t.Fatalf("threads %d, which %v: %v", threads, which, err)
			}
			for k, i := range want {
				if !bytes.Equal(got[k], f32s(float32(i), float32(10*i), float32(100*i))) {
					t.Fatalf("threads %d, which %v: slot %d = %x", threads, which, k, got[k])
				}
			}
		}
	}
}

func TestForEachObjectSequentialOnCaller(t *testing.T) {
	mv := fiveObjects(t)
	caller := goroutineID(t)
	var order []int
	err := mv.ForEachObject(nil, 1, func(k int, ov *ObjectView) error {
		if goroutineID(t) != caller {
			t.Errorf("object %d ran on another goroutine with threads=1", k)
		}
		order = append(order, k)
		if k == 2 {
			return fmt.Errorf("stop at %d", k)
		}
		return nil
	})
	if err == nil || err.Error() != "stop at 2" || fmt.Sprint(order) != "[0 1 2]" {
		t.Fatalf("err %v, order %v: want the loop to stop at the first error", err, order)
	}
}

func TestForEachObjectLowestErrorWins(t *testing.T) {
	mv := fiveObjects(t)
	for trial := 0; trial < 10; trial++ {
		var mu sync.Mutex
		seen := map[int]bool{}
		err := mv.ForEachObject(nil, 4, func(k int, ov *ObjectView) error {
			mu.Lock()
			seen[k] = true
			mu.Unlock()
			if k == 1 || k == 3 {
				// the higher index fails first in time
				time.Sleep(time.Duration(5-k) * time.Millisecond)
				return fmt.Errorf("object %d failed", k)
			}
			return nil
		})
		if err == nil || err.Error() != "object 1 failed" {
			t.Fatalf("got %v, want the error of object 1", err)
		}
		if len(seen) != 5 {
			t.Fatalf("parallel run visited %d of 5 objects", len(seen))
		}
	}
}

func TestForEachObjectBadIndexCallsNothing(t *testing.T) {
	mv := fiveObjects(t)
	for _, which := range [][]int{{0, 5}, {-1}, {2, 99, 1}} {
		err := mv.ForEachObject(which, 2, func(k int, ov *ObjectView) error {
			t.Fatalf("which %v: fn called before the indices were checked", which)
			return nil
		})
		wantErr(t, err, ErrObject, "out of range (num_objects=5)")
	}
}

func TestDecodeThreadsStillLowestObjectError(t *testing.T) {
	// Objects 1 and 3 declare more elements than their payload holds, each
	// a different count; a parallel Decode must report object 1, as a
	// sequential one does.
	frames := [][]byte{tFrame(FrameHeaderMetadata, 0, []byte{0xa0}, false)}
	payload := []byte{0, 0, 0x80, 0x3f, 0, 0, 0, 0x40}
	for _, n := range []uint64{2, 3, 2, 5, 2} {
		frames = append(frames, tDataFrame(tDesc(t, Float32, []uint64{n}, LittleEndian), payload, true, false))
	}
	msg := tMessage(FlagHeaderMetadata, frames, false)
	_, seqErr := Decode(msg, &DecodeOptions{Threads: 1})
	if seqErr == nil {
		t.Fatal("sequential decode of mismatched payloads succeeded")
	}
	_, _, err3 := DecodeObject(msg, 3, nil)
	if err3 == nil || err3.Error() == seqErr.Error() {
		t.Fatalf("objects 1 and 3 must fail differently: %v / %v", seqErr, err3)
	}
	for trial := 0; trial < 10; trial++ {
		_, parErr := Decode(msg, &DecodeOptions{Threads: 4})
		if parErr == nil || parErr.Error() != seqErr.Error() {
			t.Fatalf("parallel error %v, sequential %v", parErr, seqErr)
		}
	}
}
