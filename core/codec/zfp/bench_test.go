package zfp

import (
	"encoding/binary"
	"fmt"
	"math"
	"testing"
)

// Benchmarks on 1M float64 (8 MB), MB/s of uncompressed data.

const benchN = 1 << 20

// benchKind is the data the benchmarks code (see genData).
var benchKind = "smooth"

var benchModes = []Params{
	{Mode: FixedRate, Rate: 8},
	{Mode: FixedRate, Rate: 16},
	{Mode: FixedRate, Rate: 32},
	{Mode: FixedPrecision, Precision: 32},
	{Mode: FixedAccuracy, Tolerance: 1e-6},
}

func benchName(p Params) string {
	switch p.Mode {
	case FixedRate:
		return fmt.Sprintf("rate=%v", p.Rate)
	case FixedPrecision:
		return fmt.Sprintf("precision=%d", p.Precision)
	}
	return fmt.Sprintf("tolerance=%v", p.Tolerance)
}

func benchInput() []byte {
	vals := genData(benchKind, benchN, 1)
	raw := make([]byte, 8*len(vals))
	for i, v := range vals {
		binary.LittleEndian.PutUint64(raw[8*i:], math.Float64bits(v))
	}
	return raw
}

func BenchmarkEncode(b *testing.B) {
	raw := benchInput()
	for _, p := range benchModes {
		b.Run(benchName(p), func(b *testing.B) {
			b.SetBytes(int64(len(raw)))
			for b.Loop() {
				if _, err := EncodeBytes(raw, binary.LittleEndian, p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkDecode(b *testing.B) {
	raw := benchInput()
	for _, p := range benchModes {
		b.Run(benchName(p), func(b *testing.B) {
			stream, err := EncodeBytes(raw, binary.LittleEndian, p)
			if err != nil {
				b.Fatal(err)
			}
			out := make([]byte, len(raw))
			b.SetBytes(int64(len(raw)))
			for b.Loop() {
				if err := DecodeBytes(out, stream, binary.LittleEndian, p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDecodeRangeFixedRate decodes 1000 values from the middle of the
// field: only the blocks touched are read.
func BenchmarkDecodeRangeFixedRate(b *testing.B) {
	raw := benchInput()
	p := Params{Mode: FixedRate, Rate: 16}
	stream, _ := EncodeBytes(raw, binary.LittleEndian, p)
	out := make([]byte, 8000)
	b.SetBytes(int64(len(out)))
	for b.Loop() {
		if err := DecodeRangeBytes(out, stream, benchN, benchN/2+1, binary.LittleEndian, p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkThreadsFixedRate codes the field with 2 goroutines.
func BenchmarkThreadsFixedRate(b *testing.B) {
	raw := benchInput()
	p := Params{Mode: FixedRate, Rate: 16}
	stream, _ := EncodeBytes(raw, binary.LittleEndian, p)
	out := make([]byte, len(raw))
	b.Run("encode", func(b *testing.B) {
		b.SetBytes(int64(len(raw)))
		for b.Loop() {
			if _, err := EncodeBytes(raw, binary.LittleEndian, p, WithThreads(2)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decode", func(b *testing.B) {
		b.SetBytes(int64(len(raw)))
		for b.Loop() {
			if err := DecodeBytes(out, stream, binary.LittleEndian, p, WithThreads(2)); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkRandn codes the Python benchmark's zfp row: 1M float64 drawn
// from a standard normal distribution, FixedRate 16, one goroutine.
func BenchmarkRandn(b *testing.B) {
	vals := genData("noisy", 1_000_000, 1)
	raw := make([]byte, 8*len(vals))
	for i, v := range vals {
		binary.LittleEndian.PutUint64(raw[8*i:], math.Float64bits(v/1e3))
	}
	p := Params{Mode: FixedRate, Rate: 16}
	stream, err := EncodeBytes(raw, binary.LittleEndian, p)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("encode", func(b *testing.B) {
		b.SetBytes(int64(len(raw)))
		for b.Loop() {
			if _, err := EncodeBytes(raw, binary.LittleEndian, p); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decode", func(b *testing.B) {
		out := make([]byte, len(raw))
		b.SetBytes(int64(len(raw)))
		for b.Loop() {
			if err := DecodeBytes(out, stream, binary.LittleEndian, p); err != nil {
				b.Fatal(err)
			}
		}
	})
}
