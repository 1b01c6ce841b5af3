package core

import (
	"math/rand"
	"testing"
)

// firstNonFinite agrees with per-element classification at every position.
func TestFirstNonFinite(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for _, dt := range []DType{Float16, BFloat16, Float32, Float64, Complex64, Complex128} {
		for _, o := range []ByteOrder{LittleEndian, BigEndian} {
			for n := 0; n < 9; n++ {
				for pos := -1; pos < n; pos++ {
					data := make([]byte, n*dt.Size())
					for i := range data {
						data[i] = byte(r.Intn(256)) & 0x3f
					}
					want := -1
					if pos >= 0 {
						kind := []string{MaskNaN, MaskPosInf, MaskNegInf}[r.Intn(3)]
						pat, w := nonFinitePattern(dt, kind)
						c := r.Intn(dt.Size() / w)
						putUint(data[pos*dt.Size()+c*w:], pat, w, o)
						want = pos
					}
					if got := firstNonFinite(data, dt, o); got != want {
						t.Fatalf("%s %s n=%d pos=%d: got %d", dt, o, n, pos, got)
					}
				}
			}
		}
	}
}
