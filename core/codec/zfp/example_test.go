package zfp_test

import (
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
