package zfp

import (
	"bytes"
	"encoding/binary"
	"math"
	"testing"
)

// TestParallelIdentical: fixed-rate encoding and decoding with any number
// of goroutines give the sequential bytes.
func TestParallelIdentical(t *testing.T) {
	vals := genData("noisy", 3*minSegmentValues+5, 7)
	raw := make([]byte, 8*len(vals))
	for i, v := range vals {
		binary.LittleEndian.PutUint64(raw[8*i:], math.Float64bits(v))
	}
	for _, rate := range []float64{3.1, 5.3, 16, 7.75} {
		p := Params{Mode: FixedRate, Rate: rate}
		want, err := EncodeBytes(raw, binary.LittleEndian, p)
		if err != nil {
			t.Fatal(err)
		}
		dec := make([]byte, len(raw))
		if err := DecodeBytes(dec, want, binary.BigEndian, p); err != nil {
			t.Fatal(err)
		}
		for _, th := range []int{2, 3, 4, 7} {
			got, err := EncodeBytes(raw, binary.LittleEndian, p, WithThreads(th))
			if err != nil || !bytes.Equal(got, want) {
				t.Fatalf("rate %v threads %d: parallel encode differs (%v)", rate, th, err)
			}
			out := bytes.Repeat([]byte{0xaa}, len(raw)) // unwritten values show
			if err := DecodeBytes(out, want, binary.BigEndian, p, WithThreads(th)); err != nil || !bytes.Equal(out, dec) {
				t.Fatalf("rate %v threads %d: parallel decode differs (%v)", rate, th, err)
			}
			part := bytes.Repeat([]byte{0xaa}, 8*(2*minSegmentValues+1))
			first := uint64(minSegmentValues/2 + 3)
			if err := DecodeRangeBytes(part, want, uint64(len(vals)), first, binary.BigEndian, p, WithThreads(th)); err != nil ||
				!bytes.Equal(part, dec[8*first:8*first+uint64(len(part))]) {
				t.Fatalf("rate %v threads %d: parallel range differs (%v)", rate, th, err)
			}
		}
		if err := DecodeBytes(make([]byte, len(raw)), want[:len(want)-8], binary.LittleEndian, p, WithThreads(4)); err == nil {
			t.Fatal("parallel decode accepted a short stream")
		}
	}
}
