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

// On random bit patterns of every length up to a few 64-byte blocks,
// including exponents one below all-ones and sign bits set,
// firstNonFinite finds what a per-component exponent test finds.
func TestFirstNonFiniteRandomBits(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	type lane struct {
		w    int
		mask uint64
	}
	lanes := map[DType]lane{Float16: {2, 0x7C00}, BFloat16: {2, 0x7F80}, Float32: {4, 0x7F800000},
		Complex64: {4, 0x7F800000}, Float64: {8, 0x7FF0000000000000}, Complex128: {8, 0x7FF0000000000000}}
	for dt, l := range lanes {
		for _, o := range []ByteOrder{LittleEndian, BigEndian} {
			for iter := 0; iter < 300; iter++ {
				n := r.Intn(300 / dt.Size())
				data := make([]byte, n*dt.Size())
				ncomp := len(data) / l.w
				for c := 0; c < ncomp; c++ {
					var v uint64
					switch r.Intn(4) {
					case 0: // random bits: non-finite about once per 2^8..2^11 lanes
						v = r.Uint64()
					case 1: // largest exponent below all-ones
						v = (l.mask - l.mask&-l.mask) | r.Uint64()&^l.mask
					default: // small values
						v = r.Uint64() & (l.mask >> 1) &^ (l.mask &^ (l.mask >> 1))
					}
					if r.Intn(8*n+1) == 0 {
						v |= l.mask
					}
					putUint(data[c*l.w:], v, l.w, o)
				}
				want := -1
				for c := 0; c < ncomp; c++ {
					var v uint64
					for k := 0; k < l.w; k++ {
						b := data[c*l.w+k]
						if o == BigEndian {
							v = v<<8 | uint64(b)
						} else {
							v |= uint64(b) << (8 * k)
						}
					}
					if v&l.mask == l.mask {
						want = c * l.w / dt.Size()
						break
					}
				}
				if got := firstNonFinite(data, dt, o); got != want {
					t.Fatalf("%s %s n=%d: got %d, want %d", dt, o, n, got, want)
				}
			}
		}
	}
}

// BenchmarkFirstNonFinite scans 4 MB of finite values (the encode pre-check).
func BenchmarkFirstNonFinite(b *testing.B) {
	data := make([]byte, 4<<20)
	r := rand.New(rand.NewSource(3))
	for i := range data {
		data[i] = byte(r.Intn(256)) & 0x3f
	}
	for _, dt := range []DType{Float16, Float32, Float64} {
		b.Run(dt.String(), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if firstNonFinite(data, dt, LittleEndian) >= 0 {
					b.Fatal("found a non-finite value")
				}
			}
		})
	}
}
