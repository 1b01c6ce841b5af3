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
	rc := tg_decode_range((*_Ctype_uint8_t)(unsafe.Pointer(&msg[0])), _Ctype_size_t(len(msg)), 0,
		(*_Ctype_uint64_t)(unsafe.Pointer(&ranges[0])), _Ctype_size_t(len(ranges)/2), 0, o, &r, &e)
	if rc != 0 {
		tb.Fatalf("tg_decode_range: status %d", rc)
	}
	freeResult(&r)
}

// callDecode runs tg_decode on msg and frees the result.
func callDecode(tb testing.TB, msg []byte, o *_Ctype_tg_decode_opts) {
	var r _Ctype_tg_result
	var e _Ctype_tg_error
	if rc := tg_decode((*_Ctype_uint8_t)(unsafe.Pointer(&msg[0])), _Ctype_size_t(len(msg)), o, &r, &e); rc != 0 {
		tb.Fatalf("tg_decode: status %d", rc)
	}
	freeResult(&r)
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

func BenchmarkCDecodeRange2x1K(b *testing.B) {
	msg, o := f32Message(b, 1_000_000), shimOpts()
	b.ReportAllocs()
	for b.Loop() {
		callRange(b, msg, benchRanges, &o)
	}
}

func BenchmarkCDecode64K(b *testing.B) {
	msg, o := f32Message(b, 16384), shimOpts()
	b.ReportAllocs()
	for b.Loop() {
		callDecode(b, msg, &o)
	}
}

func BenchmarkCDecodeMetadata64K(b *testing.B) {
	msg := f32Message(b, 16384)
	b.ReportAllocs()
	for b.Loop() {
		callMetadata(b, msg)
	}
}
