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

// DecodeRangeTo writes DecodeRange's bytes into the buffers alloc gives
// and returns the object's descriptor; its errors are DecodeRange's.
func TestDecodeRangeToMatchesDecodeRange(t *testing.T) {
	const n = 3000
	be := NewDescriptor(Float64, []uint64{n})
	be.ByteOrder = BigEndian
	in := []EncodeInput{{Descriptor: NewDescriptor(Float32, []uint64{n}), Data: make([]byte, 4*n), DataOrder: NativeOrder},
		{Descriptor: be, Data: smoothField(n), DataOrder: NativeOrder}, {Descriptor: spSzipDesc(n, 24), Data: smoothField(n), DataOrder: NativeOrder}}
	msg, err := Encode(nil, in, nil)
	if err != nil {
		t.Fatal(err)
	}
	cases := [][]Range{{{0, 16}}, {{n / 3, 10}, {n - 5, 5}, {3, 0}}, {{n - 1, 2}}, {}}
	for idx := -1; idx <= len(in); idx++ {
		for _, rs := range cases {
			want, werr := DecodeRange(msg, idx, rs, nil)
			var got [][]byte
			d, gerr := DecodeRangeTo(msg, idx, rs, nil, func(i, size int) ([]byte, error) {
				got = append(got, make([]byte, size))
				return got[i], nil
			})
			if (werr == nil) != (gerr == nil) || werr != nil && werr.Error() != gerr.Error() {
				t.Fatalf("object %d %v: error %v, want %v", idx, rs, gerr, werr)
			}
			if werr != nil {
				continue
			}
			if d.DType != in[idx].Descriptor.DType || len(got) != len(want) {
				t.Fatalf("object %d %v: dtype %v, %d parts; want %v, %d", idx, rs, d.DType, len(got), in[idx].Descriptor.DType, len(want))
			}
			for k := range want {
				if !bytes.Equal(got[k], want[k]) {
					t.Fatalf("object %d %v: range %d differs", idx, rs, k)
				}
			}
		}
	}
	if _, err := DecodeRangeTo(msg, 0, cases[0], nil, nil); err == nil {
		t.Fatal("a nil RangeAlloc was accepted")
	}
}

// A range decode into caller buffers leaves almost no garbage: what is left
// per call is the object's descriptor (with its shape and strides) and the
// pipeline (with its parameter map). A message view, the index and hash
// frames' contents and the result list were built and dropped each call
// before (16 allocations here, 20 through the C API).
func TestDecodeRangeToAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts differ under -race")
	}
	msg, rs, alloc := smallRangeCase(t)
	opts := &DecodeOptions{}
	n := testing.AllocsPerRun(1000, func() {
		if _, err := DecodeRangeTo(msg, 0, rs, opts, alloc); err != nil {
			t.Fatal(err)
		}
	})
	if n > 5 {
		t.Fatalf("DecodeRangeTo allocates %v times per call, want at most 5", n)
	}
}
