package core

import (
	"bytes"
	"errors"
	"math"
	"reflect"
	"testing"
)

// Zero-element tensors, scalars and all dtypes round-trip.
func TestRoundTripScalarsEmptyAndAllDtypes(t *testing.T) {
	for _, dt := range AllDTypes {
		for _, shape := range [][]uint64{{}, {0}, {3, 0, 5}, {7}, {2, 9}} {
			d := NewDescriptor(dt, shape)
			n, _ := d.DecodedSize()
			data := make([]byte, n)
			for i := range data {
				data[i] = byte(i*7 + 1)
			}
			if dt.IsFloat() {
				for i := range data {
					data[i] &= 0x3f // keep every value finite
				}
			}
			m := mustEncode(t, nil, []EncodeInput{{Descriptor: d, Data: data}}, nil)
			dec, err := Decode(m, nil)
			if err != nil {
				t.Fatal(dt, shape, err)
			}
			if !bytes.Equal(dec.Objects[0].Data, data) || !reflect.DeepEqual(dec.Objects[0].Descriptor.Shape, shape) {
				t.Fatalf("%s %v", dt, shape)
			}
		}
	}
	d := NewDescriptor(Bitmask, []uint64{9})
	if n, _ := d.DecodedSize(); n != 2 {
		t.Fatal("bitmask size")
	}
}

// Encode rejects inconsistent descriptors and data.
func TestEncodeRejectsInvalidInput(t *testing.T) {
	good := func() *Descriptor { return NewDescriptor(Float32, []uint64{2}) }
	mod := []struct {
		f    func(*Descriptor)
		data []byte
		kind error
		sub  string
	}{
		{func(d *Descriptor) { d.Type = "" }, f32s(1, 2), ErrMetadata, "must not be empty"},
		{func(d *Descriptor) { d.NDim = 3 }, f32s(1, 2), ErrMetadata, "ndim"},
		{func(d *Descriptor) { d.Strides = []uint64{1, 1} }, f32s(1, 2), ErrMetadata, "strides"},
		{func(d *Descriptor) {}, f32s(1), ErrMetadata, "does not match expected"},
		{func(d *Descriptor) { d.Shape = []uint64{1 << 40, 1 << 40}; d.Strides = []uint64{1, 1}; d.NDim = 2 }, nil, ErrMetadata, "overflow"},
		{func(d *Descriptor) { d.Encoding = "gzip" }, f32s(1, 2), ErrEncoding, "unknown encoding: gzip"},
		{func(d *Descriptor) { d.Filter = "delta" }, f32s(1, 2), ErrEncoding, "unknown filter: delta"},
		{func(d *Descriptor) { d.Compression = "brotli" }, f32s(1, 2), ErrEncoding, "unknown compression: brotli"},
		{func(d *Descriptor) { d.Params = map[string]any{"dtype": "x"} }, f32s(1, 2), ErrMetadata, "collides"},
		// several collisions: the first in sorted order, on every run
		{func(d *Descriptor) { d.Params = map[string]any{"type": 1, "shape": 1, "masks": 1, "filter": 1} }, f32s(1, 2), ErrMetadata, `"filter" collides`},
		{func(d *Descriptor) { d.Params = map[string]any{"szip_block_offsets": []any{}} }, f32s(1, 2), ErrEncoding, "szip_block_offsets"},
	}
	for i, c := range mod {
		d := good()
		c.f(d)
		_, err := Encode(nil, []EncodeInput{{Descriptor: d, Data: c.data}}, nil)
		if err == nil {
			t.Fatalf("case %d: no error", i)
		}
		wantErr(t, err, c.kind, c.sub)
	}
}

// Known codecs without an implementation give a typed error naming them.
func TestUnsupportedCodecs(t *testing.T) {
	for _, c := range []struct {
		kind StageKind
		name string
	}{{StageCompression, "zstd"}, {StageCompression, "sz3"}, {StageEncoding, "simple_packing"}, {StageFilter, "shuffle"}} {
		registryMu.RLock()
		_, registered := stages[c.kind][c.name]
		registryMu.RUnlock()
		if registered {
			continue // a codec package has been wired in
		}
		d := NewDescriptor(Float64, []uint64{2})
		switch c.kind {
		case StageCompression:
			d.Compression = c.name
		case StageEncoding:
			d.Encoding = c.name
		case StageFilter:
			d.Filter = c.name
		}
		_, err := Encode(nil, []EncodeInput{{Descriptor: d, Data: f64s(1, 2)}}, nil)
		var uc *UnsupportedCodecError
		if !errors.As(err, &uc) || uc.Name != c.name || uc.Stage != c.kind || !errors.Is(err, ErrUnsupportedCodec) {
			t.Fatalf("%s: %v", c.name, err)
		}
		// Decoding a message that uses the codec fails the same way.
		desc, _ := d.MarshalCBOR()
		m := tMessage(1, [][]byte{tFrame(FrameHeaderMetadata, 0, []byte{0xa0}, false), tDataFrame(desc, make([]byte, 5), true, false)}, false)
		if _, err := Decode(m, nil); !errors.As(err, &uc) {
			t.Fatalf("decode %s: %v", c.name, err)
		}
		if r := ValidateMessage(m, nil); !r.HasCode("pipeline_config_failed") {
			t.Fatal(r.Issues)
		}
	}
}

// Strict parameter typing.
func TestStrictParamTyping(t *testing.T) {
	p := map[string]any{"lvl": "high", "neg": int64(-3), "u": uint64(5), "f": uint64(1 << 53), "fbig": uint64(1<<53 + 1), "fl": 2.5, "codec": uint64(5)}
	if _, _, err := ParamInt64(p, "lvl", -100, 100); err == nil {
		t.Fatal("text accepted as int")
	}
	if v, ok, err := ParamInt64(p, "neg", -100, 100); err != nil || !ok || v != -3 {
		t.Fatal(err)
	}
	if _, _, err := ParamUint64(p, "neg", 10); err == nil {
		t.Fatal("negative uint accepted")
	}
	if _, _, err := ParamInt64(p, "fl", 0, 10); err == nil {
		t.Fatal("float accepted as int")
	}
	if v, _, err := ParamFloat(p, "f"); err != nil || v != 1<<53 {
		t.Fatal(err)
	}
	if _, _, err := ParamFloat(p, "fbig"); err == nil {
		t.Fatal("lossy int accepted")
	}
	if _, _, err := ParamText(p, "codec"); err == nil {
		t.Fatal("int accepted as text")
	}
	if _, ok, _ := ParamInt64(p, "absent", 0, 1); ok {
		t.Fatal("absent reported present")
	}
	wantErr(t, MissingParam("szip_rsi"), ErrMetadata, "missing required parameter: szip_rsi")
}

// NaN/Inf in float and complex inputs; integers are not scanned.
func TestNonFiniteInputPolicy(t *testing.T) {
	for _, dt := range []DType{Float16, BFloat16, Float32, Float64, Complex64, Complex128} {
		d := NewDescriptor(dt, []uint64{3})
		n, _ := d.DecodedSize()
		data := make([]byte, n)
		es := dt.Size()
		pat, w := nonFinitePattern(dt, MaskNaN)
		putUint(data[es*2+es-w:], pat, w, NativeOrder) // last component of element 2
		_, err := Encode(nil, []EncodeInput{{Descriptor: d, Data: data}}, nil)
		wantErr(t, err, ErrEncoding, "NaN at element 2")
		m := mustEncode(t, nil, []EncodeInput{{Descriptor: d, Data: data}}, &EncodeOptions{AllowNaN: true})
		dec, _ := Decode(m, nil)
		for c := 0; c < es; c += w {
			if getUint(dec.Objects[0].Data[2*es+c:], w, NativeOrder) != pat {
				t.Fatalf("%s: not restored", dt)
			}
		}
	}
	ints := NewDescriptor(Uint32, []uint64{1})
	mustEncode(t, nil, []EncodeInput{{Descriptor: ints, Data: []byte{0, 0, 0xc0, 0x7f}}}, nil)
}

// Payload size disagreement, no huge allocation for a hostile shape.
func TestPayloadSizeMismatch(t *testing.T) {
	meta := tFrame(FrameHeaderMetadata, 0, []byte{0xa0}, false)
	for _, shape := range [][]uint64{{3}, {1}, {1 << 60}, {1 << 31, 1 << 31}} {
		m := tMessage(1, [][]byte{meta, tDataFrame(tDesc(t, Float32, shape, LittleEndian), make([]byte, 8), true, false)}, false)
		_, err := Decode(m, nil)
		if err == nil {
			t.Fatal(shape)
		}
	}
}

// Object index and range decode rules.
func TestObjectIndexAndRangeRules(t *testing.T) {
	m := mustEncode(t, nil, []EncodeInput{f32Input(1, 2, 3, 4, 5)}, nil)
	_, _, err := DecodeObject(m, 1, nil)
	wantErr(t, err, ErrObject, "object index 1 out of range (num_objects=1)")
	out, err := DecodeRange(m, 0, []Range{{1, 2}, {4, 1}, {0, 0}}, nil)
	if err != nil || !bytes.Equal(out[0], f32s(2, 3)) || !bytes.Equal(out[1], f32s(5)) || len(out[2]) != 0 {
		t.Fatal(err, out)
	}
	if out, err := DecodeRange(m, 0, nil, nil); err != nil || len(out) != 0 {
		t.Fatal("empty range list")
	}
	_, err = DecodeRange(m, 0, []Range{{4, 2}}, nil)
	wantErr(t, err, ErrEncoding, "out of bounds")
	d := NewDescriptor(Float32, []uint64{2})
	d.Filter = "shuffle"
	d.Params = map[string]any{"shuffle_element_size": uint64(4)}
	desc, _ := d.MarshalCBOR()
	fm := tMessage(1, [][]byte{tFrame(FrameHeaderMetadata, 0, []byte{0xa0}, false), tDataFrame(desc, make([]byte, 8), true, false)}, false)
	_, err = DecodeRange(fm, 0, []Range{{0, 1}}, nil)
	wantErr(t, err, ErrEncoding, "filter")
	bm := mustEncode(t, nil, []EncodeInput{{Descriptor: NewDescriptor(Bitmask, []uint64{9}), Data: []byte{1, 0x80}}}, nil)
	_, err = DecodeRange(bm, 0, []Range{{0, 1}}, nil)
	wantErr(t, err, ErrEncoding, "bitmask")
	// Range decode restores masked NaN inside the range.
	nan := mustEncode(t, nil, []EncodeInput{{Descriptor: NewDescriptor(Float64, []uint64{3}), Data: f64s(1, math.NaN(), 3)}}, &EncodeOptions{AllowNaN: true})
	out, err = DecodeRange(nan, 0, []Range{{1, 2}}, nil)
	if err != nil || getUint(out[0], 8, NativeOrder) != 0x7FF8000000000000 || !bytes.Equal(out[0][8:], f64s(3)) {
		t.Fatal(err, out)
	}
}

// DecodeInto writes into a caller buffer; wrong sizes are rejected.
func TestDecodeInto(t *testing.T) {
	m := readGolden(t, "multi_object.tgm")
	mv, err := ParseMessage(m)
	if err != nil {
		t.Fatal(err)
	}
	ov := &mv.Objects[1]
	n, _ := ov.DecodedSize()
	dst := make([]byte, n)
	if err := ov.DecodeInto(dst, nil); err != nil || !bytes.Equal(dst, i64s(100, -200, 300)) {
		t.Fatal(err)
	}
	if err := ov.DecodeInto(make([]byte, n+1), nil); err == nil {
		t.Fatal("wrong dst size accepted")
	}
	// Payloads are sub-slices of the input (no copies).
	if &ov.Payload[0] != &m[ov.FrameOffset+16] {
		t.Fatal("payload was copied")
	}
}

// Encoding references the caller's input for the raw pipeline and uses the
// caller's allocator exactly once.
func TestEncodeAllocator(t *testing.T) {
	calls := 0
	var got []byte
	opts := &EncodeOptions{Alloc: func(n int) []byte {
		calls++
		got = make([]byte, n+10)[:n]
		for i := range got {
			got[i] = 0xee // dirty memory must be overwritten
		}
		return got
	}}
	m := mustEncode(t, nil, []EncodeInput{f32Input(1, 2, 3)}, opts)
	if calls != 1 || &m[0] != &got[0] {
		t.Fatal("allocator not used once")
	}
	if r := ValidateMessage(m, &ValidateOptions{Mode: ModeFull}); len(r.Issues) != 0 {
		t.Fatal(r.Issues)
	}
	in := f32Input(1, 2)
	po, err := prepareObject(in, &EncodeOptions{}, 0)
	if err != nil || &po.payload[0] != &in.Data[0] {
		t.Fatal("raw pipeline copied the input")
	}
}
