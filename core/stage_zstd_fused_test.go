package core

import (
	"bytes"
	"fmt"
	"math/rand"
	"testing"
)

// spZstdMessage encodes n randn float64 values with simple_packing at bits
// and zstd, the payload in order.
func spZstdMessage(t testing.TB, n int, bits uint64, order ByteOrder) []byte {
	t.Helper()
	d := NewDescriptor(Float64, []uint64{uint64(n)})
	d.Encoding, d.Compression, d.ByteOrder = "simple_packing", "zstd", order
	d.Params = map[string]any{"sp_bits_per_value": bits}
	msg, err := Encode(nil, []EncodeInput{{Descriptor: d, Data: randnFloat64(n), DataOrder: NativeOrder}}, &EncodeOptions{NoHash: true})
	if err != nil {
		t.Fatal(err)
	}
	return msg
}

// stagedDecode decodes object 0 of msg stage by stage (no fused path),
// in the descriptor's byte order.
func stagedDecode(ov *ObjectView) ([]byte, error) {
	p, err := BuildPipeline(ov.Descriptor, ov.Descriptor.Params, 1)
	if err != nil {
		return nil, err
	}
	packed, err := p.Compression.Decode(ov.Payload, p.EncodedSize())
	if err != nil {
		return nil, err
	}
	return p.Encoding.Decode(packed, -1)
}

// The fused zstd + simple_packing decode gives the staged path's bytes for
// every byte-aligned width, both byte orders and sizes around the chunk.
func TestZstdFusedDecodeMatchesStaged(t *testing.T) {
	for _, bits := range []uint64{8, 12, 16, 24, 32} {
		for _, order := range []ByteOrder{LittleEndian, BigEndian} {
			for _, n := range []int{1, 7, zstdFusedChunk, 3*zstdFusedChunk + 5} {
				t.Run(fmt.Sprintf("bits%d/order%d/n%d", bits, order, n), func(t *testing.T) {
					mv, err := ParseMessageRaw(spZstdMessage(t, n, bits, order), false)
					if err != nil {
						t.Fatal(err)
					}
					ov := &mv.Objects[0]
					want, err := stagedDecode(ov)
					if err != nil {
						t.Fatal(err)
					}
					p, err := BuildPipeline(ov.Descriptor, ov.Descriptor.Params, 1)
					if err != nil {
						t.Fatal(err)
					}
					got := make([]byte, 8*n)
					ok, err := p.Compression.(FusedCodec).DecodeFusedInto(p.Encoding, got, ov.Payload, p.EncodedSize())
					if err != nil {
						t.Fatal(err)
					}
					if ok != (bits%8 == 0) {
						t.Fatalf("fused path taken: %v, want %v", ok, bits%8 == 0)
					}
					if ok && !bytes.Equal(got, want) {
						t.Fatal("fused decode differs from the staged decode")
					}
					if err := ov.DecodeInto(got, &DecodeOptions{WireOrder: true}); err != nil || !bytes.Equal(got, want) {
						t.Fatalf("DecodeInto: %v, or bytes differ from the staged decode", err)
					}
				})
			}
		}
	}
}

// A payload the fused path cannot decode fails with the staged path's error.
func TestZstdFusedDecodeErrors(t *testing.T) {
	msg := spZstdMessage(t, 5000, 24, LittleEndian)
	mv, err := ParseMessageRaw(msg, false)
	if err != nil {
		t.Fatal(err)
	}
	ov := &mv.Objects[0]
	for name, payload := range map[string][]byte{
		"truncated": ov.Payload[:len(ov.Payload)/2],
		"garbage":   bytes.Repeat([]byte{0x5a}, 64),
		"empty":     {},
	} {
		bad := *ov
		bad.Payload = payload
		_, want := stagedDecode(&bad)
		err := bad.DecodeInto(make([]byte, 8*5000), nil)
		if want == nil || err == nil || err.Error() != want.Error() {
			t.Errorf("%s: DecodeInto error %v, staged error %v", name, err, want)
		}
	}
}

// FuzzZstdFusedDecode: on any payload, the fused decode either declines or
// gives the staged path's bytes, and it declines only where the staged path
// fails.
func FuzzZstdFusedDecode(f *testing.F) {
	for _, bits := range []uint64{8, 24} {
		mv, err := ParseMessageRaw(spZstdMessage(f, 300, bits, LittleEndian), false)
		if err == nil {
			f.Add(mv.Objects[0].Payload, uint8(bits/8), uint16(300))
		}
	}
	f.Fuzz(func(t *testing.T, payload []byte, width uint8, n uint16) {
		bits := uint64(width%4+1) * 8
		d := NewDescriptor(Float64, []uint64{uint64(n)})
		d.Encoding, d.Compression = "simple_packing", "zstd"
		d.Params = map[string]any{"sp_bits_per_value": bits, "sp_reference_value": 1.5,
			"sp_binary_scale_factor": int64(-3), "sp_decimal_scale_factor": int64(0)}
		ov := &ObjectView{Descriptor: d, Payload: payload}
		want, werr := stagedDecode(ov)
		p, err := BuildPipeline(d, d.Params, 1)
		if err != nil {
			t.Skip(err)
		}
		got := make([]byte, 8*int(n))
		ok, err := p.Compression.(FusedCodec).DecodeFusedInto(p.Encoding, got, payload, p.EncodedSize())
		switch {
		case err != nil:
			t.Fatalf("fused decode returned an error: %v", err)
		case ok && (werr != nil || !bytes.Equal(got, want)):
			t.Fatalf("fused decode succeeded where the staged path gave %v or other bytes", werr)
		case !ok && werr == nil && n > 0:
			t.Fatal("fused decode declined a payload the staged path decodes")
		}
	})
}

// loadSamplesBE's 24-bit reads (vector kernel where present, then Go)
// match a bytewise reference for every length and amount of slack after
// the samples, and never write past q.
func TestLoadSamples24(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	for n := 0; n <= 70; n++ {
		for slack := 0; slack <= 5; slack++ {
			src := make([]byte, 3*n+slack)
			r.Read(src)
			q := make([]uint32, n+1)
			q[n] = 0xdeadbeef
			loadSamplesBE(q[:n], src, 3)
			for i := 0; i < n; i++ {
				want := uint32(src[3*i])<<16 | uint32(src[3*i+1])<<8 | uint32(src[3*i+2])
				if q[i] != want {
					t.Fatalf("n=%d slack=%d: sample %d = %#x, want %#x", n, slack, i, q[i], want)
				}
			}
			if q[n] != 0xdeadbeef {
				t.Fatalf("n=%d slack=%d: wrote past q", n, slack)
			}
		}
	}
}
