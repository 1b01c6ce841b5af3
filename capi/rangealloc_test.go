package main

import (
	"encoding/binary"
	"math"
	"testing"
	"unsafe"

	"github.com/tensogram-go/tensogram-go/core"
)

// The C types below are cgo's Go names for tg_capi.h's (test files cannot
// import "C"); the exports are called directly, as Go functions, with the
// arguments the Python shim passes.

// f32Message encodes n float32 values (one object, no codec), as the
// benchmarks' messages.
func f32Message(tb testing.TB, n int) []byte {
	tb.Helper()
	data := make([]byte, 4*n)
	for i := range n {
		binary.LittleEndian.PutUint32(data[4*i:], math.Float32bits(float32(i)*0.25))
	}
	d := core.NewDescriptor(core.Float32, []uint64{uint64(n)})
	d.ByteOrder = core.LittleEndian
	msg, err := core.Encode(&core.GlobalMetadata{Base: []map[string]any{{}}}, []core.EncodeInput{{Descriptor: d, Data: data}}, nil)
	if err != nil {
		tb.Fatal(err)
	}
	return msg
}

// shimOpts are the decode options the shim passes by default.
func shimOpts() _Ctype_tg_decode_opts {
	return _Ctype_tg_decode_opts{native_byte_order: 1, restore_non_finite: 1}
}

// callRange runs tg_decode_range as the shim does for bench_threading.py's
// Decode-range row and frees the result.
func callRange(tb testing.TB, msg []byte, ranges []uint64, o *_Ctype_tg_decode_opts) {
	var r _Ctype_tg_result
	var e _Ctype_tg_error
	callRangeInto(tb, msg, ranges, o, &r, &e)
}

// callRangeInto is callRange with the result and error records given (the
// shim's live on its C stack: reused here, they add no Go allocation).
func callRangeInto(tb testing.TB, msg []byte, ranges []uint64, o *_Ctype_tg_decode_opts, r *_Ctype_tg_result, e *_Ctype_tg_error) {
	rc := tg_decode_range((*_Ctype_uint8_t)(unsafe.Pointer(&msg[0])), _Ctype_size_t(len(msg)), 0,
		(*_Ctype_uint64_t)(unsafe.Pointer(&ranges[0])), _Ctype_size_t(len(ranges)/2), 0, o, r, e)
	if rc != 0 {
		tb.Fatalf("tg_decode_range: status %d", rc)
	}
	freeResult(r)
}

// callDecode runs tg_decode on msg and frees the result (r and e as in
// callRangeInto).
func callDecode(tb testing.TB, msg []byte, o *_Ctype_tg_decode_opts, r *_Ctype_tg_result, e *_Ctype_tg_error) {
	if rc := tg_decode((*_Ctype_uint8_t)(unsafe.Pointer(&msg[0])), _Ctype_size_t(len(msg)), o, r, e); rc != 0 {
		tb.Fatalf("tg_decode: status %d", rc)
	}
	freeResult(r)
}

// callMetadata runs tg_decode_metadata on msg and frees the result.
func callMetadata(tb testing.TB, msg []byte) {
	var r _Ctype_tg_result
	var e _Ctype_tg_error
	if rc := tg_decode_metadata((*_Ctype_uint8_t)(unsafe.Pointer(&msg[0])), _Ctype_size_t(len(msg)), &r, &e); rc != 0 {
		tb.Fatalf("tg_decode_metadata: status %d", rc)
	}
	freeResult(&r)
}

var benchRanges = []uint64{0, 1000, 500_000, 1000}

// BenchmarkCDecodeRange2x1K is bench_threading.py's Decode-range row below
// the shim: ranges (0, 1000) and (500000, 1000) of a 1M float32 message.
func BenchmarkCDecodeRange2x1K(b *testing.B) {
	msg, o := f32Message(b, 1_000_000), shimOpts()
	benchCall(b, func(r *_Ctype_tg_result, e *_Ctype_tg_error) { callRangeInto(b, msg, benchRanges, &o, r, e) })
}

// benchCall runs call in a benchmark loop with the same result and error
// records each time (as the shim's stack gives).
func benchCall(b *testing.B, call func(*_Ctype_tg_result, *_Ctype_tg_error)) {
	var r _Ctype_tg_result
	var e _Ctype_tg_error
	b.ReportAllocs()
	for b.Loop() {
		call(&r, &e)
	}
}

// A range decode through the C API leaves the Go collector only core's
// descriptor and pipeline (DecodeRangeTo's five allocations): options,
// ranges and the result sink stay on the export's frame. It made 20
// allocations per call before, and the collector ran about every 17,000
// calls of bench_threading.py's row (every 40,000 or more now).
func TestDecodeRangeAllocations(t *testing.T) {
	msg, o := f32Message(t, 100_000), shimOpts()
	ranges := []uint64{0, 1000, 50_000, 1000}
	boundAllocs(t, "tg_decode_range", 5, func(r *_Ctype_tg_result, e *_Ctype_tg_error) {
		callRangeInto(t, msg, ranges, &o, r, e)
	})
}

// boundAllocs fails when call, given the same result and error records
// each time (as the shim's stack gives), allocates more than max times on
// average; skipped under -race.
func boundAllocs(t *testing.T, what string, max float64, call func(*_Ctype_tg_result, *_Ctype_tg_error)) {
	t.Helper()
	if raceEnabled {
		t.Skip("allocation counts differ under -race")
	}
	var r _Ctype_tg_result
	var e _Ctype_tg_error
	if n := testing.AllocsPerRun(1000, func() { call(&r, &e) }); n > max {
		t.Fatalf("%s allocates %v times per call, want at most %v", what, n, max)
	}
}

// The range sink's arrays hold the values of the ranges, as 1-D arrays of
// the object's kind; a join of several ranges is one array.
func TestDecodeRangeResult(t *testing.T) {
	msg, o := f32Message(t, 1000), shimOpts()
	for _, join := range []int32{0, 1} {
		var r _Ctype_tg_result
		var e _Ctype_tg_error
		ranges := []uint64{2, 3, 10, 1}
		if rc := tg_decode_range((*_Ctype_uint8_t)(unsafe.Pointer(&msg[0])), _Ctype_size_t(len(msg)), 0,
			(*_Ctype_uint64_t)(unsafe.Pointer(&ranges[0])), 2, _Ctype_int32_t(join), &o, &r, &e); rc != 0 {
			t.Fatalf("join=%d: status %d", join, rc)
		}
		arrs := unsafe.Slice(r.arrays, int(r.n))
		var got []float32
		for _, a := range arrs {
			if a.ndim != 1 || a.kind != kindOf(&core.Descriptor{DType: core.Float32}) {
				t.Fatalf("join=%d: array of ndim %d kind %d", join, a.ndim, a.kind)
			}
			got = append(got, unsafe.Slice((*float32)(unsafe.Pointer(a.data)), int(a.data_len)/4)...)
		}
		want := []float32{0.5, 0.75, 1, 2.5}
		if len(arrs) != 2-int(join) || len(got) != len(want) {
			t.Fatalf("join=%d: %d arrays, values %v", join, len(arrs), got)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("join=%d: values %v, want %v", join, got, want)
			}
		}
		freeResult(&r)
	}
}

// BenchmarkCDecode64K is bench_threading.py's 64 KB decode row below the
// shim.
func BenchmarkCDecode64K(b *testing.B) {
	msg, o := f32Message(b, 16384), shimOpts()
	benchCall(b, func(r *_Ctype_tg_result, e *_Ctype_tg_error) { callDecode(b, msg, &o, r, e) })
}

// A one-object decode leaves the collector the message view and object
// list, the descriptor (shape, strides), the pipeline (parameter map) and
// the options: 8 allocations (18 before).
func TestDecode64KAllocations(t *testing.T) {
	msg, o := f32Message(t, 16384), shimOpts()
	boundAllocs(t, "tg_decode", 8, func(r *_Ctype_tg_result, e *_Ctype_tg_error) { callDecode(t, msg, &o, r, e) })
}

func BenchmarkCDecodeMetadata64K(b *testing.B) {
	msg := f32Message(b, 16384)
	b.ReportAllocs()
	for b.Loop() {
		callMetadata(b, msg)
	}
}
