package core

import (
	"bytes"
	"encoding/binary"
	"math"
	"testing"
)

// smoothField returns n float64 values of a smooth field in host order.
func smoothField(n int) []byte {
	out := make([]byte, 8*n)
	for i := 0; i < n; i++ {
		v := 280 + 15*math.Sin(float64(i)/500) + 3*math.Cos(float64(i)/37)
		binary.NativeEndian.PutUint64(out[8*i:], math.Float64bits(v))
	}
	return out
}

// spSzipDesc is upstream's headline configuration (simple_packing + szip
// rsi 128, block 16, flags 8).
func spSzipDesc(n int, bits uint64) *Descriptor {
	d := NewDescriptor(Float64, []uint64{uint64(n)})
	d.Encoding, d.Compression = "simple_packing", "szip"
	d.Params = map[string]any{"sp_bits_per_value": bits, "szip_rsi": uint64(128), "szip_block_size": uint64(16), "szip_flags": uint64(8)}
	return d
}

// Intra-codec threads never change the encoded bytes nor the decoded values.
func TestStageThreadsByteIdentical(t *testing.T) {
	n := 300_000 // above the packing and szip parallel thresholds
	data := smoothField(n)
	prov := &Provenance{EncoderName: "t", EncoderVersion: "0", Time: "2026-01-01T00:00:00Z", UUID: "00000000-0000-4000-8000-000000000000"}
	cases := map[string]*Descriptor{"sp24+szip": spSzipDesc(n, 24), "sp16": func() *Descriptor {
		d := NewDescriptor(Float64, []uint64{uint64(n)})
		d.Encoding = "simple_packing"
		d.Params = map[string]any{"sp_bits_per_value": uint64(16)}
		return d
	}(), "f32 szip": func() *Descriptor {
		d := NewDescriptor(Float32, []uint64{uint64(n)})
		d.Compression = "szip"
		d.Params = szipParams(8)
		return d
	}()}
	for name, d := range cases {
		in := data
		if d.DType == Float32 {
			in = make([]byte, 4*n)
			for i := 0; i < n; i++ {
				binary.NativeEndian.PutUint32(in[4*i:], math.Float32bits(float32(math.Float64frombits(binary.NativeEndian.Uint64(data[8*i:])))))
			}
		}
		var ref []byte
		var refDec []byte
		for _, th := range []int{1, 2, 4} {
			msg := mustEncode(t, nil, []EncodeInput{{Descriptor: d, Data: in, DataOrder: NativeOrder}}, &EncodeOptions{Threads: th, Provenance: prov})
			dec, err := Decode(msg, &DecodeOptions{Threads: th})
			if err != nil {
				t.Fatalf("%s threads %d: %v", name, th, err)
			}
			if ref == nil {
				ref, refDec = msg, dec.Objects[0].Data
				continue
			}
			if !bytes.Equal(msg, ref) {
				t.Fatalf("%s: threads %d changed the message bytes", name, th)
			}
			if !bytes.Equal(dec.Objects[0].Data, refDec) {
				t.Fatalf("%s: threads %d changed the decoded values", name, th)
			}
		}
	}
}
