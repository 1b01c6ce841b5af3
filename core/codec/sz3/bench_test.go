package sz3

import (
	"math"
	"math/rand"
	"os"
	"strconv"
	"testing"
)

// benchField is a smooth field with small noise, n values (SZ3_BENCH_N
// overrides the default 1M).
func benchField(b *testing.B) []float64 {
	n := 1 << 20
	if s := os.Getenv("SZ3_BENCH_N"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	rng := rand.New(rand.NewSource(7))
	v := make([]float64, n)
	for i := range v {
		x := float64(i)
		v[i] = 280 + 15*math.Sin(x*1e-4) + 3*math.Cos(x*0.00537) + 0.05*rng.NormFloat64()
	}
	return v
}

func BenchmarkEncodeAbs001(b *testing.B) {
	v := benchField(b)
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

func BenchmarkDecodeAbs001(b *testing.B) {
	v := benchField(b)
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

// randnField is the benchmark script's sz3 input: n standard-normal
// float64 values (SZ3_BENCH_N overrides the default 1M).
func randnField(b *testing.B) []float64 {
	n := 1000000
	if s := os.Getenv("SZ3_BENCH_N"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	rng := rand.New(rand.NewSource(11))
	v := make([]float64, n)
	for i := range v {
		v[i] = rng.NormFloat64()
	}
	return v
}

func BenchmarkEncodeRandnAbs001(b *testing.B) {
	v := randnField(b)
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

func BenchmarkDecodeRandnAbs001(b *testing.B) {
	v := randnField(b)
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
