package core

import (
	"bytes"
	"errors"
	"math"
	"testing"
)

// DecodeRangeAlloc gives DecodeRange's bytes and errors, with every result
// in the buffer alloc returned for it (asked once per range, in order, with
// the range's exact size), for payloads served in place (none, big-endian
// so swapped, masked NaNs) and through codecs (fresh stage buffers).
func TestDecodeRangeAllocMatchesDecodeRange(t *testing.T) {
	const n = 5000
	clean := smoothField(n)
	nan := bytes.Clone(clean)
	copy(nan[8*7:], f64s(math.NaN())) // restored from the NaN mask by the range
	be := NewDescriptor(Float64, []uint64{n})
	be.ByteOrder = BigEndian
	sp := NewDescriptor(Float64, []uint64{n})
	sp.Encoding, sp.Params = "simple_packing", map[string]any{"sp_bits_per_value": uint64(24)}
	descs := []*Descriptor{NewDescriptor(Float64, []uint64{n}), be, spSzipDesc(n, 24)}
	cases := [][]Range{{{0, 16}}, {{n / 3, 10}, {n - 5, 5}, {3, 0}}, {{n - 1, 2}}, {}}
	for di, d := range descs {
		data := nan
		if d.Encoding == "simple_packing" {
			data = clean
		}
		msg, err := Encode(nil, []EncodeInput{{Descriptor: d, Data: data, DataOrder: NativeOrder}}, &EncodeOptions{AllowNaN: true})
		if err != nil {
			t.Fatal(err)
		}
		_, ov, err := ParseObjectRaw(msg, 0, false)
		if err != nil {
			t.Fatal(err)
		}
		for _, rs := range cases {
			for _, wire := range []bool{false, true} {
				opts := &DecodeOptions{WireOrder: wire}
				want, werr := ov.DecodeRange(rs, opts)
				var calls []int
				got, gerr := ov.DecodeRangeAlloc(rs, opts, func(i, size int) ([]byte, error) {
					if i != len(calls) {
						t.Fatalf("desc %d %v: alloc for range %d after %d calls", di, rs, i, len(calls))
					}
					calls = append(calls, size)
					return bytes.Repeat([]byte{0xAA}, size), nil
				})
				if (werr == nil) != (gerr == nil) || werr != nil && werr.Error() != gerr.Error() {
					t.Fatalf("desc %d %v: error %v, want %v", di, rs, gerr, werr)
				}
				if werr != nil {
					continue
				}
				if len(got) != len(want) || len(calls) != len(want) {
					t.Fatalf("desc %d %v: %d parts, %d allocs, want %d", di, rs, len(got), len(calls), len(want))
				}
				for k := range want {
					if !bytes.Equal(got[k], want[k]) || calls[k] != len(want[k]) {
						t.Fatalf("desc %d %v wire=%v: range %d differs", di, rs, wire, k)
					}
				}
			}
		}
	}
}

// An alloc error ends the decode with that error; a buffer of the wrong
// size is refused, not written past.
func TestDecodeRangeAllocErrors(t *testing.T) {
	msg, err := Encode(nil, benchInput(100), nil)
	if err != nil {
		t.Fatal(err)
	}
	_, ov, err := ParseObjectRaw(msg, 0, false)
	if err != nil {
		t.Fatal(err)
	}
	boom := errors.New("no memory")
	rs := []Range{{0, 10}, {20, 10}}
	if _, err := ov.DecodeRangeAlloc(rs, nil, func(i, n int) ([]byte, error) {
		if i == 1 {
			return nil, boom
		}
		return make([]byte, n), nil
	}); !errors.Is(err, boom) {
		t.Fatalf("alloc error: got %v", err)
	}
	if _, err := ov.DecodeRangeAlloc(rs, nil, func(i, n int) ([]byte, error) { return make([]byte, n-1), nil }); !errors.Is(err, ErrEncoding) {
		t.Fatalf("short buffer: got %v", err)
	}
}
