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

// Cbor_offset out of range.
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

// Writer data-frame flags and hashing on/off.
func TestWriterFrameFlagsHashingOnOff(t *testing.T) {
	for _, noHash := range []bool{false, true} {
		m := mustEncode(t, nil, []EncodeInput{f32Input(1)}, &EncodeOptions{NoHash: noHash, AggregateHash: HashBoth})
		pre, _ := ParsePreamble(m)
		frames, _ := listFrames(m)
		for _, f := range frames {
			slot := be.Uint64(f.frame[f.length-12:])
			if f.hdr.Version != 1 {
				t.Fatal("frame version")
			}
			switch {
			case f.hdr.Type == FrameNTensor && !noHash:
				if f.hdr.Flags != 0x0003 || be.Uint64(f.frame[f.length-20:]) != uint64(16+4) {
					t.Fatalf("data flags %#x", f.hdr.Flags)
				}
			case f.hdr.Type == FrameNTensor:
				if f.hdr.Flags != 0x0001 {
					t.Fatalf("data flags %#x", f.hdr.Flags)
				}
			case !noHash && f.hdr.Flags != 0x0002:
				t.Fatalf("flags %#x", f.hdr.Flags)
			case noHash && f.hdr.Flags != 0:
				t.Fatalf("flags %#x", f.hdr.Flags)
			}
			if noHash && slot != 0 {
				t.Fatal("slot must be zero without hashing")
			}
			if !noHash && slot != HashXXH3(f.body) {
				t.Fatal("bad slot")
			}
			if noHash && (f.hdr.Type == FrameHeaderHash || f.hdr.Type == FrameFooterHash) {
				t.Fatal("hash frame without hashing")
			}
		}
		if (pre.Flags&FlagHashesPresent != 0) == noHash {
			t.Fatal("HASHES_PRESENT")
		}
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

// Large masks default to roaring, which this build lacks: a typed error.
func TestMaskUnsupportedMethod(t *testing.T) {
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

// Xxh3 test vectors and slot position.
func TestXXH3VectorsAndSlotPosition(t *testing.T) {
	for in, want := range map[string]uint64{"": 0x2d06800538d394c2, "\xa0": 0x2b98bb92609bd6f8, "hello world": 0xd447b1ea40e6988b} {
		if got := HashXXH3([]byte(in)); got != want {
			t.Fatalf("xxh3(%q) = %x", in, got)
		}
	}
	if s, _ := ComputeHash([]byte{}, "xxh3"); s != "2d06800538d394c2" {
		t.Fatal(s)
	}
}

// Hash scope.
func TestHashCoversFrameBody(t *testing.T) {
	m := mustEncode(t, nil, []EncodeInput{f32Input(1, 2)}, nil)
	mv, _ := ParseMessage(m)
	s := mv.Objects[0].FrameOffset
	l := len(mv.Objects[0].Frame)
	verify := func(b []byte) error { _, err := Decode(b, &DecodeOptions{VerifyHash: true}); return err }
	for _, off := range []int{s + 5, s + l + 1} { // frame version (header), padding
		c := append([]byte(nil), m...)
		c[off] ^= 0x55
		if err := verify(c); err != nil {
			t.Fatalf("offset %d: %v", off, err)
		}
	}
	for _, off := range []int{s + 16, s + 23, s + 30, s + l - 21} { // payload and descriptor bytes
		c := append([]byte(nil), m...)
		c[off] ^= 0x01
		var hm *HashMismatchError
		if err := verify(c); !errors.As(err, &hm) || hm.ObjectIndex != 0 {
			t.Fatalf("offset %d: %v", off, err)
		}
	}
}

// Verified decoding.
func TestVerifyHash(t *testing.T) {
	three := []EncodeInput{f32Input(1), f32Input(2, 3), {Descriptor: NewDescriptor(Uint8, []uint64{2}), Data: []byte{4, 5}}}
	m := mustEncode(t, nil, three, nil)
	mv, _ := ParseMessage(m)
	// Tampered slot still decodes without verification.
	c := append([]byte(nil), m...)
	slotAt := mv.Objects[1].FrameOffset + len(mv.Objects[1].Frame) - 12
	c[slotAt] ^= 0xff
	if _, err := Decode(c, nil); err != nil {
		t.Fatal(err)
	}
	// Slot or payload tamper → HashMismatch{1}.
	_, err := Decode(c, &DecodeOptions{VerifyHash: true})
	var hm *HashMismatchError
	if !errors.As(err, &hm) || hm.ObjectIndex != 1 || !errors.Is(err, ErrIntegrity) || !errors.Is(err, ErrHashMismatch) {
		t.Fatal(err)
	}
	if hm.Expected != FormatHash(be.Uint64(c[slotAt:])) || len(hm.Actual) != 16 {
		t.Fatal(hm)
	}
	// Decode_object verifies only the requested object.
	if _, _, err := DecodeObject(c, 0, &DecodeOptions{VerifyHash: true}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := DecodeObject(c, 1, &DecodeOptions{VerifyHash: true}); !errors.As(err, &hm) {
		t.Fatal(err)
	}
	// Unhashed message.
	u := mustEncode(t, nil, three, &EncodeOptions{NoHash: true})
	_, err = Decode(u, &DecodeOptions{VerifyHash: true})
	var mh *MissingHashError
	if !errors.As(err, &mh) || mh.ObjectIndex != 0 || !errors.Is(err, ErrMissingHash) {
		t.Fatal(err)
	}
	// Clearing HASH_PRESENT of object 2.
	c = append([]byte(nil), m...)
	c[mv.Objects[2].FrameOffset+7] &^= 0x02
	if _, err := Decode(c, &DecodeOptions{VerifyHash: true}); !errors.As(err, &mh) || mh.ObjectIndex != 2 {
		t.Fatal(err)
	}
	// [hashed][unhashed] concatenated verifies (first message only).
	if _, err := Decode(append(append([]byte(nil), m...), u...), &DecodeOptions{VerifyHash: true}); err != nil {
		t.Fatal(err)
	}
	// A zero slot with HASH_PRESENT set is compared, not "absent".
	c = append([]byte(nil), m...)
	be.PutUint64(c[slotAt:], 0)
	if _, err := Decode(c, &DecodeOptions{VerifyHash: true}); !errors.As(err, &hm) || hm.Expected != "0000000000000000" {
		t.Fatal(err)
	}
	// Legacy (0.17–0.20) frames: real digests but no per-frame bit → MissingHash.
	c = append([]byte(nil), m...)
	for _, o := range mv.Objects {
		c[o.FrameOffset+7] = 0x01
	}
	if _, err := Decode(c, &DecodeOptions{VerifyHash: true}); !errors.As(err, &mh) || mh.ObjectIndex != 0 {
		t.Fatal(err)
	}
	if r := ValidateMessage(c, nil); !r.HasCode("hash_verification_error") {
		t.Fatal(r.Issues)
	}
}

// Hash frame CBOR and identical header/footer bodies.
func TestHashFrameBodies(t *testing.T) {
	m := mustEncode(t, nil, []EncodeInput{f32Input(1), f32Input(2)}, &EncodeOptions{AggregateHash: HashBoth})
	frames, _ := listFrames(m)
	var bodies [][]byte
	var slots []string
	for _, f := range frames {
		switch f.hdr.Type {
		case FrameHeaderHash, FrameFooterHash:
			bodies = append(bodies, f.body)
		case FrameNTensor:
			slots = append(slots, FormatHash(be.Uint64(f.frame[f.length-12:])))
		}
	}
	if len(bodies) != 2 || !bytes.Equal(bodies[0], bodies[1]) {
		t.Fatal("header and footer hash bodies differ")
	}
	want := tCBOR(t, map[string]any{"hashes": slots, "algorithm": "xxh3"})
	if !bytes.Equal(bodies[0], want) || !bytes.HasPrefix(want, []byte{0xa2, 0x66, 'h', 'a', 's', 'h', 'e', 's'}) {
		t.Fatalf("%x", bodies[0])
	}
}
