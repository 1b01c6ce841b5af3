package core

import "testing"

// Parallel blosc2 encode benchmarks of 1M float64 randn at clevel 5
// (bench_threading.py's blosc2 rows; the decode one is in
// stage_lz4_bench_test.go), from GOMAXPROCS goroutines: run with -cpu 1,2
// and compare cpu-ns/op to see what a second thread adds.

// BenchmarkParallelEncode1MFloat64Blosc2LZ4: the "Encode (1M float64,
// blosc2 lz4 clevel 5)" row.
func BenchmarkParallelEncode1MFloat64Blosc2LZ4(b *testing.B) {
	benchParallelEncodeDesc(b, blosc2Desc(1_000_000, "lz4"), randnFloat64(1_000_000))
}

// BenchmarkParallelEncode1MFloat64Blosc2Zstd: the "Encode (1M float64,
// blosc2 zstd clevel 5)" row.
func BenchmarkParallelEncode1MFloat64Blosc2Zstd(b *testing.B) {
	benchParallelEncodeDesc(b, blosc2Desc(1_000_000, "zstd"), randnFloat64(1_000_000))
}

// benchParallelEncodeDesc measures Encode of one object of data described
// by d from GOMAXPROCS goroutines.
func benchParallelEncodeDesc(b *testing.B, d *Descriptor, data []byte) {
	in := []EncodeInput{{Descriptor: d, Data: data, DataOrder: NativeOrder}}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	defer reportCPUPerOp(b)()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := Encode(nil, in, nil); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
