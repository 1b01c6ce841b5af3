package blosc2

import (
	"encoding/binary"
	"fmt"
	"math"
	"testing"
)

// benchInput is 1M float64 of a smooth field with a little noise in the
// low mantissa bits (the shape of typical model output).
func benchInput() []byte {
	b := make([]byte, 8<<20)
	for i := 0; i < 1<<20; i++ {
		v := 280 + 15*math.Sin(float64(i)/500) + 3*math.Cos(float64(i)/37)
		binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(float32Round(v)))
	}
	return b
}

// float32Round keeps float32 precision, leaving low mantissa bytes zero.
func float32Round(v float64) float64 { return float64(float32(v)) }

func BenchmarkBlosc2(b *testing.B) {
	src := benchInput()
	for _, c := range []Codec{LZ4, Zstd, BloscLZ} {
		for _, th := range []int{1, 2} {
			p := Params{Codec: c, Clevel: 5, Typesize: 8, Threads: th}
			frame, err := Encode(src, p)
			if err != nil {
				b.Fatal(err)
			}
			b.Run(fmt.Sprintf("encode/%v/threads=%d", c, th), func(b *testing.B) {
				b.SetBytes(int64(len(src)))
				for i := 0; i < b.N; i++ {
					if _, err := Encode(src, p); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(len(src))/float64(len(frame)), "ratio")
			})
			b.Run(fmt.Sprintf("decode/%v/threads=%d", c, th), func(b *testing.B) {
				dst := make([]byte, len(src))
				b.SetBytes(int64(len(src)))
				for i := 0; i < b.N; i++ {
					if err := DecodeInto(dst, frame, WithThreads(th)); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

func BenchmarkUnshuffle8(b *testing.B) {
	src := benchInput()[:512<<10]
	dst := make([]byte, len(src))
	b.SetBytes(int64(len(src)))
	for i := 0; i < b.N; i++ {
		unshuffle(dst, src, 8)
	}
}

func BenchmarkLZ4Stream(b *testing.B) {
	src := benchInput()[:64<<10]
	shuffled := make([]byte, len(src))
	shuffle(shuffled, src, 8)
	p := Params{Codec: LZ4, Clevel: 5, Typesize: 8}
	enc, ok, _ := compressStream(nil, shuffled[7*8192:], &p)
	if !ok {
		b.Skip("incompressible")
	}
	dst := make([]byte, 8192)
	b.SetBytes(8192)
	for i := 0; i < b.N; i++ {
		if err := decompressStream(codeLZ4, dst, enc); err != nil {
			b.Fatal(err)
		}
	}
}
