package szip

import (
	"bytes"
	"errors"
	"testing"
)

// DecodeTo delivers exactly the samples Decode stores, sequentially and in
// parallel (with good and with wrong offsets), and fails where Decode fails.
func TestDecodeToMatchesDecode(t *testing.T) {
	p := headlineParams
	n := 300_000
	in := smoothField24(n)
	enc, offs, err := Encode(in, p)
	if err != nil {
		t.Fatal(err)
	}
	c, err := newCoder(p)
	if err != nil {
		t.Fatal(err)
	}
	wrong := append([]uint64(nil), offs...)
	for i := 1; i < len(wrong); i += 3 {
		wrong[i]++
	}
	for _, opts := range [][]Option{nil, {WithThreads(2), WithOffsets(offs)}, {WithThreads(3), WithOffsets(wrong)}} {
		got := make([]byte, len(in))
		err := DecodeTo(func(first int, x []uint32) { c.writeSamples(got[first*3:], x) }, n, enc, p, append(opts, withParallelMin(0))...)
		if err != nil || !bytes.Equal(got, in) {
			t.Fatalf("options %d: err %v, equal %v", len(opts), err, bytes.Equal(got, in))
		}
	}
	if err := DecodeTo(func(int, []uint32) {}, n, enc[:len(enc)/2], p); !errors.Is(err, ErrTruncated) {
		t.Errorf("truncated stream: %v, want ErrTruncated", err)
	}
	if err := DecodeTo(func(int, []uint32) {}, -1, enc, p); !errors.Is(err, ErrRange) {
		t.Errorf("negative count: %v, want ErrRange", err)
	}
	called := false
	if err := DecodeTo(func(int, []uint32) { called = true }, 0, nil, p); err != nil || called {
		t.Errorf("zero samples: err %v, sink called %v", err, called)
	}
}
