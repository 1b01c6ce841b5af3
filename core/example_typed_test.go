package core_test

import (
	"encoding/binary"
	"fmt"
	"log"
	"math"

	"github.com/tensogram-go/tensogram-go/core"
)

// The minimal program of a first-time user: a Descriptor literal without
// NDim, Strides or ByteOrder and the data as little-endian bytes. The
// derived fields are filled in while encoding, so the program runs as
// written; with typed slices (TensorOf, DecodeValues) no byte loop is
// needed at all.
func Example_literalDescriptor() {
	meta := &core.GlobalMetadata{Base: []map[string]any{{"param": "t"}}}
	raw := make([]byte, 4*8)
	for i, v := range []float64{1.5, 2.5, 3.5, 4.5} {
		binary.LittleEndian.PutUint64(raw[8*i:], math.Float64bits(v))
	}
	d := &core.Descriptor{Type: "ntensor", Shape: []uint64{4}, DType: core.Float64}
	msg, err := core.Encode(meta, []core.EncodeInput{{Descriptor: d, Data: raw, DataOrder: core.LittleEndian}}, nil)
	fmt.Println("bytes in:", err)

	// The same program with typed slices.
	msg2, err := core.Encode(meta, []core.EncodeInput{core.TensorOf([]uint64{4}, []float64{1.5, 2.5, 3.5, 4.5})}, nil)
	if err != nil {
		log.Fatal(err)
	}
	for _, m := range [][]byte{msg, msg2} {
		vals, desc, err := core.DecodeValues[float64](m, 0, nil)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(desc.NDim, desc.Shape, desc.Strides, vals)
	}
	// Output:
	// bytes in: <nil>
	// 1 [4] [1] [1.5 2.5 3.5 4.5]
	// 1 [4] [1] [1.5 2.5 3.5 4.5]
}

// DecodeValues decodes one object straight into a new typed slice; asking
// for another element type than the object's dtype is an error.
func ExampleDecodeValues() {
	msg, err := core.Encode(nil, []core.EncodeInput{
		core.TensorOf([]uint64{2, 2}, []uint16{10, 20, 30, 40}),
	}, nil)
	if err != nil {
		log.Fatal(err)
	}
	vals, desc, err := core.DecodeValues[uint16](msg, 0, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(desc.DType, desc.Shape, vals)
	_, _, err = core.DecodeValues[int16](msg, 0, nil)
	fmt.Println(err)
	// Output:
	// uint16 [2 2] [10 20 30 40]
	// MetadataError: object has dtype uint16, not int16
}

// TensorOf describes a typed slice as one object (no copy); its descriptor
// can be changed before encoding, here to compress with zstd.
func ExampleTensorOf() {
	field := make([]float32, 1000) // mostly zeros: compresses well
	field[500] = 1
	in := core.TensorOf([]uint64{10, 100}, field)
	in.Descriptor.Compression = "zstd"
	msg, err := core.Encode(nil, []core.EncodeInput{in}, nil)
	if err != nil {
		log.Fatal(err)
	}
	vals, _, err := core.DecodeValues[float32](msg, 0, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(msg) < 4000, in.Descriptor.Shape, vals[500])
	// Output:
	// true [10 100] 1
}

// Float16, bfloat16 and complex objects are typed too: Float16Bits and
// BFloat16Bits hold the 16-bit patterns, complex64/complex128 the pairs.
func ExampleDecodeValues_halfAndComplex() {
	half := []core.Float16Bits{core.ToFloat16(0.5), core.ToFloat16(-2), core.ToFloat16(65504)}
	brain := []core.BFloat16Bits{core.ToBFloat16(1), core.ToBFloat16(3.140625)}
	waves := []complex64{1 + 2i, -3i}
	msg, err := core.Encode(nil, []core.EncodeInput{
		core.TensorOf([]uint64{3}, half),
		core.TensorOf([]uint64{2}, brain),
		core.TensorOf([]uint64{2}, waves),
	}, nil)
	if err != nil {
		log.Fatal(err)
	}
	h, d0, _ := core.DecodeValues[core.Float16Bits](msg, 0, nil)
	b, d1, _ := core.DecodeValues[core.BFloat16Bits](msg, 1, nil)
	c, d2, err := core.DecodeValues[complex64](msg, 2, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(d0.DType, h[0].Float32(), h[1].Float32(), h[2].Float32())
	fmt.Println(d1.DType, b[0].Float32(), b[1].Float32())
	fmt.Println(d2.DType, c)
	// Output:
	// float16 0.5 -2 65504
	// bfloat16 1 3.140625
	// complex64 [(1+2i) (0-3i)]
}

// BFloat16Bits holds a bfloat16; ToBFloat16 rounds a float32 to the nearest bfloat16 (8 significant bits,
// ties to even); Float32 converts back exactly.
func ExampleBFloat16Bits() {
	for _, f := range []float32{1, 3.14159, 1e30} {
		b := core.ToBFloat16(f)
		fmt.Printf("%g -> %#04x -> %g\n", f, uint16(b), b.Float32())
	}
	// Output:
	// 1 -> 0x3f80 -> 1
	// 3.14159 -> 0x4049 -> 3.140625
	// 1e+30 -> 0x714a -> 1.00025555e+30
}

// Float16Bits.Float32 widens an IEEE half-precision value exactly.
func ExampleFloat16Bits_Float32() {
	for _, h := range []core.Float16Bits{0x3c00, 0xc000, 0x7bff, 0x0001, 0x7c00} {
		fmt.Println(h.Float32())
	}
	// Output:
	// 1
	// -2
	// 65504
	// 5.9604645e-08
	// +Inf
}

// BytesOf views a typed slice as bytes (host order, no copy), e.g. as the
// destination of ObjectView.DecodeInto.
func ExampleBytesOf() {
	msg, err := core.Encode(nil, []core.EncodeInput{core.TensorOf([]uint64{3}, []int32{7, 8, 9})}, nil)
	if err != nil {
		log.Fatal(err)
	}
	_, obj, err := core.ParseObject(msg, 0, false)
	if err != nil {
		log.Fatal(err)
	}
	dst := make([]int32, 3)
	if err := obj.DecodeInto(core.BytesOf(dst), nil); err != nil {
		log.Fatal(err)
	}
	fmt.Println(dst, len(core.BytesOf(dst)))
	// Output:
	// [7 8 9] 12
}

// DTypeOf maps a Go element type to its dtype.
func ExampleDTypeOf() {
	fmt.Println(core.DTypeOf[float32](), core.DTypeOf[uint8](), core.DTypeOf[complex128](), core.DTypeOf[core.Float16Bits]())
	// Output:
	// float32 uint8 complex128 float16
}

// NewDescriptor makes a complete descriptor (ntensor, C-order strides, host
// byte order, no codecs) for a dtype and shape; NumElements and
// DecodedSize are its element count and decoded byte size.
func ExampleDescriptor() {
	d := core.NewDescriptor(core.Int16, []uint64{2, 3, 4})
	n, _ := d.NumElements()
	size, _ := d.DecodedSize()
	fmt.Println(d.Type, d.NDim, d.Strides, d.Encoding, d.Filter, d.Compression, n, size)
	// Output:
	// ntensor 3 [12 4 1] none none none 24 48
}

// Clone copies a descriptor so that the copy's shape and params can change
// without touching the original; ToMap gives the flat map written on the
// wire.
func ExampleDescriptor_Clone() {
	d := core.NewDescriptor(core.Float32, []uint64{8})
	d.ByteOrder = core.LittleEndian
	d.Compression = "zstd"
	d.Params = map[string]any{"zstd_level": 3}
	c := d.Clone()
	c.Params["zstd_level"] = 9
	m, err := d.ToMap()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(m["dtype"], m["shape"], m["compression"], m["zstd_level"], c.Params["zstd_level"])
	// Output:
	// float32 [8] zstd 3 9
}

// ParseDType maps the wire names; DType methods give the element size, the
// byte-swap unit and the byte size of n elements.
func ExampleDType() {
	for _, name := range []string{"float64", "complex64", "bitmask", "float"} {
		dt, ok := core.ParseDType(name)
		if !ok {
			fmt.Println(name, "unknown")
			continue
		}
		size, _ := dt.ByteSize(10)
		fmt.Println(dt, dt.Size(), dt.SwapUnit(), dt.IsFloat(), size)
	}
	// Output:
	// float64 8 8 true 80
	// complex64 8 4 true 80
	// bitmask 0 0 false 2
	// float unknown
}

// ParseByteOrder maps the wire names "big" and "little".
func ExampleParseByteOrder() {
	o, ok := core.ParseByteOrder("big")
	fmt.Println(o, ok, o == core.BigEndian)
	_, ok = core.ParseByteOrder("BIG")
	fmt.Println(ok)
	// Output:
	// big true true
	// false
}
