package core

import "testing"

// benchSmallRange runs what the C API's decode_range does in core for
// bench_threading.py's Decode-range row: two ranges of 1,000 float32 out of
// a 1M-value message (one object, no codec), parsed per call.
func benchSmallRange(b *testing.B, parse func([]byte) (*ObjectView, error)) {
	msg, rs, _ := smallRangeCase(b)
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

// smallRangeCase is bench_threading.py's Decode-range row: a 1M-value
// float32 message (one object, no codec), ranges (0, 1000) and
// (500000, 1000), and an alloc handing out the same two buffers each call
// (as malloc would hand back the freed ones).
func smallRangeCase(tb testing.TB) ([]byte, []Range, RangeAlloc) {
	msg, err := Encode(&GlobalMetadata{Base: []map[string]any{{}}}, benchInput(1_000_000), nil)
	if err != nil {
		tb.Fatal(err)
	}
	bufs := [][]byte{make([]byte, 4000), make([]byte, 4000)}
	alloc := func(i, n int) ([]byte, error) { return bufs[i][:n], nil }
	return msg, []Range{{Offset: 0, Count: 1000}, {Offset: 500_000, Count: 1000}}, alloc
}

// BenchmarkSmallRangeAlloc is the C API's path before DecodeRangeTo:
// ParseObjectRaw, then the ranges written into caller buffers
// (DecodeRangeAlloc).
func BenchmarkSmallRangeAlloc(b *testing.B) {
	msg, rs, alloc := smallRangeCase(b)
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
// buffers.
func BenchmarkSmallRangeTo(b *testing.B) {
	msg, rs, alloc := smallRangeCase(b)
	opts := &DecodeOptions{}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeRangeTo(msg, 0, rs, opts, alloc); err != nil {
			b.Fatal(err)
		}
	}
}
