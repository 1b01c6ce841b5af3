package core

import (
	"encoding/binary"
	"math"
	"testing"
)

// The typed path (TensorOf, DecodeValues, Values) against the []byte path
// it wraps, and against the hand-written encoding/binary loop a caller
// needed before the typed API: 2^20 float64 values (8 MiB), raw pipeline.

const benchTypedN = 1 << 20

func benchTypedData() ([]float64, []byte) {
	xs := make([]float64, benchTypedN)
	raw := make([]byte, 8*benchTypedN)
	for i := range xs {
		xs[i] = float64(i) * 0.5
		binary.NativeEndian.PutUint64(raw[8*i:], math.Float64bits(xs[i]))
	}
	return xs, raw
}

func BenchmarkTypedEncode(b *testing.B) {
	xs, raw := benchTypedData()
	shape := []uint64{benchTypedN}
	opts := &EncodeOptions{NoHash: true}
	b.Run("bytes", func(b *testing.B) {
		b.SetBytes(int64(len(raw)))
		for b.Loop() {
			in := EncodeInput{Descriptor: NewDescriptor(Float64, shape), Data: raw, DataOrder: NativeOrder}
			if _, err := Encode(nil, []EncodeInput{in}, opts); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("typed", func(b *testing.B) {
		b.SetBytes(int64(len(raw)))
		for b.Loop() {
			if _, err := Encode(nil, []EncodeInput{TensorOf(shape, xs)}, opts); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("literal", func(b *testing.B) {
		b.SetBytes(int64(len(raw)))
		for b.Loop() {
			d := &Descriptor{Type: "ntensor", Shape: shape, DType: Float64}
			if _, err := Encode(nil, []EncodeInput{{Descriptor: d, Data: raw}}, opts); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("manual-loop", func(b *testing.B) {
		b.SetBytes(int64(len(raw)))
		for b.Loop() {
			buf := make([]byte, 8*len(xs))
			for i, v := range xs {
				binary.LittleEndian.PutUint64(buf[8*i:], math.Float64bits(v))
			}
			in := EncodeInput{Descriptor: NewDescriptor(Float64, shape), Data: buf, DataOrder: LittleEndian}
			if _, err := Encode(nil, []EncodeInput{in}, opts); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkTypedDecode(b *testing.B) {
	xs, _ := benchTypedData()
	msg, err := Encode(nil, []EncodeInput{TensorOf([]uint64{benchTypedN}, xs)}, &EncodeOptions{NoHash: true})
	if err != nil {
		b.Fatal(err)
	}
	size := int64(8 * benchTypedN)
	b.Run("bytes", func(b *testing.B) {
		b.SetBytes(size)
		for b.Loop() {
			if _, _, err := DecodeObject(msg, 0, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("bytes+Values", func(b *testing.B) {
		b.SetBytes(size)
		for b.Loop() {
			_, obj, err := DecodeObject(msg, 0, nil)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := Values[float64](obj); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("DecodeValues", func(b *testing.B) {
		b.SetBytes(size)
		for b.Loop() {
			if _, _, err := DecodeValues[float64](msg, 0, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("manual-loop", func(b *testing.B) {
		b.SetBytes(size)
		for b.Loop() {
			_, obj, err := DecodeObject(msg, 0, nil)
			if err != nil {
				b.Fatal(err)
			}
			out := make([]float64, len(obj.Data)/8)
			for i := range out {
				out[i] = math.Float64frombits(binary.NativeEndian.Uint64(obj.Data[8*i:]))
			}
		}
	})
}
