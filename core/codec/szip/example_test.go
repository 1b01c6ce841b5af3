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

	part := make([]byte, 3*4)
	if err := szip.DecodeRange(part, stream, p, offsets, 3*4096); err != nil {
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
