package core

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"testing"

	"github.com/tensogram-go/tensogram-go/core/codec/mask"
)

// nonFinitePattern returns the canonical bit pattern of a mask kind for one
// float component of dtype d, and the component width in bytes (test
// helper; the library restores through package mask).
func nonFinitePattern(d DType, kind string) (uint64, int) {
	idx := map[string]int{MaskNaN: 0, MaskPosInf: 1, MaskNegInf: 2}[kind]
	switch d {
	case Float16:
		return [3]uint64{0x7E00, 0x7C00, 0xFC00}[idx], 2
	case BFloat16:
		return [3]uint64{0x7FC0, 0x7F80, 0xFF80}[idx], 2
	case Float32, Complex64:
		return [3]uint64{0x7FC00000, 0x7F800000, 0xFF800000}[idx], 4
	case Float64, Complex128:
		return [3]uint64{0x7FF8000000000000, 0x7FF0000000000000, 0xFFF0000000000000}[idx], 8
	}
	return 0, 0
}

// putUint writes a w-byte unsigned integer in byte order o (test helper).
func putUint(b []byte, v uint64, w int, o ByteOrder) {
	var bo binary.ByteOrder = binary.BigEndian
	if o == LittleEndian {
		bo = binary.LittleEndian
	}
	switch w {
	case 2:
		bo.PutUint16(b, uint16(v))
	case 4:
		bo.PutUint32(b, uint32(v))
	case 8:
		bo.PutUint64(b, v)
	}
}

// Every mask method round-trips through Encode/Decode for large masks
// (above the small-mask threshold).
func TestStageMaskMethods(t *testing.T) {
	n := 3000
	vals := make([]float64, n)
	for i := range vals {
		vals[i] = float64(i)
	}
	vals[5], vals[2999] = math.NaN(), math.NaN()
	vals[7] = math.Inf(1)
	vals[1000] = math.Inf(-1)
	for _, m := range []string{"none", "rle", "roaring", "lz4", "zstd", "blosc2"} {
		in := EncodeInput{Descriptor: NewDescriptor(Float64, []uint64{uint64(n)}), Data: f64s(vals...)}
		msg := mustEncode(t, nil, []EncodeInput{in}, &EncodeOptions{AllowNaN: true, AllowInf: true,
			NaNMaskMethod: m, PosInfMaskMethod: m, NegInfMaskMethod: m})
		dec, err := Decode(msg, nil)
		if err != nil {
			t.Fatalf("%s: %v", m, err)
		}
		o := dec.Objects[0]
		for _, k := range []string{MaskNaN, MaskPosInf, MaskNegInf} {
			if o.Descriptor.Masks[k].Method != m {
				t.Fatalf("%s: descriptor method %q", m, o.Descriptor.Masks[k].Method)
			}
		}
		got := o.Data
		for i, v := range vals {
			g := math.Float64frombits(binary.NativeEndian.Uint64(got[8*i:]))
			if !(g == v || math.IsNaN(g) && math.IsNaN(v)) {
				t.Fatalf("%s: element %d = %v, want %v", m, i, g, v)
			}
		}
		kept, err := Decode(msg, &DecodeOptions{KeepNonFinite: true})
		if err != nil || binary.NativeEndian.Uint64(kept.Objects[0].Data[8*5:]) != 0 {
			t.Fatalf("%s: keep non-finite: %v", m, err)
		}
		r, err := DecodeRange(msg, 0, []Range{{4, 4}, {2998, 2}}, nil)
		if err != nil || !math.IsNaN(math.Float64frombits(binary.NativeEndian.Uint64(r[0][8:]))) ||
			!math.IsInf(math.Float64frombits(binary.NativeEndian.Uint64(r[0][24:])), 1) ||
			!math.IsNaN(math.Float64frombits(binary.NativeEndian.Uint64(r[1][8:]))) {
			t.Fatalf("%s: range: %v", m, err)
		}
	}
}

// The strict NaN/Inf errors come from package mask and keep its sentinel.
func TestStageMaskStrictErrors(t *testing.T) {
	in := EncodeInput{Descriptor: NewDescriptor(Float32, []uint64{3}), Data: f32s(1, float32(math.Inf(-1)), 2)}
	_, err := Encode(nil, []EncodeInput{in}, nil)
	wantErr(t, err, ErrEncoding, "strict-Inf check: -Inf at element 1 of float32 array")
	if !errors.Is(err, mask.ErrNonFinite) {
		t.Fatalf("cause lost: %v", err)
	}
	// A corrupt mask blob is an error, never a panic.
	in = EncodeInput{Descriptor: NewDescriptor(Float64, []uint64{2000}), Data: make([]byte, 16000)}
	binary.NativeEndian.PutUint64(in.Data[8:], math.Float64bits(math.NaN()))
	in.DataOrder = NativeOrder
	msg := mustEncode(t, nil, []EncodeInput{in}, &EncodeOptions{AllowNaN: true, NaNMaskMethod: "rle", NoHash: true})
	blob := []byte{0x00, 0x01, 0x01, 0xce, 0x0f}
	i := bytes.Index(msg, blob)
	if i < 0 {
		t.Fatalf("rle blob not found")
	}
	bad := append([]byte(nil), msg...)
	bad[i+2] = 0 // zero-length run
	if _, err := Decode(bad, nil); err == nil || !errors.Is(err, mask.ErrCorrupt) {
		t.Fatalf("corrupt rle: %v", err)
	}
}
