package zfp_test

import (
	"encoding/binary"
	"fmt"
	"log"
	"math"

	"github.com/tensogram-go/tensogram-go/core/codec/zfp"
)

// In FixedRate mode every block of four values is coded in the same
// number of bits, BlockBits (4·Rate), so n values take ⌈n/4⌉·BlockBits
// bits (MaxSize bounds any mode's stream before encoding), and value i
// lies in block i/4, at bit (i/4)·BlockBits of the stream: DecodeRange
// decodes only the blocks a range touches (values 102..105 are blocks 25 and 26). FixedAccuracy
// bounds the absolute error instead, with blocks of varying size.
func Example() {
	rate := zfp.Params{Mode: zfp.FixedRate, Rate: 16}
	bits, _ := rate.BlockBits()
	size, _ := zfp.MaxSize(1024, rate)
	fmt.Println(bits, "bits a block, at most", size, "bytes for 1024 values")

	field := make([]float64, 1024)
	for i := range field {
		field[i] = math.Cos(float64(i) / 50)
	}
	stream, err := zfp.Encode(field, rate)
	if err != nil {
		log.Fatal(err)
	}
	part := make([]float64, 4)
	if err := zfp.DecodeRange(part, stream, uint64(len(field)), 102, rate); err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(stream), math.Abs(part[0]-field[102]) < 1e-3)

	acc := zfp.Params{Mode: zfp.FixedAccuracy, Tolerance: 1e-6}
	if stream, err = zfp.Encode(field, acc); err != nil {
		log.Fatal(err)
	}
	back := make([]float64, len(field))
	if err := zfp.Decode(back, stream, acc); err != nil {
		log.Fatal(err)
	}
	worst := 0.0
	for i := range back {
		worst = math.Max(worst, math.Abs(back[i]-field[i]))
	}
	fmt.Println(worst <= 1e-6)
	// Output:
	// 64 bits a block, at most 2072 bytes for 1024 values
	// 2048 true
	// true
}

// The byte forms work on float64 data stored in a given byte order (as a
// Tensogram payload is); ParseMode maps the zfp_mode names, CheckStream
// rejects a stream that cannot hold the field before anything is
// allocated, and BlockBits gives the fixed block size of FixedRate.
// WithBuffer lends the encoder memory of MaxSize bytes to write the stream
// into (a buffer reused across calls).
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
	size, _ := zfp.MaxSize(256, p)
	buf := make([]byte, size)
	stream, err := zfp.EncodeBytes(src, binary.BigEndian, p, zfp.WithThreads(2), zfp.WithBuffer(buf))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(&stream[0] == &buf[0])
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
	// true
	// 1.00 2.00
}
