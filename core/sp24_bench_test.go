package core

import (
	"encoding/binary"
	"math"
	"math/rand"
	"testing"
)

// BenchmarkEncode2MFloat64SP24SzipExplicit is the Python workload of the
// sp24+szip comparison with upstream: 2M float64, parameters given
// explicitly (compute_packing_params), hashing on, one thread.
func BenchmarkEncode2MFloat64SP24SzipExplicit(b *testing.B) {
	const n = 2_000_000
	data := smoothField(n)
	d := spSzipDesc(n, 24)
	if err := resolveSimplePacking(Float64, d.Params, data, NativeOrder); err != nil {
		b.Fatal(err)
	}
	in := []EncodeInput{{Descriptor: d, Data: data, DataOrder: NativeOrder}}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Encode(nil, in, &EncodeOptions{Threads: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

// randnField is n float64 values of a seeded standard normal distribution
// (the benchmarks' randn input), native byte order.
func randnField(n int) []byte {
	r := rand.New(rand.NewSource(1))
	out := make([]byte, 8*n)
	for i := range n {
		binary.NativeEndian.PutUint64(out[8*i:], math.Float64bits(r.NormFloat64()))
	}
	return out
}

// sp24SzipRandn is the explicit-parameter input of bench_threading.py's
// sp24+szip rows: 2M random normal float64.
func sp24SzipRandn(b *testing.B) []EncodeInput {
	const n = 2_000_000
	data := randnField(n)
	d := spSzipDesc(n, 24)
	if err := resolveSimplePacking(Float64, d.Params, data, NativeOrder); err != nil {
		b.Fatal(err)
	}
	return []EncodeInput{{Descriptor: d, Data: data, DataOrder: NativeOrder}}
}

// BenchmarkEncode2MRandnSP24Szip encodes bench_threading.py's sp24+szip
// input (random normal values: large residuals, split parameters near 20),
// hashing on, one thread.
func BenchmarkEncode2MRandnSP24Szip(b *testing.B) {
	in := sp24SzipRandn(b)
	b.SetBytes(int64(len(in[0].Data)))
	for b.Loop() {
		if _, err := Encode(nil, in, &EncodeOptions{Threads: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeInto2MRandnSP24Szip decodes that message into a caller
// buffer (the Python path: the fused szip → simple_packing decode), one
// thread, hash not verified.
func BenchmarkDecodeInto2MRandnSP24Szip(b *testing.B) {
	in := sp24SzipRandn(b)
	msg, err := Encode(nil, in, nil)
	if err != nil {
		b.Fatal(err)
	}
	dst := make([]byte, len(in[0].Data))
	opts := &DecodeOptions{Threads: 1}
	b.SetBytes(int64(len(dst)))
	for b.Loop() {
		_, ov, err := ParseObject(msg, 0, false)
		if err != nil {
			b.Fatal(err)
		}
		if err := ov.DecodeInto(dst, opts); err != nil {
			b.Fatal(err)
		}
	}
}
