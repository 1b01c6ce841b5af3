package core

import (
	"bytes"
	"errors"
	"reflect"
	"testing"
)

// The literal of the package documentation encodes without NDim, Strides,
// ByteOrder or pipeline fields, and writes the same bytes as the descriptor
// with every field set by hand (buffered and streaming).
func TestDescriptorLiteralEncodesLikeExplicit(t *testing.T) {
	prov := &Provenance{EncoderName: "x", EncoderVersion: "1", Time: "t", UUID: "u"}
	cases := []struct {
		shape []uint64
		dt    DType
	}{{[]uint64{4}, Float64}, {[]uint64{2, 3}, Int16}, {[]uint64{2, 1, 3}, Uint8}, {nil, Float32}, {[]uint64{0, 5}, Int32}}
	for _, c := range cases {
		full := NewDescriptor(c.dt, c.shape)
		n, _ := full.DecodedSize()
		data := make([]byte, n)
		for i := range data {
			data[i] = byte(i)
		}
		lit := &Descriptor{Type: "ntensor", Shape: c.shape, DType: c.dt}
		opts := &EncodeOptions{Provenance: prov}
		want, err := Encode(nil, []EncodeInput{{Descriptor: full, Data: data}}, opts)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Encode(nil, []EncodeInput{{Descriptor: lit, Data: data}}, opts)
		if err != nil {
			t.Fatalf("%v %v: %v", c.dt, c.shape, err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("%v %v: literal encodes differently", c.dt, c.shape)
		}
		if !reflect.DeepEqual(*lit, Descriptor{Type: "ntensor", Shape: c.shape, DType: c.dt}) {
			t.Fatalf("Encode modified the caller's descriptor: %+v", lit)
		}
		var a, b bytes.Buffer
		for _, x := range []struct {
			w *bytes.Buffer
			d *Descriptor
		}{{&a, full}, {&b, lit}} {
			se, err := NewStreamingEncoder(x.w, nil, opts)
			if err != nil {
				t.Fatal(err)
			}
			if err := se.WriteObject(EncodeInput{Descriptor: x.d, Data: data}); err != nil {
				t.Fatal(err)
			}
			if err := se.Finish(); err != nil {
				t.Fatal(err)
			}
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatalf("%v %v: streaming literal encodes differently", c.dt, c.shape)
		}
	}
}

// Fields the caller sets are checked, not overwritten.
func TestDescriptorDefaultsCheckSetFields(t *testing.T) {
	data := make([]byte, 32)
	for _, d := range []*Descriptor{
		{Type: "ntensor", Shape: []uint64{4}, DType: Float64, NDim: 2},
		{Type: "ntensor", Shape: []uint64{4}, DType: Float64, Strides: []uint64{1, 1}},
		{Type: "ntensor", Shape: []uint64{4}, DType: Float64, Compression: "brotli"},
		{Shape: []uint64{4}, DType: Float64},
		{Type: "ntensor", Shape: []uint64{4}},
	} {
		_, err := Encode(nil, []EncodeInput{{Descriptor: d, Data: data}}, nil)
		if err == nil {
			t.Fatalf("%+v: no error", d)
		}
		if !errors.Is(err, ErrMetadata) && !errors.Is(err, ErrEncoding) {
			t.Fatalf("%+v: %v", d, err)
		}
	}
}

// WithDefaults returns the descriptor itself when nothing is missing, and a
// filled copy otherwise.
func TestWithDefaults(t *testing.T) {
	full := NewDescriptor(Float32, []uint64{2, 3})
	if full.WithDefaults() != full {
		t.Fatal("complete descriptor was copied")
	}
	lit := &Descriptor{Type: "ntensor", Shape: []uint64{2, 3}, DType: Float32}
	got := lit.WithDefaults()
	if got == lit || !reflect.DeepEqual(got, full) {
		t.Fatalf("got %+v, want %+v", got, full)
	}
	if lit.NDim != 0 || lit.Strides != nil || lit.ByteOrder != 0 || lit.Encoding != "" {
		t.Fatal("WithDefaults modified its receiver")
	}
}

// Parameters written with Go ints encode like the uint64/int64 values a
// decoded message holds.
func TestDescriptorGoIntParams(t *testing.T) {
	prov := &Provenance{EncoderName: "x", EncoderVersion: "1", Time: "t", UUID: "u"}
	vals := []float64{1, 2.5, 3, 4.25, 5, 6, 7, 8}
	enc := func(params map[string]any) []byte {
		in := TensorOf([]uint64{8}, vals)
		in.Descriptor.Encoding = "simple_packing"
		in.Descriptor.Compression = "zstd"
		in.Descriptor.Params = params
		msg, err := Encode(nil, []EncodeInput{in}, &EncodeOptions{Provenance: prov})
		if err != nil {
			t.Fatal(err)
		}
		return msg
	}
	goInts := map[string]any{"zstd_level": 9, "sp_bits_per_value": uint8(16), "sp_decimal_scale_factor": int32(-1)}
	want := enc(map[string]any{"zstd_level": uint64(9), "sp_bits_per_value": uint64(16), "sp_decimal_scale_factor": int64(-1)})
	if got := enc(goInts); !bytes.Equal(got, want) {
		t.Fatal("Go int parameters encode differently")
	}
	if _, ok := goInts["zstd_level"].(int); !ok {
		t.Fatal("Encode modified the caller's parameters")
	}
	if v, ok := goNumber([]any{1, "x", -2}); !ok || !reflect.DeepEqual(v, []any{uint64(1), "x", int64(-2)}) {
		t.Fatalf("array conversion: %v", v)
	}
}
