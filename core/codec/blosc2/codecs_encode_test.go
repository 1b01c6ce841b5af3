package blosc2

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// lz4Encode appends the same bytes whether dst has a stream's length free
// (pierrec writes in place) or not (dst grows first).
func TestLZ4EncodeRoomOrGrow(t *testing.T) {
	stream := bytes.Repeat([]byte("tensogram blosc2 lz4 stream "), 300)
	for _, incompressible := range []bool{false, true} {
		src := stream
		if incompressible {
			src = make([]byte, 5000)
			rng := rand.New(rand.NewPCG(1, 2))
			for i := range src {
				src[i] = byte(rng.Uint32())
			}
		}
		for _, c := range []Codec{LZ4, LZ4HC} {
			p := &Params{Codec: c, Clevel: 5}
			roomy, okR, errR := lz4Encode(append(make([]byte, 0, 3+len(src)), 1, 2, 3), src, p)
			tight, okT, errT := lz4Encode([]byte{1, 2, 3}, src, p)
			if errR != nil || errT != nil || okR != okT || !bytes.Equal(roomy, tight) {
				t.Fatalf("codec %v incompressible=%v: roomy %d bytes ok=%v err=%v, tight %d ok=%v err=%v",
					c, incompressible, len(roomy), okR, errR, len(tight), okT, errT)
			}
			if okR == incompressible {
				t.Fatalf("codec %v incompressible=%v: ok=%v", c, incompressible, okR)
			}
		}
	}
}
