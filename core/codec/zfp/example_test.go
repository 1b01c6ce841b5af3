package zfp_test

import (
	"encoding/binary"
	"fmt"
	"log"
	"math"

	"github.com/tensogram-go/tensogram-go/core/codec/zfp"
)

// Compress at a fixed rate of 16 bits per value: every block has the same
// size (MaxSize bounds the stream before encoding) and DecodeRange decodes only the blocks a
// range touches. FixedAccuracy bounds the absolute error instead.
func Example() {
	vals := make([]float64, 1024)
	for i := range vals {
		vals[i] = math.Cos(float64(i) / 50)
	}
	rate := zfp.Params{Mode: zfp.FixedRate, Rate: 16}
	stream, err := zfp.Encode(vals, rate)
	if err != nil {
		log.Fatal(err)
	}
	size, _ := zfp.MaxSize(uint64(len(vals)), rate)
	part := make([]float64, 4)
	if err := zfp.DecodeRange(part, stream, uint64(len(vals)), 100, rate); err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(stream), uint64(len(stream)) <= size, math.Abs(part[0]-vals[100]) < 1e-3)

	acc := zfp.Params{Mode: zfp.FixedAccuracy, Tolerance: 1e-6}
	stream, err = zfp.Encode(vals, acc)
	if err != nil {
		log.Fatal(err)
	}
	back := make([]float64, len(vals))
	if err := zfp.Decode(back, stream, acc); err != nil {
		log.Fatal(err)
	}
	worst := 0.0
	for i := range back {
		worst = math.Max(worst, math.Abs(back[i]-vals[i]))
	}
	fmt.Println(worst <= 1e-6)
	// Output:
	// 2048 true true
	// true
}

// The byte forms work on float64 data stored in a given byte order (as a
// Tensogram payload is); ParseMode maps the zfp_mode names, CheckStream
// rejects a stream that cannot hold the field before anything is
// allocated, and BlockBits gives the fixed block size of FixedRate.
func Example_bytes() {
	mode, ok := zfp.ParseMode("fixed_rate")
	p := zfp.Params{Mode: mode, Rate: 8}
	if err := p.Validate(); err != nil {
		log.Fatal(err)
	}
	bits, _ := p.BlockBits()
	fmt.Println(mode, ok, bits)

	src := make([]byte, 8*256)
	for i := range 256 {
		binary.BigEndian.PutUint64(src[8*i:], math.Float64bits(float64(i%16)))
	}
	stream, err := zfp.EncodeBytes(src, binary.BigEndian, p, zfp.WithThreads(2))
	if err != nil {
		log.Fatal(err)
	}
	if err := zfp.CheckStream(stream, 256, p); err != nil {
		log.Fatal(err)
	}
	fmt.Println(zfp.CheckStream(stream[:10], 256, p) != nil)
	dst := make([]byte, len(src))
	if err := zfp.DecodeBytes(dst, stream, binary.BigEndian, p); err != nil {
		log.Fatal(err)
	}
	part := make([]byte, 16)
	if err := zfp.DecodeRangeBytes(part, stream, 256, 17, binary.BigEndian, p); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%.2f %.2f\n", math.Float64frombits(binary.BigEndian.Uint64(part)), math.Float64frombits(binary.BigEndian.Uint64(part[8:])))
	// Output:
	// fixed_rate true 32
	// true
	// 1.00 2.00
}
