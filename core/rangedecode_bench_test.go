package core

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// Range-decode benchmarks: one 10M-value float64 object per codec, ranges
// of 10 values and of 1%, 10% and 50% of the object starting a quarter of
// the way in. A range should cost its share of a full decode plus a small
// constant; the "Full" rows give the full-decode reference. MB/s are of the
// decoded range.

const rangeBenchN = 10_000_000

type rangeBenchCase struct {
	name string
	desc func() *Descriptor
}

var rangeBenchCases = []rangeBenchCase{
	{"None", func() *Descriptor { return NewDescriptor(Float64, []uint64{rangeBenchN}) }},
	{"SP24", func() *Descriptor {
		d := NewDescriptor(Float64, []uint64{rangeBenchN})
		d.Encoding = "simple_packing"
		d.Params = map[string]any{"sp_bits_per_value": uint64(24)}
		return d
	}},
	{"SP24Szip", func() *Descriptor { return spSzipDesc(rangeBenchN, 24) }},
	{"Blosc2", func() *Descriptor {
		d := NewDescriptor(Float64, []uint64{rangeBenchN})
		d.Compression = "blosc2"
		d.Params = map[string]any{"blosc2_codec": "lz4", "blosc2_clevel": uint64(5)}
		return d
	}},
	{"ZfpRate", func() *Descriptor {
		d := NewDescriptor(Float64, []uint64{rangeBenchN})
		d.Compression = "zfp"
		d.Params = map[string]any{"zfp_mode": "fixed_rate", "zfp_rate": 16.0}
		return d
	}},
}

// rangeBenchMsgs caches one encoded message per case (encoding 10M values
// takes a while; every fraction reuses it).
var rangeBenchMsgs sync.Map

func rangeBenchMsg(b *testing.B, c rangeBenchCase) []byte {
	if m, ok := rangeBenchMsgs.Load(c.name); ok {
		return m.([]byte)
	}
	in := []EncodeInput{{Descriptor: c.desc(), Data: bigField(), DataOrder: NativeOrder}}
	msg, err := Encode(nil, in, &EncodeOptions{})
	if err != nil {
		b.Fatal(err)
	}
	rangeBenchMsgs.Store(c.name, msg)
	return msg
}

func BenchmarkDecodeRange(b *testing.B) {
	fractions := []struct {
		name  string
		count uint64
	}{{"10", 10}, {"1pct", rangeBenchN / 100}, {"10pct", rangeBenchN / 10}, {"50pct", rangeBenchN / 2}}
	for _, c := range rangeBenchCases {
		for _, f := range fractions {
			b.Run(fmt.Sprintf("%s/%s", c.name, f.name), func(b *testing.B) {
				msg := rangeBenchMsg(b, c)
				rs := []Range{{Offset: rangeBenchN / 4, Count: f.count}}
				opts := &DecodeOptions{Threads: 1}
				b.SetBytes(int64(f.count * 8))
				b.ReportAllocs()
				for b.Loop() {
					if _, err := DecodeRange(msg, 0, rs, opts); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		b.Run(c.name+"/Full", func(b *testing.B) {
			msg := rangeBenchMsg(b, c)
			opts := &DecodeOptions{Threads: 1}
			b.SetBytes(rangeBenchN * 8)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Decode(msg, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFileDecodeRange reads ranges of each case's message from a
// local file through File.DecodeRange (mapped; szip RSI starts kept).
func BenchmarkFileDecodeRange(b *testing.B) {
	for _, c := range rangeBenchCases {
		for _, count := range []uint64{10, rangeBenchN / 100} {
			b.Run(fmt.Sprintf("%s/%d", c.name, count), func(b *testing.B) {
				path := filepath.Join(b.TempDir(), "r.tgm")
				if err := os.WriteFile(path, rangeBenchMsg(b, c), 0o644); err != nil {
					b.Fatal(err)
				}
				f, err := OpenFile(path)
				if err != nil {
					b.Fatal(err)
				}
				defer f.Close()
				opts := &DecodeOptions{Threads: 1}
				b.SetBytes(int64(count * 8))
				b.ReportAllocs()
				k := uint64(0)
				for b.Loop() {
					// a different range each time, as Dask chunks are
					off := (rangeBenchN/4 + k*count*7) % (rangeBenchN - count)
					k++
					if _, err := f.DecodeRange(0, 0, []Range{{Offset: off, Count: count}}, opts); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
