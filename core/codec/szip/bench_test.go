package szip

import (
	"fmt"
	"math"
	"sync"
	"testing"
)

// headlineParams is upstream's headline configuration: simple_packing
// 24-bit + szip rsi 128, block 16, szip_flags 8 (effective 8|4|2).
var headlineParams = Params{BitsPerSample: 24, BlockSize: 16, RSI: 128, Flags: FlagPreprocess | FlagMSB | Flag3Byte}

var fieldCache sync.Map

// smoothField24 returns n samples of a smooth, slightly noisy field
// quantised to 24 bits like simple_packing does (big-endian 3-byte).
func smoothField24(n int) []byte {
	if v, ok := fieldCache.Load(n); ok {
		return v.([]byte)
	}
	vals := make([]float64, n)
	lo, hi := math.Inf(1), math.Inf(-1)
	seed := uint64(12345)
	for i := range vals {
		seed = seed*6364136223846793005 + 1442695040888963407
		noise := float64(seed>>40)/float64(1<<24) - 0.5
		x := float64(i) / 997
		v := 250 + 30*math.Sin(x)*math.Cos(0.37*x) + 5*math.Sin(float64(i)/31) + 0.02*noise
		vals[i] = v
		lo, hi = min(lo, v), max(hi, v)
	}
	scale := float64(1<<24-1) / (hi - lo)
	out := make([]byte, 3*n)
	for i, v := range vals {
		q := uint32(math.Round((v - lo) * scale))
		out[3*i], out[3*i+1], out[3*i+2] = byte(q>>16), byte(q>>8), byte(q)
	}
	fieldCache.Store(n, out)
	return out
}

func benchSizes() []int { return []int{1_000_000, 10_000_000} }

func BenchmarkEncode(b *testing.B) {
	for _, n := range benchSizes() {
		in := smoothField24(n)
		for _, th := range []int{1, 2} {
			b.Run(fmt.Sprintf("n=%dM/threads=%d", n/1_000_000, th), func(b *testing.B) {
				b.SetBytes(int64(len(in)))
				b.ReportAllocs()
				var out []byte
				for b.Loop() {
					var err error
					out, _, err = Encode(in, headlineParams, WithThreads(th))
					if err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(len(out))/float64(len(in)), "ratio")
			})
		}
	}
}

// BenchmarkAppendEncode reuses the output buffer, like a caller that
// encodes many objects.
func BenchmarkAppendEncode(b *testing.B) {
	for _, n := range benchSizes() {
		in := smoothField24(n)
		b.Run(fmt.Sprintf("n=%dM/threads=1", n/1_000_000), func(b *testing.B) {
			buf := make([]byte, 0, len(in)+4096)
			b.SetBytes(int64(len(in)))
			b.ReportAllocs()
			for b.Loop() {
				var err error
				if buf, _, err = AppendEncode(buf[:0], in, headlineParams); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkDecode(b *testing.B) {
	for _, n := range benchSizes() {
		in := smoothField24(n)
		enc, offs, err := Encode(in, headlineParams)
		if err != nil {
			b.Fatal(err)
		}
		dst := make([]byte, len(in))
		for _, th := range []int{1, 2} {
			b.Run(fmt.Sprintf("n=%dM/threads=%d", n/1_000_000, th), func(b *testing.B) {
				b.SetBytes(int64(len(in)))
				b.ReportAllocs()
				for b.Loop() {
					if err := Decode(dst, enc, headlineParams, WithThreads(th), WithOffsets(offs)); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

func BenchmarkScanOffsets(b *testing.B) {
	in := smoothField24(1_000_000)
	enc, _, err := Encode(in, headlineParams)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, err := ScanOffsets(enc, headlineParams, 1_000_000); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeRange(b *testing.B) {
	in := smoothField24(1_000_000)
	enc, offs, err := Encode(in, headlineParams)
	if err != nil {
		b.Fatal(err)
	}
	dst := make([]byte, 3*4096)
	off := 3 * 900_000
	for _, trust := range []bool{false, true} {
		b.Run(fmt.Sprintf("trusted=%v", trust), func(b *testing.B) {
			var opts []Option
			if trust {
				opts = append(opts, WithTrustedOffsets())
			}
			b.SetBytes(int64(len(dst)))
			for b.Loop() {
				if err := DecodeRange(dst, enc, headlineParams, offs, off, opts...); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
