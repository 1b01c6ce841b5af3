package core

import (
	"bytes"
	"errors"
	"testing"
)

// blosc2Desc returns a descriptor of n float64 values compressed by
// blosc2 with codec at clevel 5.
func blosc2Desc(n uint64, codec string) *Descriptor {
	d := NewDescriptor(Float64, []uint64{n})
	d.Compression = "blosc2"
	d.Params = map[string]any{"blosc2_codec": codec, "blosc2_clevel": uint64(5)}
	return d
}

// A blosc2 encode writes its frame into a recycled buffer and its blocks
// straight into the frame: with the collector off, an encode allocates
// about one message, an earlier message never changes, and the same input
// gives the same frame.
func TestBlosc2EncodeRecyclesPayloads(t *testing.T) {
	a, b := randnFloat64(1_000_000), randnFloat64(1_000_000)
	b[0] ^= 0xFF
	for _, codec := range []string{"lz4", "zstd"} {
		t.Run(codec, func(t *testing.T) { checkEncodeRecyclesPayloads(t, blosc2Desc(1_000_000, codec), a, b) })
	}
}

// Goroutines encoding blosc2 at once through the shared buffers each get
// their own frame back.
func TestBlosc2EncodeRecyclesConcurrently(t *testing.T) {
	errs := make(chan error, 4)
	for g := range 4 {
		go func() {
			codec := []string{"lz4", "zstd"}[g%2]
			d := blosc2Desc(100_000, codec)
			data := randnFloat64(100_000)
			data[8*g] ^= 0x55
			want, err := Encode(nil, []EncodeInput{{Descriptor: d, Data: data, DataOrder: NativeOrder}}, nil)
			for range 10 {
				var msg []byte
				if err == nil {
					msg, err = Encode(nil, []EncodeInput{{Descriptor: d, Data: data, DataOrder: NativeOrder}}, nil)
				}
				if err == nil && !bytes.Equal(objectPayload(t, msg), objectPayload(t, want)) {
					err = errors.New("frame differs from the same goroutine's first")
				}
				if err != nil {
					errs <- err
					return
				}
			}
			mv, err := ParseMessageRaw(want, false)
			if err == nil {
				got := make([]byte, len(data))
				if err = mv.Objects[0].DecodeInto(got, &DecodeOptions{WireOrder: true}); err == nil && !bytes.Equal(got, data) {
					err = errors.New("decoded values are another goroutine's")
				}
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}
