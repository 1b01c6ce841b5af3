package blosc2

import (
	"bytes"
	"math/rand"
	"testing"
)

// TestFiltersInvert checks shuffle, bitshuffle and delta against their
// inverses and the fast typesize-8 paths against the generic loop, for
// lengths with leftover bytes and elements.
func TestFiltersInvert(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	for _, ts := range []int{1, 2, 3, 4, 8, 16} {
		for _, n := range []int{0, 1, 7, 8, 63, 64, 65, 1000, 1003} {
			src := make([]byte, n)
			r.Read(src)
			a, b := make([]byte, n), make([]byte, n)
			shuffle(a, src, ts)
			want := make([]byte, n)
			e := n / ts
			for j := 0; j < ts && e > 0; j++ {
				for i := 0; i < e; i++ {
					want[j*e+i] = src[i*ts+j]
				}
			}
			copy(want[e*ts:], src[e*ts:])
			if !bytes.Equal(a, want) {
				t.Fatalf("shuffle ts %d n %d", ts, n)
			}
			unshuffle(b, a, ts)
			if !bytes.Equal(b, src) {
				t.Fatalf("unshuffle ts %d n %d", ts, n)
			}
			bitshuffle(a, src, ts)
			bitunshuffle(b, a, ts, chunkVersion)
			if !bytes.Equal(b, src) {
				t.Fatalf("bitshuffle ts %d n %d", ts, n)
			}
			if n >= ts {
				blk := make([]byte, n)
				deltaEncode(a, src, nil, ts)
				copy(blk, a)
				deltaDecode(blk, nil, ts)
				if !bytes.Equal(blk, src) {
					t.Fatalf("delta block 0 ts %d n %d", ts, n)
				}
				ref := make([]byte, n)
				r.Read(ref)
				deltaEncode(a, src, ref, ts)
				deltaDecode(a, ref, ts)
				if !bytes.Equal(a, src) {
					t.Fatalf("delta ts %d n %d", ts, n)
				}
			}
		}
	}
}
