package core

import (
	"encoding/binary"
	"math"
	"math/rand"
	"syscall"
	"testing"
)

// reportCPUPerOp resets the benchmark timer and returns a function that
// reports the process CPU time (user + system) per operation since then:
// on a busy machine the cost of a call, where ns/op is the wall clock.
func reportCPUPerOp(b *testing.B) func() {
	cpu := func() int64 {
		var ru syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
			return 0
		}
		return ru.Utime.Nano() + ru.Stime.Nano()
	}
	b.ResetTimer()
	t0 := cpu()
	return func() { b.ReportMetric(float64(cpu()-t0)/float64(b.N), "cpu-ns/op") }
}

// Parallel decode benchmarks of 1M float32 randn (bench_threading.py's
// "Decode (1M float32, none+zstd)" row) against the all-"none" pipeline of
// the same data: run with -cpu 1,2 to see how each path scales.

func randnFloat32(n int) []byte {
	r := rand.New(rand.NewSource(1))
	out := make([]byte, 4*n)
	for i := 0; i < n; i++ {
		binary.NativeEndian.PutUint32(out[4*i:], math.Float32bits(float32(r.NormFloat64())))
	}
	return out
}

func benchParallelDecodeInto(b *testing.B, comp string) {
	d := NewDescriptor(Float32, []uint64{1_000_000})
	d.Compression = comp
	benchDecodeIntoDesc(b, d, randnFloat32(1_000_000))
}

// BenchmarkParallelDecodeInto1MFloat32Zstd: none+zstd, DecodeInto a reused buffer.
func BenchmarkParallelDecodeInto1MFloat32Zstd(b *testing.B) { benchParallelDecodeInto(b, "zstd") }

// BenchmarkParallelDecodeInto1MFloat32None: the all-"none" pipeline, same data.
func BenchmarkParallelDecodeInto1MFloat32None(b *testing.B) { benchParallelDecodeInto(b, "none") }

func randnFloat64(n int) []byte {
	r := rand.New(rand.NewSource(1))
	out := make([]byte, 8*n)
	for i := 0; i < n; i++ {
		binary.NativeEndian.PutUint64(out[8*i:], math.Float64bits(r.NormFloat64()))
	}
	return out
}

// benchDecodeIntoDesc measures parse + DecodeInto of data encoded with d
// from GOMAXPROCS goroutines, each into its own reused destination.
func benchDecodeIntoDesc(b *testing.B, d *Descriptor, data []byte) {
	msg, err := Encode(nil, []EncodeInput{{Descriptor: d, Data: data, DataOrder: NativeOrder}}, &EncodeOptions{NoHash: true})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	defer reportCPUPerOp(b)()
	b.RunParallel(func(pb *testing.PB) {
		dst := make([]byte, len(data))
		for pb.Next() {
			mv, err := ParseMessageRaw(msg, false)
			if err != nil {
				b.Error(err)
				return
			}
			if err := mv.Objects[0].DecodeInto(dst, nil); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkParallelDecodeInto1MFloat64SP24Zstd: bench_threading.py's
// "Decode (1M float64, simple_packing+zstd)" row (randn, 24 bits).
func BenchmarkParallelDecodeInto1MFloat64SP24Zstd(b *testing.B) {
	d := NewDescriptor(Float64, []uint64{1_000_000})
	d.Encoding, d.Compression = "simple_packing", "zstd"
	d.Params = map[string]any{"sp_bits_per_value": uint64(24)}
	benchDecodeIntoDesc(b, d, randnFloat64(1_000_000))
}

// BenchmarkParallelDecodeInto1MFloat64Blosc2Zstd: the "Decode (1M float64,
// blosc2 zstd clevel 5)" row (randn).
func BenchmarkParallelDecodeInto1MFloat64Blosc2Zstd(b *testing.B) {
	d := NewDescriptor(Float64, []uint64{1_000_000})
	d.Compression = "blosc2"
	d.Params = map[string]any{"blosc2_codec": "zstd", "blosc2_clevel": uint64(5)}
	benchDecodeIntoDesc(b, d, randnFloat64(1_000_000))
}

// BenchmarkParallelEncode1MFloat32Zstd: the "Encode (1M float32,
// none+zstd)" row (randn), from GOMAXPROCS goroutines.
func BenchmarkParallelEncode1MFloat32Zstd(b *testing.B) {
	d := NewDescriptor(Float32, []uint64{1_000_000})
	d.Compression = "zstd"
	benchParallelEncodeDesc(b, d, randnFloat32(1_000_000))
}
