package simplepacking

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

func benchValues(n int) []float64 {
	rng := rand.New(rand.NewPCG(5, 6))
	vals := make([]float64, n)
	x := 270.0
	for i := range vals {
		x += rng.NormFloat64() * 0.1
		vals[i] = x
	}
	return vals
}

func BenchmarkEncode(b *testing.B) {
	for _, n := range []int{1 << 20, 10 << 20} {
		vals := benchValues(n)
		for _, bits := range []uint32{12, 16, 24} {
			p, _ := ComputeParams(vals, bits, 0)
			for _, th := range []int{1, 2} {
				b.Run(fmt.Sprintf("n=%dM/bits=%d/threads=%d", n>>20, bits, th), func(b *testing.B) {
					b.SetBytes(int64(8 * n))
					for i := 0; i < b.N; i++ {
						if _, err := Encode(vals, p, WithThreads(th)); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		}
	}
}

func BenchmarkDecode(b *testing.B) {
	for _, n := range []int{1 << 20, 10 << 20} {
		vals := benchValues(n)
		for _, bits := range []uint32{12, 16, 24} {
			p, _ := ComputeParams(vals, bits, 0)
			packed, _ := Encode(vals, p)
			dst := make([]float64, n)
			for _, th := range []int{1, 2} {
				b.Run(fmt.Sprintf("n=%dM/bits=%d/threads=%d", n>>20, bits, th), func(b *testing.B) {
					b.SetBytes(int64(8 * n))
					for i := 0; i < b.N; i++ {
						if err := DecodeInto(dst, packed, p, WithThreads(th)); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		}
	}
}

func BenchmarkComputeParams(b *testing.B) {
	vals := benchValues(1 << 20)
	b.SetBytes(8 << 20)
	for i := 0; i < b.N; i++ {
		if _, err := ComputeParams(vals, 24, 0); err != nil {
			b.Fatal(err)
		}
	}
}
