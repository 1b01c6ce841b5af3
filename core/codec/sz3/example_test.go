package sz3_test

import (
	"fmt"
	"log"
	"math"

	"github.com/tensogram-go/tensogram-go/core/codec/sz3"
)

// An error bound is given in one of three modes, all meaning one
// absolute bound on |decoded − original| that AbsBound computes: abs is
// that bound itself, rel a fraction of the value range (max − min), psnr
// a target peak signal-to-noise ratio in dB over that range. Every
// decoded value is within it, and a smooth field compresses to under one
// byte per value (from 8).
func Example() {
	wave := make([]float64, 4096) // range 100: -50 to 50
	for i := range wave {
		wave[i] = math.Sin(float64(i)/200) * 50
	}
	for _, b := range []struct {
		mode  sz3.Mode
		bound float64
	}{{sz3.ModeAbs, 0.05}, {sz3.ModeRel, 1e-3}, {sz3.ModePSNR, 80}} {
		abs, err := sz3.AbsBound(wave, b.mode, b.bound)
		if err != nil {
			log.Fatal(err)
		}
		stream, err := sz3.Encode(wave, b.mode, b.bound)
		if err != nil {
			log.Fatal(err)
		}
		back, err := sz3.Decode(stream, len(wave))
		if err != nil {
			log.Fatal(err)
		}
		within := true
		for i, v := range back {
			within = within && math.Abs(v-wave[i]) <= abs
		}
		fmt.Printf("%s %g: |error| <= %.4f %v, under 1 byte/value %v\n",
			b.mode, b.bound, abs, within, len(stream) < len(wave))
	}
	// Output:
	// abs 0.05: |error| <= 0.0500 true, under 1 byte/value true
	// rel 0.001: |error| <= 0.1000 true, under 1 byte/value true
	// psnr 80: |error| <= 0.0171 true, under 1 byte/value true
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
