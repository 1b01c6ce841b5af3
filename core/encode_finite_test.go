package core

import (
	"bytes"
	"math"
	"testing"
)

// The NaN/Inf rule checked while copying (all-"none" pipeline, nothing
// allowed) reports exactly what the up-front rule reports, for a value in
// any chunk of the payload, in either data byte order, with or without
// hashing, through Encode and the streaming encoder.
func TestDeferredFiniteCheckMatchesUpFront(t *testing.T) {
	n := uint64(3*hashChunk/4 + 5) // several chunks for every dtype width
	for _, dt := range []DType{Float16, BFloat16, Float32, Float64, Complex64, Complex128} {
		for _, kind := range []string{MaskNaN, MaskPosInf, MaskNegInf} {
			for _, order := range []ByteOrder{LittleEndian, BigEndian} {
				for _, at := range []uint64{0, n / 2, n - 1} {
					checkDeferredFinite(t, dt, kind, order, n, at)
				}
			}
		}
	}
}

func checkDeferredFinite(t *testing.T, dt DType, kind string, order ByteOrder, n, at uint64) {
	t.Helper()
	d := NewDescriptor(dt, []uint64{n})
	d.ByteOrder = LittleEndian
	size, _ := d.DecodedSize()
	data := make([]byte, size)
	es := uint64(dt.Size())
	pat, w := nonFinitePattern(dt, kind)
	putUint(data[at*es+es-uint64(w):], pat, w, order)
	_, _, want := substituteNonFinite(data, dt, order, false, false)
	if want == nil {
		t.Fatalf("%s %s: the up-front rule accepted the input", dt, kind)
	}
	same := d.Clone()
	same.ByteOrder = order
	for _, in := range [][]EncodeInput{{{Descriptor: d, Data: data, DataOrder: order}}, {{Descriptor: same, Data: data}}} {
		checkDeferredFiniteInput(t, in, want)
	}
}

func checkDeferredFiniteInput(t *testing.T, in []EncodeInput, want error) {
	t.Helper()
	dt, order := in[0].Descriptor.DType, in[0].Descriptor.ByteOrder
	for _, noHash := range []bool{false, true} {
		_, err := Encode(nil, in, &EncodeOptions{NoHash: noHash})
		if err == nil || err.Error() != want.Error() {
			t.Fatalf("%s order %v data order %v nohash %v: got %v, want %v", dt, order, in[0].DataOrder, noHash, err, want)
		}
		var buf bytes.Buffer
		se, err := NewStreamingEncoder(&buf, nil, &EncodeOptions{NoHash: noHash})
		if err != nil {
			t.Fatal(err)
		}
		if err := se.WriteObject(in[0]); err == nil || err.Error() != want.Error() {
			t.Fatalf("streaming %s order %v: got %v, want %v", dt, order, err, want)
		}
	}
}

// With NaN or Inf allowed the rule still runs before the layout (masks
// change the payload), and finite data round-trips whatever the data
// byte order.
func TestDeferredFiniteCheckOnlyWhenRejecting(t *testing.T) {
	d := NewDescriptor(Float32, []uint64{4})
	if deferredFiniteCheck(d, LittleEndian, &EncodeOptions{AllowNaN: true}) != nil {
		t.Fatal("deferred with AllowNaN")
	}
	if deferredFiniteCheck(d, LittleEndian, &EncodeOptions{AllowInf: true}) != nil {
		t.Fatal("deferred with AllowInf")
	}
	if deferredFiniteCheck(d, LittleEndian, &EncodeOptions{PreEncoded: true}) != nil {
		t.Fatal("deferred for pre-encoded payloads")
	}
	if deferredFiniteCheck(NewDescriptor(Int32, []uint64{4}), LittleEndian, &EncodeOptions{}) != nil {
		t.Fatal("deferred for an integer dtype")
	}
	if deferredFiniteCheck(d, LittleEndian, &EncodeOptions{}) == nil {
		t.Fatal("not deferred for the raw pipeline")
	}
	vals := make([]float32, hashChunk)
	for i := range vals {
		vals[i] = float32(i) - 7.5
	}
	le := f32s(vals...)
	be := make([]byte, len(le))
	copySwap(be, le, 4)
	dl := NewDescriptor(Float32, []uint64{uint64(len(vals))})
	dl.ByteOrder = LittleEndian
	for _, in := range []EncodeInput{{Descriptor: dl, Data: le}, {Descriptor: dl, Data: be, DataOrder: BigEndian}} {
		m := mustEncode(t, nil, []EncodeInput{in}, nil)
		dec, err := Decode(m, &DecodeOptions{VerifyHash: true})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(dec.Objects[0].Data, le) {
			t.Fatalf("data order %v: payload differs", in.DataOrder)
		}
	}
}

// copyCheckBlocks stops at the 64-byte block holding the first component
// with all exponent bits set, in every lane position, dtype and byte
// order, and copies exactly the blocks before it.
func TestCopyCheckBlocks(t *testing.T) {
	for _, dt := range []DType{Float16, BFloat16, Float32, Float64, Complex64, Complex128} {
		for _, order := range []ByteOrder{LittleEndian, BigEndian} {
			mask, w := exponentLanes(dt, order)
			pat, pw := nonFinitePattern(dt, MaskPosInf)
			for at := 0; at+pw <= 256; at += pw {
				src := make([]byte, 256)
				for i := range src {
					src[i] = byte(i % 16)
				}
				putUint(src[at:], pat, pw, order)
				dst := make([]byte, 256)
				k := copyCheckBlocks(dst, src, mask, w)
				if hasCopyCheck && k != at/64*64 {
					t.Fatalf("%s %v: lane at %d stopped at %d", dt, order, at, k)
				}
				if !bytes.Equal(dst[:k], src[:k]) || (k < 256 && dst[k] != 0) {
					t.Fatalf("%s %v: copied region wrong", dt, order)
				}
			}
			clean := make([]byte, 200)
			if k := copyCheckBlocks(make([]byte, 200), clean, mask, w); hasCopyCheck && k != 192 {
				t.Fatalf("%s %v: finite data stopped at %d", dt, order, k)
			}
		}
	}
}

// FuzzCopyCheckBlocks: the vector kernel stops exactly at the first
// 64-byte block the portable scan finds a non-finite component in, and
// copies exactly the blocks before it.
func FuzzCopyCheckBlocks(f *testing.F) {
	f.Add([]byte{0, 0, 0x80, 0x7f}, uint8(2))
	f.Add(make([]byte, 200), uint8(3))
	dtypes := []DType{Float16, BFloat16, Float32, Float64, Complex64, Complex128}
	f.Fuzz(func(t *testing.T, src []byte, sel uint8) {
		dt := dtypes[int(sel)%len(dtypes)]
		order := LittleEndian
		if sel&0x80 != 0 {
			order = BigEndian
		}
		src = src[:len(src)/dt.Size()*dt.Size()]
		mask, w := exponentLanes(dt, order)
		dst := make([]byte, len(src))
		k := copyCheckBlocks(dst, src, mask, w)
		if k%64 != 0 || k > len(src) || !bytes.Equal(dst[:k], src[:k]) {
			t.Fatalf("%s %v: bad copy of %d bytes", dt, order, k)
		}
		if firstNonFinite(src[:k], dt, order) >= 0 {
			t.Fatalf("%s %v: copied a non-finite value", dt, order)
		}
		if !hasCopyCheck {
			return
		}
		if rest := src[k:]; len(rest) >= 64 && firstNonFinite(rest[:64], dt, order) < 0 {
			t.Fatalf("%s %v: stopped at %d before a finite block", dt, order, k)
		}
	})
}

// Failures found after the deferral point do not hide a NaN/Inf error the
// up-front rule reported first: an earlier object's, or the object's own
// before the allocation of the output.
func TestDeferredFiniteErrorPrecedence(t *testing.T) {
	d := NewDescriptor(Float32, []uint64{2})
	d.ByteOrder = LittleEndian
	nan := f32s(1, float32(math.NaN()))
	_, _, want := substituteNonFinite(nan, Float32, LittleEndian, false, false)
	bad := NewDescriptor(Float32, []uint64{2})
	bad.Compression = "no-such-compressor"
	in := []EncodeInput{{Descriptor: d, Data: nan}, {Descriptor: bad, Data: f32s(1, 2)}}
	for _, threads := range []int{1, 2} {
		if _, err := Encode(nil, in, &EncodeOptions{Threads: threads}); err == nil || err.Error() != want.Error() {
			t.Fatalf("threads %d: got %v, want %v", threads, err, want)
		}
	}
	refuse := &EncodeOptions{Alloc: func(int) []byte { return nil }}
	if _, err := Encode(nil, in[:1], refuse); err == nil || err.Error() != want.Error() {
		t.Fatalf("refused allocation: got %v, want %v", err, want)
	}
	if _, err := Encode(nil, []EncodeInput{{Descriptor: d, Data: f32s(1, 2)}}, refuse); err == nil || err.Error() == want.Error() {
		t.Fatalf("refused allocation of finite data: got %v", err)
	}
}
