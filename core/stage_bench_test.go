package core

import (
	"encoding/binary"
	"math"
	"sync"
	"testing"
)

// End-to-end codec benchmarks (Encode / Decode through the pipeline
// registry). MB/s are of the raw tensor bytes.

var bigField = sync.OnceValue(func() []byte { return smoothField(10_000_000) })

func float32Field(n int) []byte {
	out := make([]byte, 4*n)
	for i := 0; i < n; i++ {
		// quantised to 1/64 so low mantissa bits are zero (compressible)
		v := float32(math.Round((280+15*math.Sin(float64(i)/500)+3*math.Cos(float64(i)/37))*64) / 64)
		binary.NativeEndian.PutUint32(out[4*i:], math.Float32bits(v))
	}
	return out
}

func benchStageEncode(b *testing.B, d *Descriptor, data []byte, threads int) {
	in := []EncodeInput{{Descriptor: d, Data: data, DataOrder: NativeOrder}}
	opts := &EncodeOptions{Threads: threads, NoHash: true}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Encode(nil, in, opts); err != nil {
			b.Fatal(err)
		}
	}
}

func benchStageDecode(b *testing.B, d *Descriptor, data []byte, threads int) {
	msg, err := Encode(nil, []EncodeInput{{Descriptor: d, Data: data, DataOrder: NativeOrder}}, &EncodeOptions{NoHash: true})
	if err != nil {
		b.Fatal(err)
	}
	opts := &DecodeOptions{Threads: threads}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Decode(msg, opts); err != nil {
			b.Fatal(err)
		}
	}
}

func f32Desc(comp string) *Descriptor {
	d := NewDescriptor(Float32, []uint64{1 << 20})
	d.Compression = comp
	return d
}

// BenchmarkEncode10MFloat64SP24SzipT1: 10M float64, simple_packing 24 bits + szip, 1 thread.
func BenchmarkEncode10MFloat64SP24SzipT1(b *testing.B) {
	benchStageEncode(b, spSzipDesc(10_000_000, 24), bigField(), 1)
}

// BenchmarkEncode10MFloat64SP24SzipT2 is the same with 2 threads.
func BenchmarkEncode10MFloat64SP24SzipT2(b *testing.B) {
	benchStageEncode(b, spSzipDesc(10_000_000, 24), bigField(), 2)
}

// BenchmarkDecode10MFloat64SP24SzipT1 decodes the 10M-value message, 1 thread.
func BenchmarkDecode10MFloat64SP24SzipT1(b *testing.B) {
	benchStageDecode(b, spSzipDesc(10_000_000, 24), bigField(), 1)
}

// BenchmarkDecode10MFloat64SP24SzipT2 decodes it with 2 threads.
func BenchmarkDecode10MFloat64SP24SzipT2(b *testing.B) {
	benchStageDecode(b, spSzipDesc(10_000_000, 24), bigField(), 2)
}

// BenchmarkEncode1MFloat32Zstd: 1M float32 with zstd (level 3).
func BenchmarkEncode1MFloat32Zstd(b *testing.B) {
	benchStageEncode(b, f32Desc("zstd"), float32Field(1<<20), 0)
}

// BenchmarkDecode1MFloat32Zstd decodes it.
func BenchmarkDecode1MFloat32Zstd(b *testing.B) {
	benchStageDecode(b, f32Desc("zstd"), float32Field(1<<20), 0)
}

// BenchmarkEncode1MFloat32LZ4: 1M float32 with lz4.
func BenchmarkEncode1MFloat32LZ4(b *testing.B) {
	benchStageEncode(b, f32Desc("lz4"), float32Field(1<<20), 0)
}

// BenchmarkDecode1MFloat32LZ4 decodes it.
func BenchmarkDecode1MFloat32LZ4(b *testing.B) {
	benchStageDecode(b, f32Desc("lz4"), float32Field(1<<20), 0)
}
