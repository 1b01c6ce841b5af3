package sz3_test

import (
	"fmt"
	"log"
	"math"

	"github.com/tensogram-go/tensogram-go/core/codec/sz3"
)

// Compress a smooth field with a relative error bound (1e-3 of the value
// range): every decoded value is within the bound, and the stream is far
// smaller than the input.
func Example() {
	vals := make([]float64, 4096)
	for i := range vals {
		vals[i] = math.Sin(float64(i)/200) * 50
	}
	stream, err := sz3.Encode(vals, sz3.ModeRel, 1e-3)
	if err != nil {
		log.Fatal(err)
	}
	bound, err := sz3.AbsBound(vals, sz3.ModeRel, 1e-3)
	if err != nil {
		log.Fatal(err)
	}
	back, err := sz3.Decode(stream, len(vals))
	if err != nil {
		log.Fatal(err)
	}
	worst := 0.0
	for i, v := range back {
		worst = math.Max(worst, math.Abs(v-vals[i]))
	}
	fmt.Println(sz3.ModeRel, len(stream) < len(vals)*8/10, worst <= bound)
	// Output:
	// rel true true
}

// ReadInfo reads what a stream records without decoding it; DecodeInto
// decodes into the caller's slice.
func Example_info() {
	vals := []float64{1, 2, 3, 4, 5, 6, 7, 8}
	stream, err := sz3.Encode(vals, sz3.ModeAbs, 0.01)
	if err != nil {
		log.Fatal(err)
	}
	info, err := sz3.ReadInfo(stream)
	if err != nil {
		log.Fatal(err)
	}
	dst := make([]float64, info.Count)
	if err := sz3.DecodeInto(dst, stream); err != nil {
		log.Fatal(err)
	}
	fmt.Println(info.Count, info.Mode, info.Bound, math.Abs(dst[7]-8) <= 0.01)
	// Output:
	// 8 abs 0.01 true
}
