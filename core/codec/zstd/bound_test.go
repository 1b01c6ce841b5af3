package zstd

import (
	"math/rand"
	"testing"
)

// TestCompressBound: incompressible input of every block-size class fits in
// CompressBound, and Compress writes it into the buffer it allocated up
// front (no regrowth: the capacity is still the bound).
func TestCompressBound(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	for _, n := range []int{0, 1, 100, 128<<10 - 1, 128 << 10, 128<<10 + 1, 1 << 20, 4<<20 + 7} {
		src := make([]byte, n)
		r.Read(src)
		for _, level := range []int{1, 3, 9, 19} {
			out, err := Compress(src, level)
			if err != nil {
				t.Fatal(err)
			}
			if len(out) > CompressBound(n) {
				t.Errorf("n=%d level %d: frame of %d bytes exceeds the bound %d", n, level, len(out), CompressBound(n))
			}
			if cap(out) != CompressBound(n) {
				t.Errorf("n=%d level %d: capacity %d, want the bound %d (buffer regrown)", n, level, cap(out), CompressBound(n))
			}
			back, err := Decompress(out)
			if err != nil || len(back) != n {
				t.Fatalf("n=%d level %d: round trip gave %d bytes, %v", n, level, len(back), err)
			}
		}
	}
}
