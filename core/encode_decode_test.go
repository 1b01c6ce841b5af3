package core

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// Buffered frame layouts and preamble flags per policy.
func TestBufferedLayoutAndFlagsPerPolicy(t *testing.T) {
	cases := []struct {
		n      int
		pol    AggregateHash
		noHash bool
		flags  uint16
		types  []FrameType
	}{
		{1, HashAuto, false, 0x0095, []FrameType{1, 2, 3, 9}},
		{1, HashHeader, false, 0x0095, []FrameType{1, 2, 3, 9}},
		{1, HashFooter, false, 0x00a5, []FrameType{1, 2, 9, 5}},
		{1, HashBoth, false, 0x00b5, []FrameType{1, 2, 3, 9, 5}},
		{1, HashPolicyNone, false, 0x0085, []FrameType{1, 2, 9}},
		{1, HashBoth, true, 0x0005, []FrameType{1, 2, 9}},
		{0, HashAuto, false, 0x0081, []FrameType{1}},
		{0, HashAuto, true, 0x0001, []FrameType{1}},
	}
	for _, c := range cases {
		in := make([]EncodeInput, c.n)
		for i := range in {
			in[i] = f32Input(1)
		}
		m := mustEncode(t, nil, in, &EncodeOptions{AggregateHash: c.pol, NoHash: c.noHash})
		if got := be.Uint16(m[10:]); got != c.flags {
			t.Fatalf("%+v: flags %#x", c, got)
		}
		frames, _ := listFrames(m)
		var types []FrameType
		for _, f := range frames {
			types = append(types, f.hdr.Type)
		}
		if !reflect.DeepEqual(types, c.types) {
			t.Fatalf("%+v: frames %v", c, types)
		}
		if r := ValidateMessage(m, nil); !r.OK() || r.HasCode("flag_mismatch") {
			t.Fatal(r.Issues)
		}
	}
}

// Streaming layout, policies, back-fill, zero objects, parity with buffered.
func TestStreamingLayoutBackfillAndParity(t *testing.T) {
	_, err := NewStreamingEncoder(&bytes.Buffer{}, nil, &EncodeOptions{AggregateHash: HashHeader})
	wantErr(t, err, ErrEncoding)
	_, err = NewStreamingEncoder(&bytes.Buffer{}, nil, &EncodeOptions{AggregateHash: HashBoth})
	wantErr(t, err, ErrEncoding)
	for _, c := range []struct {
		opts  EncodeOptions
		flags uint16
	}{{EncodeOptions{}, 0x00eb}, {EncodeOptions{AggregateHash: HashFooter}, 0x00eb}, {EncodeOptions{AggregateHash: HashPolicyNone}, 0x00cb}, {EncodeOptions{NoHash: true}, 0x004b}} {
		var buf bytes.Buffer
		meta := &GlobalMetadata{Base: []map[string]any{{"x": uint64(1)}}}
		se, err := NewStreamingEncoder(&buf, meta, &c.opts)
		if err != nil {
			t.Fatal(err)
		}
		objs := []EncodeInput{f32Input(1, 2), {Descriptor: NewDescriptor(Int16, []uint64{2}), Data: []byte{1, 0, 2, 0}}}
		for _, o := range objs {
			if err := se.WriteObject(o); err != nil {
				t.Fatal(err)
			}
		}
		if err := se.Finish(); err != nil {
			t.Fatal(err)
		}
		m := buf.Bytes()
		if be.Uint16(m[10:]) != c.flags || be.Uint64(m[16:]) != 0 || be.Uint64(m[len(m)-16:]) != 0 {
			t.Fatalf("flags %#x", be.Uint16(m[10:]))
		}
		frames, _ := listFrames(m)
		var types []FrameType
		for _, f := range frames {
			types = append(types, f.hdr.Type)
		}
		want := []FrameType{1, 9, 9, 7, 5, 6}
		if c.opts.NoHash || c.opts.AggregateHash == HashPolicyNone {
			want = []FrameType{1, 9, 9, 7, 6}
		}
		if !reflect.DeepEqual(types, want) {
			t.Fatalf("frames %v", types)
		}
		hdr, _ := ParseGlobalMetadata(frames[0].body)
		if hdr.Reserved != nil || hdr.Base[0]["x"] != uint64(1) {
			t.Fatal("header metadata must be verbatim")
		}
		if int(be.Uint64(m[len(m)-24:])) != frames[3].offset {
			t.Fatal("first_footer_offset")
		}
		// Same decode as buffered.
		sd, err := Decode(m, nil)
		if err != nil {
			t.Fatal(err)
		}
		bd, _ := Decode(mustEncode(t, meta, objs, nil), nil)
		for i := range sd.Objects {
			if !bytes.Equal(sd.Objects[i].Data, bd.Objects[i].Data) || !reflect.DeepEqual(sd.Objects[i].Descriptor.Shape, bd.Objects[i].Descriptor.Shape) {
				t.Fatal("streaming and buffered messages decode differently")
			}
		}
		if md, _ := DecodeMetadata(m); md.Reserved != nil {
			t.Fatal("DecodeMetadata must return the raw header copy")
		}
	}
	// Back-fill to a file at a non-zero position, with zero objects and then one.
	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, "s.tgm"))
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("junk!"))
	se, _ := NewStreamingEncoder(f, nil, nil)
	if err := se.FinishBackfilled(); err != nil {
		t.Fatal(err)
	}
	if err := se.Restart(); err != nil {
		t.Fatal(err)
	}
	se.WriteObject(f32Input(7))
	if err := se.FinishBackfilled(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	b, _ := os.ReadFile(filepath.Join(dir, "s.tgm"))
	spans := Scan(b)
	if len(spans) != 2 || spans[0].Offset != 5 {
		t.Fatalf("spans %v", spans)
	}
	for i, sp := range spans {
		m := b[sp.Offset : sp.Offset+sp.Length]
		if be.Uint64(m[16:]) != uint64(sp.Length) || be.Uint64(m[len(m)-16:]) != uint64(sp.Length) {
			t.Fatal("back-fill")
		}
		d, err := Decode(m, nil)
		if err != nil || len(d.Objects) != i {
			t.Fatal(err)
		}
	}
}

// Back-fill needs a seekable sink.
func TestBackfillNeedsSeekable(t *testing.T) {
	se, err := NewStreamingEncoder(writerOnly{&bytes.Buffer{}}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantErr(t, se.FinishBackfilled(), ErrUnsupported)
}

type writerOnly struct{ w *bytes.Buffer }

func (w writerOnly) Write(b []byte) (int, error) { return w.w.Write(b) }

// Scanning.
func TestScanRules(t *testing.T) {
	msg := mustEncode(t, nil, []EncodeInput{f32Input(1, 2)}, nil)
	for n := 0; n < 48; n++ {
		if len(Scan(msg[:min(n, len(msg))])) != 0 {
			t.Fatal("a buffer shorter than 48 bytes yielded a message")
		}
	}
	g := append(append(bytes.Repeat([]byte{0xff}, 10), msg...), bytes.Repeat([]byte{0xaa}, 5)...)
	if s := Scan(g); !reflect.DeepEqual(s, []MessageSpan{{10, len(msg)}}) {
		t.Fatal("garbage around a message", s)
	}
	if len(Scan(bytes.Repeat([]byte("TENSOGR"), 100))) != 0 {
		t.Fatal("a truncated magic yielded a message")
	}
	bad := append([]byte(nil), msg...)
	bad[len(bad)-1] = 'x'
	two := append(append([]byte(nil), bad...), msg...)
	if s := Scan(two); !reflect.DeepEqual(s, []MessageSpan{{len(msg), len(msg)}}) {
		t.Fatal("a message with a broken end magic must be skipped", s)
	}
	huge := append([]byte(nil), msg...)
	be.PutUint64(huge[16:], ^uint64(0))
	if len(Scan(huge)) != 0 {
		t.Fatal("a huge total_length yielded a message")
	}
	var sb bytes.Buffer
	se, _ := NewStreamingEncoder(&sb, nil, nil)
	se.WriteObject(f32Input(3))
	se.Finish()
	st := sb.Bytes()
	mix := append(append(append([]byte(nil), st...), msg...), st...)
	want := []MessageSpan{{0, len(st)}, {len(st), len(msg)}, {len(st) + len(msg), len(st)}}
	if s := Scan(mix); !reflect.DeepEqual(s, want) {
		t.Fatal("streaming and buffered messages mixed", s)
	}
	var ten []byte
	for i := 0; i < 10; i++ {
		ten = append(ten, msg...)
	}
	fake := make([]byte, 24)
	putPostamble(fake, 0, uint64(len(msg)))
	if s := Scan(append(ten, fake...)); len(s) != 10 || s[9].Offset != 9*len(msg) {
		t.Fatal("a fake trailing postamble changed the scan", s)
	}
	v := append([]byte(nil), msg...)
	be.PutUint16(v[8:], 2)
	if len(Scan(v)) != 0 {
		t.Fatal("a wrong-version preamble yielded a message")
	}
	_, err := Decode(v, nil)
	wantErr(t, err, ErrFraming)
	it := NewMessageIter(g)
	if m, ok := it.Next(); !ok || !bytes.Equal(m, msg) || it.Remaining() != 0 {
		t.Fatal("iter")
	}
	if _, ok := it.Next(); ok {
		t.Fatal("iter end")
	}
}

// Files.
func TestFileScanAndAppend(t *testing.T) {
	dir := t.TempDir()
	_, err := OpenFile(filepath.Join(dir, "missing.tgm"))
	wantErr(t, err, ErrIO, "file not found")
	f, err := CreateFile(filepath.Join(dir, "sub", "a.tgm"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if n, _ := f.Count(); n != 0 {
		t.Fatal("a new file must hold 0 messages")
	}
	_, err = f.ReadMessage(0)
	wantErr(t, err, ErrFraming, "out of range")
	for i := 0; i < 3; i++ {
		if err := f.Append(nil, []EncodeInput{f32Input(float32(i))}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if n, _ := f.Count(); n != 3 {
		t.Fatal("count after append")
	}
	m, err := f.DecodeMessage(2, nil)
	if err != nil || !bytes.Equal(m.Objects[0].Data, f32s(2)) {
		t.Fatal(err)
	}
	_, err = f.DecodeMessage(3, nil)
	wantErr(t, err, ErrFraming, "message index 3 out of range (count=3)")
	// Two files concatenated.
	a, _ := os.ReadFile(filepath.Join(dir, "sub", "a.tgm"))
	os.WriteFile(filepath.Join(dir, "cat.tgm"), append(append([]byte(nil), a...), a...), 0o644)
	c, _ := OpenFile(filepath.Join(dir, "cat.tgm"))
	if n, _ := c.Count(); n != 6 {
		t.Fatal("two concatenated files must hold 6 messages")
	}
	// A streaming message larger than the read chunks.
	var sb bytes.Buffer
	se, _ := NewStreamingEncoder(&sb, nil, nil)
	big := make([]byte, 3*scanChunk)
	se.WriteObject(EncodeInput{Descriptor: NewDescriptor(Uint8, []uint64{uint64(len(big))}), Data: big})
	se.Finish()
	content := append(append([]byte("garbage"), sb.Bytes()...), a...)
	os.WriteFile(filepath.Join(dir, "big.tgm"), content, 0o644)
	bf, _ := OpenFile(filepath.Join(dir, "big.tgm"))
	spans, err := bf.Spans()
	if err != nil || !reflect.DeepEqual(spans, Scan(content)) || len(spans) != 4 {
		t.Fatal("file scan of a streaming message larger than the read chunk", spans, err)
	}
}

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

// Encode rejections.
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
		{func(d *Descriptor) { d.Strides = nil }, f32s(1, 2), ErrMetadata, "strides"},
		{func(d *Descriptor) {}, f32s(1), ErrMetadata, "does not match expected"},
		{func(d *Descriptor) { d.Shape = []uint64{1 << 40, 1 << 40}; d.Strides = []uint64{1, 1}; d.NDim = 2 }, nil, ErrMetadata, "overflow"},
		{func(d *Descriptor) { d.Encoding = "gzip" }, f32s(1, 2), ErrEncoding, "unknown encoding: gzip"},
		{func(d *Descriptor) { d.Filter = "delta" }, f32s(1, 2), ErrEncoding, "unknown filter: delta"},
		{func(d *Descriptor) { d.Compression = "brotli" }, f32s(1, 2), ErrEncoding, "unknown compression: brotli"},
		{func(d *Descriptor) { d.Params = map[string]any{"dtype": "x"} }, f32s(1, 2), ErrMetadata, "collides"},
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
