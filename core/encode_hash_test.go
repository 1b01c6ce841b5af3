package core

import (
	"math"
	"testing"
)

// Data-frame hashes are the xxh3 of the frame region whatever the payload
// size (the chunked copy-and-hash path starts at hashChunk bytes), with and
// without byte swapping and with NaN mask blobs after the payload.
func TestDataFrameHashAcrossChunkSizes(t *testing.T) {
	for _, n := range []int{hashChunk/8 - 1, hashChunk / 8, hashChunk/8 + 1, 3*hashChunk/8 + 5} {
		for _, order := range []ByteOrder{LittleEndian, BigEndian} {
			for _, nan := range []bool{false, true} {
				data := make([]byte, 8*n)
				for i := 0; i < n; i++ {
					v := float64(i) * 0.5
					if nan && i%1000 == 7 {
						v = math.NaN()
					}
					putUint(data[8*i:], math.Float64bits(v), 8, NativeOrder)
				}
				d := NewDescriptor(Float64, []uint64{uint64(n)})
				d.ByteOrder = order
				msg, err := Encode(nil, []EncodeInput{{Descriptor: d, Data: data, DataOrder: NativeOrder}}, &EncodeOptions{AllowNaN: true})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := Decode(msg, &DecodeOptions{VerifyHash: true}); err != nil {
					t.Fatalf("n=%d %s nan=%v: %v", n, order, nan, err)
				}
				_, ov, err := ParseObject(msg, 0, false)
				if err != nil {
					t.Fatal(err)
				}
				fr := ov.Frame
				region := fr[FrameHeaderSize : len(fr)-DataFrameFooterSize]
				if got, want := be.Uint64(fr[len(fr)-12:]), HashXXH3(region); got != want {
					t.Fatalf("n=%d %s nan=%v: slot %016x, xxh3 of the region %016x", n, order, nan, got, want)
				}
			}
		}
	}
}
