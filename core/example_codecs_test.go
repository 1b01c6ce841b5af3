package core_test

import (
	"fmt"
	"log"
	"math"

	"github.com/tensogram-go/tensogram-go/core"
)

// field returns n smooth float64 values, like a weather field.
func field(n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = 280 + 10*math.Sin(float64(i)/50)
	}
	return v
}

// Lossless compression: set Compression and its parameters on the
// descriptor TensorOf made. Parameters may be written with Go ints.
func ExampleEncode_zstd() {
	vals := field(10000)
	in := core.TensorOf([]uint64{100, 100}, vals)
	in.Descriptor.Compression = "zstd"
	in.Descriptor.Params = map[string]any{"zstd_level": 9}
	msg, err := core.Encode(nil, []core.EncodeInput{in}, nil)
	if err != nil {
		log.Fatal(err)
	}
	back, _, err := core.DecodeValues[float64](msg, 0, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(msg) < 8*len(vals), back[1234] == vals[1234])
	// Output:
	// true true
}

// GRIB-style lossy packing: simple_packing quantises to sp_bits_per_value
// bits (reference value and scale are computed from the data), szip then
// compresses the packed samples. The descriptor written to the message
// records every parameter needed to decode.
func ExampleEncode_simplePackingSzip() {
	vals := field(10000)
	in := core.TensorOf([]uint64{100, 100}, vals)
	in.Descriptor.Encoding = "simple_packing"
	in.Descriptor.Compression = "szip"
	in.Descriptor.Params = map[string]any{
		"sp_bits_per_value": 16,
		"szip_rsi":          128,
		"szip_block_size":   32,
		"szip_flags":        8, // preprocessing (nearest-neighbour differences)
	}
	msg, err := core.Encode(nil, []core.EncodeInput{in}, nil)
	if err != nil {
		log.Fatal(err)
	}
	back, desc, err := core.DecodeValues[float64](msg, 0, nil)
	if err != nil {
		log.Fatal(err)
	}
	maxErr := 0.0
	for i := range vals {
		maxErr = math.Max(maxErr, math.Abs(back[i]-vals[i]))
	}
	_, hasRef := desc.Params["sp_reference_value"]
	fmt.Println(desc.Encoding, desc.Compression, hasRef, maxErr < 1e-3, len(msg) < 2*len(vals))
	// Output:
	// simple_packing szip true true true
}

// NaN and ±Inf are refused unless allowed; allowed, they are replaced by
// zeros in the payload, recorded in compressed bit masks and restored on
// decode.
func ExampleEncodeOptions_allowNaN() {
	vals := []float32{1, float32(math.NaN()), 3, float32(math.Inf(1))}
	in := core.TensorOf([]uint64{4}, vals)
	if _, err := core.Encode(nil, []core.EncodeInput{in}, nil); err != nil {
		fmt.Println("refused:", core.KindOf(err))
	}
	msg, err := core.Encode(nil, []core.EncodeInput{in}, &core.EncodeOptions{AllowNaN: true, AllowInf: true})
	if err != nil {
		log.Fatal(err)
	}
	back, desc, err := core.DecodeValues[float32](msg, 0, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(back, len(desc.Masks))
	// Output:
	// refused: EncodingError
	// [1 NaN 3 +Inf] 2
}
