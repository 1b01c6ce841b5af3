package sz3

import (
	"math"
	"math/rand"
	"os"
	"strconv"
	"syscall"
	"testing"
)

// cpuTime is the process's user and system CPU time in seconds (garbage
// collection and page faults included), which a busy machine barely
// changes, unlike wall-clock time.
func cpuTime() (user, sys float64) {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0, 0
	}
	return float64(ru.Utime.Nano()) / 1e9, float64(ru.Stime.Nano()) / 1e9
}

// reportCPU adds the CPU time per operation since (u0, s0) to b's
// results: user-ms/op and sys-ms/op.
func reportCPU(b *testing.B, u0, s0 float64) {
	u1, s1 := cpuTime()
	b.ReportMetric(1e3*(u1-u0)/float64(b.N), "user-ms/op")
	b.ReportMetric(1e3*(s1-s0)/float64(b.N), "sys-ms/op")
}

// benchLen is the benchmarks' field length: n, or SZ3_BENCH_N.
func benchLen(n int) int {
	if s := os.Getenv("SZ3_BENCH_N"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	return n
}

// benchField is a smooth field with small noise, 1M values by default.
func benchField() []float64 {
	rng := rand.New(rand.NewSource(7))
	v := make([]float64, benchLen(1<<20))
	for i := range v {
		x := float64(i)
		v[i] = 280 + 15*math.Sin(x*1e-4) + 3*math.Cos(x*0.00537) + 0.05*rng.NormFloat64()
	}
	return v
}

// randnField is the threading benchmark's sz3 input (benchmarks/benchkit):
// standard-normal float64 values, 1M by default.
func randnField() []float64 {
	rng := rand.New(rand.NewSource(11))
	v := make([]float64, benchLen(1000000))
	for i := range v {
		v[i] = rng.NormFloat64()
	}
	return v
}

func benchEncode(b *testing.B, v []float64) {
	b.SetBytes(int64(8 * len(v)))
	var out []byte
	u0, s0 := cpuTime()
	for i := 0; i < b.N; i++ {
		var err error
		if out, err = Encode(v, ModeAbs, 0.01); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, u0, s0)
	b.ReportMetric(float64(8*len(v))/float64(len(out)), "ratio")
}

func benchDecode(b *testing.B, v []float64) {
	s, err := Encode(v, ModeAbs, 0.01)
	if err != nil {
		b.Fatal(err)
	}
	dst := make([]float64, len(v))
	b.SetBytes(int64(8 * len(v)))
	b.ResetTimer()
	u0, s0 := cpuTime()
	for i := 0; i < b.N; i++ {
		if err := DecodeInto(dst, s); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, u0, s0)
}

func BenchmarkEncodeAbs001(b *testing.B)      { benchEncode(b, benchField()) }
func BenchmarkDecodeAbs001(b *testing.B)      { benchDecode(b, benchField()) }
func BenchmarkEncodeRandnAbs001(b *testing.B) { benchEncode(b, randnField()) }
func BenchmarkDecodeRandnAbs001(b *testing.B) { benchDecode(b, randnField()) }
