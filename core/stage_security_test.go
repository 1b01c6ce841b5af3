package core

import (
	"bytes"
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/tensogram-go/tensogram-go/core/codec/lz4"
	"github.com/tensogram-go/tensogram-go/core/codec/zstd"
)

// preEncoded builds a message whose payload is given verbatim.
func preEncoded(t *testing.T, d *Descriptor, payload []byte) []byte {
	t.Helper()
	return mustEncode(t, nil, []EncodeInput{{Descriptor: d, Data: payload}}, &EncodeOptions{PreEncoded: true})
}

// allocDuring returns the bytes allocated while f runs.
func allocDuring(f func()) uint64 {
	var a, b runtime.MemStats
	runtime.ReadMemStats(&a)
	f()
	runtime.ReadMemStats(&b)
	return b.TotalAlloc - a.TotalAlloc
}

// Decompressor output is bounded by the size the descriptor declares, and
// declared sizes no payload could produce are refused before allocating.
func TestStageDecodeBounds(t *testing.T) {
	zeros := make([]byte, 8<<20)
	zb, err := zstd.Compress(zeros, 3)
	if err != nil {
		t.Fatal(err)
	}
	lb, err := lz4.Compress(zeros)
	if err != nil {
		t.Fatal(err)
	}
	huge := []uint64{1 << 31}
	cases := []struct {
		name    string
		d       *Descriptor
		payload []byte
		cause   error
	}{
		{"zstd bomb", descFor(Float32, 100, LittleEndian, pipelineCase{"none", "none", "zstd", nil}), zb, zstd.ErrSizeLimit},
		{"lz4 bomb", descFor(Float32, 100, LittleEndian, pipelineCase{"none", "none", "lz4", nil}), lb, lz4.ErrSizeLimit},
		{"lz4 prefix", descFor(Float32, 2, LittleEndian, pipelineCase{"none", "none", "lz4", nil}), []byte{0xf0, 0xff, 0xff, 0xff, 0x00}, lz4.ErrSizeLimit},
		{"lz4 empty declared", descFor(Float32, 0, LittleEndian, pipelineCase{"none", "none", "lz4", nil}), []byte{8, 0, 0, 0, 0x80, 1, 2, 3, 4, 5, 6, 7, 8}, lz4.ErrSizeLimit},
		{"szip huge", func() *Descriptor {
			d := descFor(Float32, 1, LittleEndian, pipelineCase{"none", "none", "szip", szipParams(8)})
			d.Shape, d.Strides = huge, []uint64{1}
			return d
		}(), []byte{1, 2, 3, 4}, nil},
		{"sp 0-bit huge", func() *Descriptor {
			d := descFor(Float64, 1, LittleEndian, pipelineCase{"simple_packing", "none", "lz4", map[string]any{"sp_bits_per_value": uint64(0), "sp_reference_value": 1.0, "sp_binary_scale_factor": int64(0), "sp_decimal_scale_factor": uint64(0)}})
			d.Shape, d.Strides = huge, []uint64{1}
			return d
		}(), []byte{0, 0, 0, 0, 0}, nil},
		{"rle huge", func() *Descriptor {
			d := descFor(Bitmask, 1, LittleEndian, pipelineCase{"none", "none", "rle", nil})
			d.Shape, d.Strides = []uint64{1 << 40}, []uint64{1}
			return d
		}(), []byte{0, 0, 0, 8, 0, 8}, nil},
	}
	for _, c := range cases {
		msg := preEncoded(t, c.d, c.payload)
		var derr error
		n := allocDuring(func() { _, derr = Decode(msg, nil) })
		if derr == nil {
			t.Fatalf("%s: decoded", c.name)
		}
		if c.cause != nil && !errors.Is(derr, c.cause) {
			t.Fatalf("%s: %v", c.name, derr)
		}
		t.Logf("%s: %v (%d bytes allocated)", c.name, derr, n)
		if n > 64<<20 {
			t.Fatalf("%s: allocated %d bytes before failing (%v)", c.name, n, derr)
		}
	}
}

// A truncated or corrupted codec payload is an error, never a panic, for
// every pipeline of the round-trip matrix.
func TestStageCorruptPayloads(t *testing.T) {
	data := smoothField(700)
	for _, c := range append(losslessCases(Float64), packingCases()...) {
		d := descFor(Float64, 700, LittleEndian, c)
		msg, err := Encode(nil, []EncodeInput{{Descriptor: d, Data: data, DataOrder: NativeOrder}}, &EncodeOptions{NoHash: true})
		if err != nil {
			continue // e.g. none+none+szip on 64-bit samples
		}
		_, ov, err := ParseObject(msg, 0, false)
		if err != nil {
			t.Fatal(err)
		}
		start := bytes.Index(msg, ov.Payload)
		for _, cut := range []int{0, 1, len(ov.Payload) / 2, len(ov.Payload) - 1} {
			if cut < 0 || cut >= len(ov.Payload) || start < 0 {
				continue
			}
			bad := append([]byte(nil), msg...)
			for i := start + cut; i < start+len(ov.Payload); i++ {
				bad[i] ^= 0x5a
			}
			_, _ = Decode(bad, nil)
			_, _ = DecodeRange(bad, 0, []Range{{3, 100}}, nil)
		}
	}
}

// Empty tensors bound zstd output too, and masks never allocate for an
// element count no payload supports.
func TestStageDecodeBoundsEmptyAndMasks(t *testing.T) {
	zb, _ := zstd.Compress(make([]byte, 1<<20), 3)
	msg := preEncoded(t, descFor(Float32, 0, LittleEndian, pipelineCase{"none", "none", "zstd", nil}), zb)
	var derr error
	if n := allocDuring(func() { _, derr = Decode(msg, nil) }); derr == nil || n > 32<<20 {
		t.Fatalf("empty zstd bomb: %v, %d bytes", derr, n)
	}
	d := descFor(Float64, 1, LittleEndian, pipelineCase{"none", "none", "lz4", nil})
	d.Shape = []uint64{1 << 40}
	d.Masks = map[string]MaskInfo{MaskNaN: {Method: "rle", Offset: 5, Length: 3}}
	desc, err := d.MarshalCBOR()
	if err != nil {
		t.Fatal(err)
	}
	msg = tMessage(1, [][]byte{tFrame(FrameHeaderMetadata, 0, []byte{0xa0}, false), tDataFrame(desc, []byte{0, 0, 0, 0, 0, 0, 0x80, 0x80}, true, false)}, false)
	_, ov, err := ParseObject(msg, 0, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(ov.Descriptor.Masks) != 1 {
		t.Fatal("mask lost")
	}
	if _, err := ov.Masks(); err == nil || !strings.Contains(err.Error(), "exceed the limit") {
		t.Fatalf("mask of 2^40 elements: %v", err)
	}
}
