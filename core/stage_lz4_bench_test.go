//go:build unix

package core

import (
	"syscall"
	"testing"
)

// Parallel lz4 benchmarks of bench_threading.py's rows "Decode / Encode (1M
// float32, none+lz4)" (randn: one literal run per payload). Run with -cpu 1,2:
// besides wall time per call they report cpu-us/op, the process's CPU time
// per call, which a second thread must not raise and which a loaded machine
// disturbs far less than wall time.

// processCPU returns the user+system CPU time of the process in ns.
func processCPU() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// runParallelCPU runs body from GOMAXPROCS goroutines like b.RunParallel
// and reports the CPU time per call.
func runParallelCPU(b *testing.B, body func(pb *testing.PB)) {
	b.ReportAllocs()
	b.ResetTimer()
	c0 := processCPU()
	b.RunParallel(body)
	b.ReportMetric(float64(processCPU()-c0)/float64(b.N)/1e3, "cpu-us/op")
}

// BenchmarkParallelDecodeInto1MFloat32LZ4: parse + DecodeInto a reused
// buffer per goroutine.
func BenchmarkParallelDecodeInto1MFloat32LZ4(b *testing.B) {
	d := NewDescriptor(Float32, []uint64{1_000_000})
	d.Compression = "lz4"
	benchParallelDecodeCPU(b, d, randnFloat32(1_000_000))
}

// benchParallelDecodeCPU is benchDecodeIntoDesc reporting the CPU time per
// call.
func benchParallelDecodeCPU(b *testing.B, d *Descriptor, data []byte) {
	msg, err := Encode(nil, []EncodeInput{{Descriptor: d, Data: data, DataOrder: NativeOrder}}, &EncodeOptions{NoHash: true})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	runParallelCPU(b, func(pb *testing.PB) {
		dst := make([]byte, len(data))
		for pb.Next() {
			mv, err := ParseMessageRaw(msg, false)
			if err == nil {
				err = mv.Objects[0].DecodeInto(dst, nil)
			}
			if err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkParallelEncode1MFloat32LZ4: Encode (hash included, as the
// Python API does by default) from each goroutine.
func BenchmarkParallelEncode1MFloat32LZ4(b *testing.B) { benchParallelEncode(b, "lz4") }

// BenchmarkParallelEncode1MFloat32NoneCPU is the same without compression:
// the control for what a second thread costs the rest of Encode.
func BenchmarkParallelEncode1MFloat32NoneCPU(b *testing.B) { benchParallelEncode(b, "none") }

func benchParallelEncode(b *testing.B, comp string) {
	data := randnFloat32(1_000_000)
	d := NewDescriptor(Float32, []uint64{1_000_000})
	d.Compression = comp
	in := []EncodeInput{{Descriptor: d, Data: data, DataOrder: NativeOrder}}
	b.SetBytes(int64(len(data)))
	runParallelCPU(b, func(pb *testing.PB) {
		for pb.Next() {
			if _, err := Encode(nil, in, nil); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkParallelDecodeInto1MFloat64Blosc2LZ4: the "Decode (1M float64,
// blosc2 lz4 clevel 5)" row (randn), with the CPU time per call.
func BenchmarkParallelDecodeInto1MFloat64Blosc2LZ4(b *testing.B) {
	d := NewDescriptor(Float64, []uint64{1_000_000})
	d.Compression = "blosc2"
	d.Params = map[string]any{"blosc2_codec": "lz4", "blosc2_clevel": uint64(5)}
	benchParallelDecodeCPU(b, d, randnFloat64(1_000_000))
}
