package szip_test

import (
	"fmt"

	"github.com/tensogram-go/tensogram-go/core/codec/szip"
)

// Encoding 24-bit samples the way Tensogram's simple_packing + szip
// pipeline does (szip_flags 8, plus the implied MSB and 3-byte flags),
// then reading part of them back through the RSI offsets.
func Example() {
	p := szip.Params{
		BitsPerSample: 24,
		BlockSize:     16,
		RSI:           128,
		Flags:         szip.FlagPreprocess | szip.FlagMSB | szip.Flag3Byte,
	}
	samples := make([]byte, 3*5000)
	for i := 0; i < 5000; i++ {
		v := uint32(100000 + 7*i)
		samples[3*i], samples[3*i+1], samples[3*i+2] = byte(v>>16), byte(v>>8), byte(v)
	}
	stream, offsets, err := szip.Encode(samples, p)
	if err != nil {
		panic(err)
	}
	fmt.Println("RSIs:", len(offsets), "first offsets:", offsets[:2])

	// starts keeps the RSI starts scanned for this stream, so a second
	// range scans no RSI twice.
	var starts szip.RSIStarts
	part := make([]byte, 3*4)
	if err := szip.DecodeRange(part, stream, p, offsets, 3*4096, szip.WithRSIStarts(&starts)); err != nil {
		panic(err)
	}
	fmt.Printf("samples 4096..4099: % x\n", part)

	all := make([]byte, len(samples))
	if err := szip.Decode(all, stream, p, szip.WithThreads(2), szip.WithOffsets(offsets)); err != nil {
		panic(err)
	}
	fmt.Println("round trip ok:", string(all) == string(samples))
	// Output:
	// RSIs: 3 first offsets: [0 10899]
	// samples 4096..4099: 01 f6 a0 01 f6 a7 01 f6 ae 01 f6 b5
	// round trip ok: true
}

// Offsets: WithLibaecOffsets returns the table upstream Tensogram stores
// (libaec's, which can hold defective entries), ScanOffsets the true RSI
// starts, DefectiveOffsets the entries of a stored table that are wrong;
// WithTrustedOffsets lets DecodeRange seek straight to a checked offset.
// AppendEncode reuses an output buffer.
func Example_offsets() {
	p := szip.Params{BitsPerSample: 16, BlockSize: 8, RSI: 4, Flags: szip.FlagMSB}
	if err := p.Validate(); err != nil {
		panic(err)
	}
	n := 4 * p.RSISamples()
	samples := make([]byte, p.SampleWidth()*n)
	for i := range n {
		samples[2*i], samples[2*i+1] = byte(i>>3), byte(i*5)
	}
	stream, libaec, err := szip.AppendEncode(nil, samples, p, szip.WithLibaecOffsets())
	if err != nil {
		panic(err)
	}
	trueOffsets, err := szip.ScanOffsets(stream, p, n)
	if err != nil {
		panic(err)
	}
	bad, err := szip.DefectiveOffsets(stream, p, libaec, n)
	if err != nil {
		panic(err)
	}
	part := make([]byte, 4)
	if err := szip.DecodeRange(part, stream, p, trueOffsets, 2*70, szip.WithTrustedOffsets()); err != nil {
		panic(err)
	}
	fmt.Println(p.RSISamples(), p.SampleWidth(), len(trueOffsets), len(bad), part)
	// Output:
	// 32 2 4 0 [8 94 8 99]
}

// EncodeFrom takes the samples from a function instead of a byte buffer
// and DecodeTo hands them to one, so a producer or consumer of samples
// (Tensogram's fused simple_packing path) needs no intermediate buffer;
// DecodeRangeTo does the same for a range of samples.
func Example_samples() {
	p := szip.Params{BitsPerSample: 12, BlockSize: 16, RSI: 8, Flags: szip.FlagPreprocess}
	const n = 1000
	stream, offsets, err := szip.EncodeFrom(func(first int, x []uint32) {
		for i := range x {
			x[i] = uint32((first + i) % 4096)
		}
	}, n, p)
	if err != nil {
		panic(err)
	}
	var sum, count int
	err = szip.DecodeTo(func(first int, x []uint32) {
		for _, v := range x {
			sum += int(v)
		}
		count += len(x)
	}, n, stream, p)
	if err != nil {
		panic(err)
	}
	var part []uint32
	err = szip.DecodeRangeTo(func(first int, x []uint32) {
		part = append(part, x...)
	}, 500, 3, stream, p, offsets)
	if err != nil {
		panic(err)
	}
	fmt.Println(count, sum, len(offsets), part)
	// Output:
	// 1000 499500 8 [500 501 502]
}
