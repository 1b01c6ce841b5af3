package core

import "testing"

// benchSmallRange runs what the C API's decode_range does in core for
// bench_threading.py's Decode-range row: two ranges of 1,000 float32 out of
// a 1M-value message (one object, no codec), parsed per call.
func benchSmallRange(b *testing.B, parse func([]byte) (*ObjectView, error)) {
	in := benchInput(1_000_000)
	msg, err := Encode(&GlobalMetadata{Base: []map[string]any{{}}}, in, nil)
	if err != nil {
		b.Fatal(err)
	}
	rs := []Range{{Offset: 0, Count: 1000}, {Offset: 500_000, Count: 1000}}
	opts := &DecodeOptions{}
	b.ReportAllocs()
	for b.Loop() {
		ov, err := parse(msg)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ov.DecodeRange(rs, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSmallRangeParseObject parses with ParseObject (metadata maps
// built) before the range decode.
func BenchmarkSmallRangeParseObject(b *testing.B) {
	benchSmallRange(b, func(msg []byte) (*ObjectView, error) {
		_, ov, err := ParseObject(msg, 0, false)
		return ov, err
	})
}

// BenchmarkSmallRangeParseObjectRaw parses with ParseObjectRaw (metadata
// skimmed, no maps), as the C API does.
func BenchmarkSmallRangeParseObjectRaw(b *testing.B) {
	benchSmallRange(b, func(msg []byte) (*ObjectView, error) {
		_, ov, err := ParseObjectRaw(msg, 0, false)
		return ov, err
	})
}

// BenchmarkSmallRangeAlloc is the C API's path: ParseObjectRaw, then the
// ranges written into caller buffers (DecodeRangeAlloc; reused here, as
// malloc would hand back the freed ones).
func BenchmarkSmallRangeAlloc(b *testing.B) {
	in := benchInput(1_000_000)
	msg, err := Encode(&GlobalMetadata{Base: []map[string]any{{}}}, in, nil)
	if err != nil {
		b.Fatal(err)
	}
	rs := []Range{{Offset: 0, Count: 1000}, {Offset: 500_000, Count: 1000}}
	bufs := [][]byte{make([]byte, 4000), make([]byte, 4000)}
	alloc := func(i, n int) ([]byte, error) { return bufs[i][:n], nil }
	opts := &DecodeOptions{}
	b.ReportAllocs()
	for b.Loop() {
		_, ov, err := ParseObjectRaw(msg, 0, false)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ov.DecodeRangeAlloc(rs, opts, alloc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSmallRangeTo is the C API's path since DecodeRangeTo: the object
// found without building the message view, the ranges written into caller
// buffers (reused, as malloc would hand back the freed ones).
func BenchmarkSmallRangeTo(b *testing.B) {
	in := benchInput(1_000_000)
	msg, err := Encode(&GlobalMetadata{Base: []map[string]any{{}}}, in, nil)
	if err != nil {
		b.Fatal(err)
	}
	rs := []Range{{Offset: 0, Count: 1000}, {Offset: 500_000, Count: 1000}}
	bufs := [][]byte{make([]byte, 4000), make([]byte, 4000)}
	alloc := func(i, n int) ([]byte, error) { return bufs[i][:n], nil }
	opts := &DecodeOptions{}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeRangeTo(msg, 0, rs, opts, alloc); err != nil {
			b.Fatal(err)
		}
	}
}
