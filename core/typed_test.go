package core

import (
	"errors"
	"reflect"
	"testing"
	"unsafe"
)

// typedRoundTrip encodes vals with TensorOf in both wire byte orders and
// reads them back through Values, DecodeValues and ValuesFrom (wire order,
// and from a misaligned copy).
func typedRoundTrip[T Element](t *testing.T, vals []T) {
	t.Helper()
	dt := DTypeOf[T]()
	shape := []uint64{uint64(len(vals))}
	for _, order := range []ByteOrder{BigEndian, LittleEndian} {
		in := TensorOf(shape, vals)
		in.Descriptor.ByteOrder = order
		msg, err := Encode(nil, []EncodeInput{in}, nil)
		if err != nil {
			t.Fatalf("%s %s: %v", dt, order, err)
		}
		dec, err := Decode(msg, nil)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Values[T](&dec.Objects[0])
		if err != nil || !reflect.DeepEqual(got, vals) {
			t.Fatalf("%s %s: Values = %v, %v; want %v", dt, order, got, err, vals)
		}
		got, d, err := DecodeValues[T](msg, 0, &DecodeOptions{WireOrder: true})
		if err != nil || !reflect.DeepEqual(got, vals) || d.ByteOrder != order {
			t.Fatalf("%s %s: DecodeValues = %v, %v", dt, order, got, err)
		}
		wire, err := Decode(msg, &DecodeOptions{WireOrder: true})
		if err != nil {
			t.Fatal(err)
		}
		got, err = ValuesFrom[T](wire.Objects[0].Data, order)
		if err != nil || !reflect.DeepEqual(got, vals) {
			t.Fatalf("%s %s: ValuesFrom(wire) = %v, %v", dt, order, got, err)
		}
		// Misaligned input: a copy, with the same values.
		raw := wire.Objects[0].Data
		buf := make([]byte, len(raw)+1)
		copy(buf[1:], raw)
		got, err = ValuesFrom[T](buf[1:], order)
		if err != nil || !reflect.DeepEqual(got, vals) {
			t.Fatalf("%s %s: misaligned ValuesFrom = %v, %v", dt, order, got, err)
		}
	}
}

// Every dtype Go can hold round-trips through the typed API in both byte
// orders.
func TestTypedRoundTripEveryDType(t *testing.T) {
	typedRoundTrip(t, []float32{1.5, -2, 3e30, 0})
	typedRoundTrip(t, []float64{1.5, -2, 3e300, 0})
	typedRoundTrip(t, []complex64{1 + 2i, -3.5 - 4i})
	typedRoundTrip(t, []complex128{1 + 2i, -3.5e200 - 4i})
	typedRoundTrip(t, []Float16Bits{ToFloat16(1.5), ToFloat16(-65504), ToFloat16(0.1)})
	typedRoundTrip(t, []BFloat16Bits{ToBFloat16(1.5), ToBFloat16(-3e38), ToBFloat16(0.1)})
	typedRoundTrip(t, []int8{-128, 0, 127})
	typedRoundTrip(t, []int16{-32768, 1, 32767})
	typedRoundTrip(t, []int32{-1 << 31, 2, 1<<31 - 1})
	typedRoundTrip(t, []int64{-1 << 63, 3, 1<<63 - 1})
	typedRoundTrip(t, []uint8{0, 1, 255})
	typedRoundTrip(t, []uint16{0, 0x1234, 0xffff})
	typedRoundTrip(t, []uint32{0, 0x12345678, 0xffffffff})
	typedRoundTrip(t, []uint64{0, 0x123456789abcdef0, 1<<64 - 1})
	typedRoundTrip(t, []float64{})
}

// DTypeOf names the dtype of every element type.
func TestDTypeOf(t *testing.T) {
	got := []DType{DTypeOf[Float16Bits](), DTypeOf[BFloat16Bits](), DTypeOf[float32](), DTypeOf[float64](),
		DTypeOf[complex64](), DTypeOf[complex128](), DTypeOf[int8](), DTypeOf[int16](), DTypeOf[int32](),
		DTypeOf[int64](), DTypeOf[uint8](), DTypeOf[uint16](), DTypeOf[uint32](), DTypeOf[uint64]()}
	if !reflect.DeepEqual(got, AllDTypes[:14]) {
		t.Fatalf("DTypeOf: %v", got)
	}
}

// Aligned host-order data is viewed, not copied; everything else is copied.
func TestValuesAliasing(t *testing.T) {
	vals := []float64{1, 2, 3}
	b := BytesOf(vals)
	got, err := ValuesFrom[float64](b, NativeOrder)
	if err != nil || &got[0] != &vals[0] {
		t.Fatal("aligned host-order input was copied")
	}
	obj := &DecodedObject{Descriptor: NewDescriptor(Float64, []uint64{3}), Data: b}
	if got, err := Values[float64](obj); err != nil || &got[0] != &vals[0] {
		t.Fatal("Values copied aligned data")
	}
	other := BigEndian
	if NativeOrder == BigEndian {
		other = LittleEndian
	}
	if got, _ := ValuesFrom[float64](b, other); &got[0] == &vals[0] {
		t.Fatal("byte-swapped result aliases the input")
	}
	u8 := []byte{1, 2, 3}
	if got, _ := ValuesFrom[uint8](u8[1:], other); &got[0] != &u8[1] {
		t.Fatal("single-byte elements need neither alignment nor swapping")
	}
	in := TensorOf([]uint64{3}, vals)
	if unsafe.SliceData(in.Data) != (*byte)(unsafe.Pointer(&vals[0])) {
		t.Fatal("TensorOf copied its data")
	}
}

// Asking for the wrong element type, or giving a partial element, fails
// with a classified error.
func TestValuesErrors(t *testing.T) {
	msg, err := Encode(nil, []EncodeInput{TensorOf([]uint64{2}, []float64{1, 2})}, nil)
	if err != nil {
		t.Fatal(err)
	}
	dec, _ := Decode(msg, nil)
	_, err = Values[float32](&dec.Objects[0])
	var dm *DTypeMismatchError
	if !errors.Is(err, ErrMetadata) || !errors.As(err, &dm) || dm.DType != Float64 || dm.Want != Float32 {
		t.Fatalf("Values[float32] of float64: %v", err)
	}
	if _, _, err := DecodeValues[int64](msg, 0, nil); !errors.As(err, &dm) {
		t.Fatalf("DecodeValues[int64] of float64: %v", err)
	}
	if _, _, err := DecodeValues[float64](msg, 1, nil); !errors.Is(err, ErrObject) {
		t.Fatalf("DecodeValues index 1: %v", err)
	}
	if _, err := ValuesFrom[uint32](make([]byte, 6), 0); !errors.Is(err, ErrMetadata) {
		t.Fatalf("ValuesFrom of 6 bytes as uint32: %v", err)
	}
	if _, err := Values[float64](&DecodedObject{}); err == nil {
		t.Fatal("Values of an object without descriptor")
	}
	short := TensorOf([]uint64{3}, []float64{1, 2})
	if _, err := Encode(nil, []EncodeInput{short}, nil); !errors.Is(err, ErrMetadata) {
		t.Fatalf("TensorOf with too little data: %v", err)
	}
}

// DecodeValues works through codec pipelines too.
func TestDecodeValuesCodecPipeline(t *testing.T) {
	vals := make([]int32, 1000)
	for i := range vals {
		vals[i] = int32(i * i)
	}
	in := TensorOf([]uint64{10, 100}, vals)
	in.Descriptor.Compression = "zstd"
	in.Descriptor.ByteOrder = BigEndian
	msg, err := Encode(nil, []EncodeInput{in}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, d, err := DecodeValues[int32](msg, 0, nil)
	if err != nil || !reflect.DeepEqual(got, vals) || d.Compression != "zstd" {
		t.Fatalf("DecodeValues through zstd: %v", err)
	}
}

// The typed views cost no allocation, and DecodeValues allocates no more
// than DecodeObject.
func TestTypedAllocations(t *testing.T) {
	vals := make([]float64, 1024)
	obj := &DecodedObject{Descriptor: NewDescriptor(Float64, []uint64{1024}), Data: BytesOf(vals)}
	if n := testing.AllocsPerRun(20, func() { _, _ = Values[float64](obj) }); n != 0 {
		t.Fatalf("Values allocates %v times", n)
	}
	msg, err := Encode(nil, []EncodeInput{TensorOf([]uint64{1024}, vals)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	byteAllocs := testing.AllocsPerRun(20, func() { _, _, _ = DecodeObject(msg, 0, nil) })
	typedAllocs := testing.AllocsPerRun(20, func() { _, _, _ = DecodeValues[float64](msg, 0, nil) })
	if typedAllocs > byteAllocs {
		t.Fatalf("DecodeValues allocates %v times, DecodeObject %v", typedAllocs, byteAllocs)
	}
}
