package simplepacking

import (
	"errors"
	"math"
	"math/rand"
	"testing"
)

// quantiseRef is quantise's definition: math.Round of (v − ref) × scale,
// saturated to [0, maxq], NaN → 0.
func quantiseRef(v, ref, scale float64, maxq uint64) uint64 {
	r := math.Round(float64(v-ref) * scale)
	switch {
	case r != r || r <= 0:
		return 0
	case r >= 0x1p64:
		return maxq
	}
	return min(uint64(r), maxq)
}

// The branch-free rounding agrees with math.Round on fractions at and
// around one half, large magnitudes and random values.
func TestQuantiseRounding(t *testing.T) {
	xs := []float64{0, 0.25, 0.49999999999999994, 0.5, 0.5000000000000001, 1.5, 2.5, 1 << 52, 1<<52 + 1, 1 << 53,
		4503599627370495.5, 1<<32 - 0.5, 1<<32 - 1, 1 << 63, 1.8446744073709552e19, math.Inf(1), math.NaN(), -0.5}
	r := rand.New(rand.NewSource(7))
	for range 200000 {
		xs = append(xs, r.Float64()*float64(uint64(1)<<uint(r.Intn(64))))
	}
	for _, x := range xs {
		for _, maxq := range []uint64{1<<24 - 1, 1<<32 - 1, math.MaxUint64} {
			if got, want := quantise(x, 0, 1, maxq), quantiseRef(x, 0, 1, maxq); got != want {
				t.Fatalf("quantise(%v, maxq %d) = %d, want %d", x, maxq, got, want)
			}
		}
	}
}

// quantise32 is quantise for every code width the Quantiser allows.
func TestQuantise32MatchesQuantise(t *testing.T) {
	xs := []float64{0, 0.49999999999999994, 0.5, 1.5, 1<<24 - 0.5, 1<<24 + 7, 1<<32 - 0.5, 1<<32 - 1, 1 << 32,
		1<<32 + 0.5, 1 << 40, 1 << 63, 1 << 64, math.MaxFloat64, math.Inf(1), math.Inf(-1), math.NaN(), -0.5, -1e300}
	r := rand.New(rand.NewSource(9))
	for range 200000 {
		xs = append(xs, (r.Float64()-0.01)*float64(uint64(1)<<uint(r.Intn(40))))
	}
	for _, x := range xs {
		for _, bits := range []uint32{1, 8, 16, 24, 31, 32} {
			maxq := maxQ(bits)
			if got, want := quantise32(x, 0, 1, maxq), quantise(x, 0, 1, maxq); uint64(got) != want {
				t.Fatalf("quantise32(%v, %d bits) = %d, want %d", x, bits, got, want)
			}
		}
	}
}

// minMax keeps the first of equal extremes (−0 versus +0) and reports the
// first non-finite value, wherever it is.
func TestMinMaxZerosAndFirstNonFinite(t *testing.T) {
	negZero := math.Copysign(0, -1)
	lo, hi, err := minMax([]float64{0, negZero, 1})
	if err != nil || math.Signbit(lo) || hi != 1 {
		t.Fatalf("minMax(+0, -0, 1) = %v %v %v", lo, hi, err)
	}
	if lo, _, _ := minMax([]float64{negZero, 0}); !math.Signbit(lo) {
		t.Fatal("minMax(-0, +0): the first zero is the minimum")
	}
	vals := []float64{1, 2, math.Inf(-1), math.NaN()}
	_, _, err = minMax(vals)
	var ve *ValueError
	if !errors.As(err, &ve) || ve.Kind != ErrInf || ve.Index != 2 {
		t.Fatalf("first non-finite: %v", err)
	}
}
