package zfp

import (
	"bytes"
	"encoding/binary"
	"math"
	"testing"
)

// WithBuffer writes the stream into the caller's memory when it holds the
// largest stream, gives the same bytes as without it, sequentially and in
// parallel segments, and leaves a buffer that is too small alone.
func TestWithBuffer(t *testing.T) {
	const n = 300_000
	raw := make([]byte, 8*n)
	for i := range n {
		binary.LittleEndian.PutUint64(raw[8*i:], math.Float64bits(math.Sin(float64(i)/50)))
	}
	p := Params{Mode: FixedRate, Rate: 16}
	size, err := MaxSize(n, p)
	if err != nil {
		t.Fatal(err)
	}
	want, err := EncodeBytes(raw, binary.LittleEndian, p)
	if err != nil {
		t.Fatal(err)
	}
	for _, threads := range []int{1, 4} {
		buf := bytes.Repeat([]byte{0xAA}, int(size))
		got, err := EncodeBytes(raw, binary.LittleEndian, p, WithThreads(threads), WithBuffer(buf))
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("threads %d: %v, or bytes differ", threads, err)
		}
		if &got[0] != &buf[0] {
			t.Errorf("threads %d: the stream was not written into the buffer", threads)
		}
		small := make([]byte, 0, int(size)-1)
		got, err = EncodeBytes(raw, binary.LittleEndian, p, WithThreads(threads), WithBuffer(small))
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("threads %d, small buffer: %v, or bytes differ", threads, err)
		}
		if &got[:1][0] == &small[:1][0] {
			t.Errorf("threads %d: a buffer below MaxSize was used", threads)
		}
	}
}
