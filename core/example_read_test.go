package core_test

import (
	"fmt"
	"log"

	"github.com/tensogram-go/tensogram-go/core"
)

// twoFields returns a message with two float32 fields and per-object
// metadata, shared by the reading examples.
func twoFields() []byte { return encodeTwoFields(nil) }

// encodeTwoFields encodes the message of twoFields with opts.
func encodeTwoFields(opts *core.EncodeOptions) []byte {
	meta := &core.GlobalMetadata{
		Base: []map[string]any{
			{"mars": map[string]any{"param": "2t", "levtype": "sfc"}},
			{"mars": map[string]any{"param": "10u", "levtype": "sfc"}},
		},
		Extra: map[string]any{"experiment": "demo"},
	}
	t2m := make([]float32, 12)
	u10 := make([]float32, 12)
	for i := range t2m {
		t2m[i] = 270 + float32(i)
		u10[i] = float32(i) / 2
	}
	msg, err := core.Encode(meta, []core.EncodeInput{
		core.TensorOf([]uint64{3, 4}, t2m),
		core.TensorOf([]uint64{3, 4}, u10),
	}, opts)
	if err != nil {
		log.Fatal(err)
	}
	return msg
}

// DecodeMetadata reads only the metadata frame; Lookup resolves dotted
// paths across base[0], base[1], … and then _extra_, LookupAt in one
// object's base entry.
func ExampleGlobalMetadata_Lookup() {
	meta, err := core.DecodeMetadata(twoFields())
	if err != nil {
		log.Fatal(err)
	}
	first, _ := meta.Lookup("mars.param")
	second, _ := meta.LookupAt(1, "mars.param")
	exp, _ := meta.Lookup("experiment")
	_, found := meta.Lookup("mars.step")
	fmt.Println(first, second, exp, found)
	// Output:
	// 2t 10u demo false
}

// DecodeDescriptors lists the objects without decoding any payload.
func ExampleDecodeDescriptors() {
	_, descs, err := core.DecodeDescriptors(twoFields())
	if err != nil {
		log.Fatal(err)
	}
	for i, d := range descs {
		fmt.Println(i, d.DType, core.FormatShape(d.Shape), d.Compression)
	}
	// Output:
	// 0 float32 [3, 4] none
	// 1 float32 [3, 4] none
}

// DecodeRange decodes element runs (row-major offsets) of one object; with
// the all-"none" pipeline only those bytes are read.
func ExampleDecodeRange() {
	parts, err := core.DecodeRange(twoFields(), 0, []core.Range{{Offset: 1, Count: 2}, {Offset: 8, Count: 4}}, nil)
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range parts {
		vals, err := core.ValuesFrom[float32](p, core.NativeOrder)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(vals)
	}
	// Output:
	// [271 272]
	// [278 279 280 281]
}

// DecodeObject decodes one object of a message (with VerifyHash, checking
// only that object's digest).
func ExampleDecodeObject() {
	meta, obj, err := core.DecodeObject(twoFields(), 1, &core.DecodeOptions{VerifyHash: true})
	if err != nil {
		log.Fatal(err)
	}
	vals, err := core.Values[float32](obj)
	if err != nil {
		log.Fatal(err)
	}
	param, _ := meta.LookupAt(1, "mars.param")
	fmt.Println(param, vals[:4])
	// Output:
	// 10u [0 0.5 1 1.5]
}

// Decode decodes every object; DecodeOptions.Threads decodes them on
// several goroutines (same result).
func ExampleDecode() {
	dec, err := core.Decode(twoFields(), &core.DecodeOptions{Threads: 2, VerifyHash: true})
	if err != nil {
		log.Fatal(err)
	}
	for i := range dec.Objects {
		vals, err := core.Values[float32](&dec.Objects[i])
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(dec.Objects[i].Descriptor.Shape, vals[len(vals)-1])
	}
	// Output:
	// [3 4] 281
	// [3 4] 5.5
}

// ParseMessage gives zero-copy views of the objects; DecodeInto decodes
// one into a buffer the caller owns, here the memory of a []float32.
func ExampleParseMessage() {
	mv, err := core.ParseMessage(twoFields())
	if err != nil {
		log.Fatal(err)
	}
	ov := &mv.Objects[1]
	n, err := ov.DecodedSize()
	if err != nil {
		log.Fatal(err)
	}
	dst := make([]float32, n/4)
	if err := ov.DecodeInto(core.BytesOf(dst), nil); err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(mv.Objects), dst[:3])
	// Output:
	// 2 [0 0.5 1]
}

// WithDefaults shows what Encode derives from a minimal literal.
func ExampleDescriptor_WithDefaults() {
	d := (&core.Descriptor{Type: "ntensor", Shape: []uint64{2, 3, 4}, DType: core.Uint16}).WithDefaults()
	fmt.Println(d.NDim, d.Strides, d.ByteOrder == core.NativeOrder, d.Encoding, d.Filter, d.Compression)
	// Output:
	// 3 [12 4 1] true none none none
}
