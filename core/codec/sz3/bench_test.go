package sz3

import (
	"math"
	"math/rand"
	"os"
	"strconv"
	"testing"
)

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
	for i := 0; i < b.N; i++ {
		var err error
		if out, err = Encode(v, ModeAbs, 0.01); err != nil {
			b.Fatal(err)
		}
	}
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
	for i := 0; i < b.N; i++ {
		if err := DecodeInto(dst, s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeAbs001(b *testing.B)      { benchEncode(b, benchField()) }
func BenchmarkDecodeAbs001(b *testing.B)      { benchDecode(b, benchField()) }
func BenchmarkEncodeRandnAbs001(b *testing.B) { benchEncode(b, randnField()) }
func BenchmarkDecodeRandnAbs001(b *testing.B) { benchDecode(b, randnField()) }
