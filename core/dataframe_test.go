package core

import (
	"bytes"
	"errors"
	"math"
	"testing"
)

// CBOR-after and CBOR-before layouts; trailing bytes after
// the descriptor item are ignored.
func TestDataFrameDescriptorAfterAndBeforePayload(t *testing.T) {
	desc := tDesc(t, Uint16, []uint64{3}, BigEndian)
	payload := []byte{0, 1, 0, 2, 1, 0}
	meta := tFrame(FrameHeaderMetadata, 0, []byte{0xa0}, false)
	for _, after := range []bool{true, false} {
		for _, trailing := range [][]byte{nil, {0xff, 0x00, 0x13}} {
			d := append(append([]byte(nil), desc...), trailing...)
			if !after && trailing != nil {
				continue // before-layout: bytes after the item belong to the payload
			}
			m := tMessage(1, [][]byte{meta, tDataFrame(d, payload, after, true)}, false)
			dec, err := Decode(m, &DecodeOptions{VerifyHash: true, WireOrder: true})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(dec.Objects[0].Data, payload) || dec.Objects[0].Descriptor.DType != Uint16 {
				t.Fatalf("after=%v: %x", after, dec.Objects[0].Data)
			}
			native, _ := Decode(m, nil)
			if !bytes.Equal(native.Objects[0].Data, []byte{1, 0, 2, 0, 0, 1}) {
				t.Fatalf("native order %x", native.Objects[0].Data)
			}
		}
	}
}

// cbor_offset out of range is a framing error.
func TestCBOROffsetRange(t *testing.T) {
	meta := tFrame(FrameHeaderMetadata, 0, []byte{0xa0}, false)
	f := tDataFrame(tDesc(t, Uint8, []uint64{1}, LittleEndian), []byte{9}, true, false)
	for _, co := range []uint64{0, 15, uint64(len(f) - 19), 1 << 62} {
		g := append([]byte(nil), f...)
		be.PutUint64(g[len(g)-20:], co)
		_, err := Decode(tMessage(1, [][]byte{meta, g}, false), nil)
		wantErr(t, err, ErrFraming, "out of valid range")
	}
}

// Descriptor parse errors are Metadata errors.
func TestDescriptorErrorsAreMetadataErrors(t *testing.T) {
	meta := tFrame(FrameHeaderMetadata, 0, []byte{0xa0}, false)
	_, err := Decode(tMessage(1, [][]byte{meta, tDataFrame([]byte{0xbf, 0x61}, nil, false, false)}, false), nil)
	wantErr(t, err, ErrMetadata)
	base := func() map[string]any {
		m, _ := NewDescriptor(Float32, []uint64{1}).ToMap()
		return m
	}
	cases := []func(map[string]any){
		func(m map[string]any) { m["dtype"] = "Float32" },
		func(m map[string]any) { delete(m, "shape") },
		func(m map[string]any) { m["ndim"] = int64(-1) },
		func(m map[string]any) { m["ndim"] = 1.0 },
		func(m map[string]any) { m["shape"] = []any{"1"} },
		func(m map[string]any) { m["byte_order"] = "middle" },
		func(m map[string]any) { delete(m, "encoding") },
	}
	for i, mod := range cases {
		m := base()
		mod(m)
		_, err := Decode(tMessage(1, [][]byte{meta, tDataFrame(tCBOR(t, m), make([]byte, 4), true, false)}, false), nil)
		wantErr(t, err, ErrMetadata, "deserialize")
		_ = i
	}
}

// Missing byte_order means host order; unknown keys round-trip.
func TestMissingByteOrderAndUnknownKeys(t *testing.T) {
	m, _ := NewDescriptor(Uint32, []uint64{1}).ToMap()
	delete(m, "byte_order")
	m["custom_key"] = map[string]any{"x": []any{uint64(1), "y"}}
	meta := tFrame(FrameHeaderMetadata, 0, []byte{0xa0}, false)
	payload := []byte{1, 2, 3, 4}
	dec, err := Decode(tMessage(1, [][]byte{meta, tDataFrame(tCBOR(t, m), payload, true, false)}, false), nil)
	if err != nil {
		t.Fatal(err)
	}
	o := dec.Objects[0]
	if o.Descriptor.ByteOrder != NativeOrder || !bytes.Equal(o.Data, payload) {
		t.Fatal("missing byte_order must mean host order")
	}
	if _, ok := o.Descriptor.Params["custom_key"]; !ok {
		t.Fatal("unknown key lost")
	}
	re := mustEncode(t, nil, []EncodeInput{{Descriptor: o.Descriptor, Data: o.Data}}, nil)
	_, ds, err := DecodeDescriptors(re)
	if err != nil || ds[0].Params["custom_key"] == nil {
		t.Fatal("unknown key did not round-trip", err)
	}
}

// Masks — bounds, payload split, restoration.
func TestMaskBoundsSplitAndRestore(t *testing.T) {
	vals := []float64{1, math.NaN(), math.Inf(1), math.Inf(-1), 5}
	in := EncodeInput{Descriptor: NewDescriptor(Float64, []uint64{5}), Data: f64s(vals...)}
	_, err := Encode(nil, []EncodeInput{in}, nil)
	wantErr(t, err, ErrEncoding, "NaN at element 1")
	_, err = Encode(nil, []EncodeInput{in}, &EncodeOptions{AllowNaN: true})
	wantErr(t, err, ErrEncoding, "+Inf at element 2")
	m := mustEncode(t, nil, []EncodeInput{in}, &EncodeOptions{AllowNaN: true, AllowInf: true})
	mv, err := ParseMessage(m)
	if err != nil {
		t.Fatal(err)
	}
	ov := mv.Objects[0]
	if len(ov.Payload) != 40 || len(ov.Descriptor.Masks) != 3 || ov.Descriptor.Masks[MaskNaN].Method != "none" {
		t.Fatalf("masks %+v payload %d", ov.Descriptor.Masks, len(ov.Payload))
	}
	dec, err := Decode(m, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := dec.Objects[0].Data
	pats := []uint64{math.Float64bits(1), 0x7FF8000000000000, 0x7FF0000000000000, 0xFFF0000000000000, math.Float64bits(5)}
	for i, p := range pats {
		if getUint(got[8*i:], 8, NativeOrder) != p {
			t.Fatalf("element %d = %x", i, got[8*i:8*i+8])
		}
	}
	kept, _ := Decode(m, &DecodeOptions{KeepNonFinite: true})
	if !bytes.Equal(kept.Objects[0].Data, f64s(1, 0, 0, 0, 5)) {
		t.Fatal("KeepNonFinite must return zeros")
	}
	bm, _ := ov.Masks()
	if !bm[MaskNaN][1] || bm[MaskNaN][0] || !bm[MaskPosInf][2] || !bm[MaskNegInf][3] {
		t.Fatalf("masks %v", bm)
	}
	// Integer data is never scanned; finite floats get no masks key.
	clean := mustEncode(t, nil, []EncodeInput{f32Input(1, 2)}, &EncodeOptions{AllowNaN: true})
	_, ds, _ := DecodeDescriptors(clean)
	if ds[0].Masks != nil {
		t.Fatal("no masks expected")
	}
	// Mask beyond the payload region.
	d := ov.Descriptor.Clone()
	mi := d.Masks[MaskNaN]
	mi.Length = 1000
	d.Masks[MaskNaN] = mi
	meta := tFrame(FrameHeaderMetadata, 0, []byte{0xa0}, false)
	desc, _ := d.MarshalCBOR()
	_, err = Decode(tMessage(1, [][]byte{meta, tDataFrame(desc, make([]byte, 43), true, false)}, false), nil)
	wantErr(t, err, ErrFraming, "exceeds payload region size")
	mi.Offset, mi.Length = ^uint64(0)-1, 5
	d.Masks[MaskNaN] = mi
	desc, _ = d.MarshalCBOR()
	_, err = Decode(tMessage(1, [][]byte{meta, tDataFrame(desc, make([]byte, 43), true, false)}, false), nil)
	wantErr(t, err, ErrFraming)
}

// A large mask asks for roaring by default (a typed unsupported-codec error in
// builds without it); with method none it round-trips.
func TestLargeMaskDefaultMethodAndNone(t *testing.T) {
	n := 2000
	vals := make([]float32, n)
	vals[7] = float32(math.NaN())
	in := EncodeInput{Descriptor: NewDescriptor(Float32, []uint64{uint64(n)}), Data: f32s(vals...)}
	_, err := Encode(nil, []EncodeInput{in}, &EncodeOptions{AllowNaN: true})
	var uc *UnsupportedCodecError
	if !errors.As(err, &uc) || uc.Name != "roaring" || !errors.Is(err, ErrUnsupportedCodec) {
		if len(SupportedStages(StageMask)) < 2 {
			t.Fatalf("expected unsupported roaring, got %v", err)
		}
	}
	m := mustEncode(t, nil, []EncodeInput{in}, &EncodeOptions{AllowNaN: true, NaNMaskMethod: "none"})
	dec, err := Decode(m, nil)
	if err != nil || !math.IsNaN(float64(math.Float32frombits(uint32(getUint(dec.Objects[0].Data[28:], 4, NativeOrder))))) {
		t.Fatal(err)
	}
	_, err = Encode(nil, []EncodeInput{in}, &EncodeOptions{AllowNaN: true, NaNMaskMethod: "gzip"})
	wantErr(t, err, ErrEncoding, "unknown mask method")
}
