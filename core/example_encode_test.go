package core_test

import (
	"encoding/binary"
	"fmt"
	"log"
	"math"

	"github.com/tensogram-go/tensogram-go/core"
)

// A first program: a message from a typed Go slice and back. TensorOf
// describes a []float64 without copying it, DecodeValues returns the
// object as a []float64, DecodeMetadata and Lookup read the metadata.
func Example() {
	temps := []float64{271.5, 272.25, 273, 274.75, 275.5, 276}
	meta := &core.GlobalMetadata{Base: []map[string]any{{"param": "2t", "units": "K"}}}

	msg, err := core.Encode(meta, []core.EncodeInput{core.TensorOf([]uint64{2, 3}, temps)}, nil)
	if err != nil {
		log.Fatal(err)
	}

	vals, desc, err := core.DecodeValues[float64](msg, 0, nil)
	if err != nil {
		log.Fatal(err)
	}
	m, err := core.DecodeMetadata(msg)
	if err != nil {
		log.Fatal(err)
	}
	p, _ := m.Lookup("param")
	fmt.Println(p, desc.DType, desc.Shape, vals)
	// Output:
	// 2t float64 [2 3] [271.5 272.25 273 274.75 275.5 276]
}

// Encode with a Descriptor literal and raw bytes: NDim, Strides, ByteOrder
// and the "none" pipeline are derived, DataOrder says how the bytes are laid
// out. Decode returns the bytes in host order.
func ExampleEncode() {
	raw := make([]byte, 4*8)
	for i, v := range []float64{1, 2, 3, 4} {
		binary.LittleEndian.PutUint64(raw[8*i:], math.Float64bits(v))
	}
	d := &core.Descriptor{Type: "ntensor", Shape: []uint64{4}, DType: core.Float64}
	msg, err := core.Encode(nil, []core.EncodeInput{{Descriptor: d, Data: raw, DataOrder: core.LittleEndian}}, nil)
	if err != nil {
		log.Fatal(err)
	}
	dec, err := core.Decode(msg, nil)
	if err != nil {
		log.Fatal(err)
	}
	obj := dec.Objects[0]
	fmt.Println(len(dec.Objects), obj.Descriptor.NDim, obj.Descriptor.Strides, len(obj.Data))
	// Output:
	// 1 1 [1] 32
}

// TensorOf and Values: typed slices in, typed slices out. Values views the
// decoded bytes without copying when they are aligned.
func ExampleValues() {
	in := core.TensorOf([]uint64{3}, []int16{-7, 0, 7})
	in.Descriptor.ByteOrder = core.BigEndian // stored big-endian, converted while writing
	msg, err := core.Encode(nil, []core.EncodeInput{in}, nil)
	if err != nil {
		log.Fatal(err)
	}
	dec, err := core.Decode(msg, nil) // host byte order by default
	if err != nil {
		log.Fatal(err)
	}
	vals, err := core.Values[int16](&dec.Objects[0])
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(vals, dec.Objects[0].Descriptor.ByteOrder)
	// Output:
	// [-7 0 7] big
}

// ValuesFrom reads bytes in a given byte order, here the wire order kept
// by DecodeOptions.WireOrder.
func ExampleValuesFrom() {
	in := core.TensorOf([]uint64{2}, []uint32{1, 0x01020304})
	in.Descriptor.ByteOrder = core.BigEndian
	msg, err := core.Encode(nil, []core.EncodeInput{in}, nil)
	if err != nil {
		log.Fatal(err)
	}
	dec, err := core.Decode(msg, &core.DecodeOptions{WireOrder: true})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("% x\n", dec.Objects[0].Data)
	vals, err := core.ValuesFrom[uint32](dec.Objects[0].Data, dec.Objects[0].Descriptor.ByteOrder)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%#x\n", vals)
	// Output:
	// 00 00 00 01 01 02 03 04
	// [0x1 0x1020304]
}

// The 16-bit float dtypes use Float16Bits and BFloat16Bits.
func ExampleToFloat16() {
	halves := []core.Float16Bits{core.ToFloat16(0.5), core.ToFloat16(-2), core.ToFloat16(0.1)}
	msg, err := core.Encode(nil, []core.EncodeInput{core.TensorOf([]uint64{3}, halves)}, nil)
	if err != nil {
		log.Fatal(err)
	}
	vals, desc, err := core.DecodeValues[core.Float16Bits](msg, 0, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(desc.DType)
	for _, h := range vals {
		fmt.Printf("%#04x %g\n", uint16(h), h.Float32())
	}
	// Output:
	// float16
	// 0x3800 0.5
	// 0xc000 -2
	// 0x2e66 0.099975586
}
