package zfp

import (
	"encoding/binary"
	"math"
	"testing"
)

// generalBlock returns the first 64 bits encoder.block writes for fb
// under c (the general, plane-by-plane coder).
func generalBlock(c *config, fb *[blockSize]float64) uint64 {
	e := encoder{c: c}
	b := *fb
	e.block(&b)
	e.w.flush()
	return binary.LittleEndian.Uint64(append(e.w.out, make([]byte, 8)...))
}

// checkWordBlock compares wordBlock with the general coder on one block
// at every word-sized fixed rate.
func checkWordBlock(t *testing.T, fb *[blockSize]float64) {
	t.Helper()
	for nb := uint32(minRateBits); nb <= wordBits; nb++ {
		c := config{minBits: nb, maxBits: nb, maxPrec: maxPrec, minExp: minExp}
		if !c.wordRate() {
			t.Fatalf("%d-bit rate not word-sized", nb)
		}
		b := *fb
		if got, want := c.wordBlock(&b), generalBlock(&c, fb); got != want {
			t.Fatalf("%v at %d bits: word path %#x, general coder %#x", *fb, nb, got, want)
		}
	}
}

// TestWordBlockMatchesGeneral checks the word-sized fixed-rate coder
// against the general block coder on every data kind and on blocks
// mixing extreme values.
func TestWordBlockMatchesGeneral(t *testing.T) {
	for _, kind := range dataKinds {
		v := genData(kind, 4096, 7)
		for j := 0; j < len(v); j += blockSize {
			checkWordBlock(t, (*[blockSize]float64)(v[j:j+blockSize]))
		}
	}
	special := []float64{0, math.Copysign(0, -1), 5e-324, -5e-324, math.SmallestNonzeroFloat64 * 1e10,
		math.Ldexp(1, -961), math.Ldexp(1, -962), -math.Ldexp(1.5, -961), math.MaxFloat64, -math.MaxFloat64,
		math.Inf(1), math.Inf(-1), math.NaN(), 1, -1, 0.5, 3, 1e300, -1e-300}
	for _, a := range special {
		for _, b := range special {
			checkWordBlock(t, &[blockSize]float64{a, b, 1, -a})
			checkWordBlock(t, &[blockSize]float64{b, 0, a, b})
		}
	}
}

// TestWordRateScope checks which configurations take the word path.
func TestWordRateScope(t *testing.T) {
	for _, tc := range []struct {
		p    Params
		want bool
	}{
		{Params{Mode: FixedRate, Rate: 16}, true},
		{Params{Mode: FixedRate, Rate: 3}, true},
		{Params{Mode: FixedRate, Rate: 16.2}, false}, // 65 bits
		{Params{Mode: FixedPrecision, Precision: 16}, false},
		{Params{Mode: FixedAccuracy, Tolerance: 1e-3}, false},
	} {
		c, err := tc.p.config()
		if err != nil {
			t.Fatal(err)
		}
		if c.wordRate() != tc.want {
			t.Errorf("%+v: wordRate %v, want %v", tc.p, c.wordRate(), tc.want)
		}
	}
}

// FuzzWordBlock compares the word-sized fixed-rate coder with the
// general block coder on arbitrary blocks and rates.
func FuzzWordBlock(f *testing.F) {
	f.Add(uint64(0), uint64(0), uint64(0), uint64(0), byte(52))
	f.Add(math.Float64bits(1), math.Float64bits(-2), math.Float64bits(3e-300), math.Float64bits(math.Inf(1)), byte(0))
	f.Add(math.Float64bits(0.1), math.Float64bits(0.2), math.Float64bits(0.3), math.Float64bits(0.4), byte(20))
	f.Fuzz(func(t *testing.T, a, b, c, d uint64, rate byte) {
		nb := minRateBits + uint32(rate)%(wordBits-minRateBits+1)
		cfg := config{minBits: nb, maxBits: nb, maxPrec: maxPrec, minExp: minExp}
		fb := [blockSize]float64{math.Float64frombits(a), math.Float64frombits(b), math.Float64frombits(c), math.Float64frombits(d)}
		in := fb
		if got, want := cfg.wordBlock(&in), generalBlock(&cfg, &fb); got != want {
			t.Fatalf("%v at %d bits: word path %#x, general coder %#x", fb, nb, got, want)
		}
	})
}

// TestPlaneWindow checks planeWindow against interleavePlanes.
func TestPlaneWindow(t *testing.T) {
	v := genData("noisy", 64, 3)
	for j := 0; j < len(v); j += 4 {
		ub := [blockSize]uint64{math.Float64bits(v[j]), math.Float64bits(v[j+1]) * 7, math.Float64bits(v[j+2]) >> 3, math.Float64bits(v[j+3]) ^ 0x5555}
		for k := 0; k < maxPrec; k++ {
			q := min(uint(k+1), 16)
			want := interleavePlanes(&ub, k, q)
			// Below plane 0 the window holds zeros: equal in every bit.
			if got := planeWindow(&ub, k); got != want {
				t.Fatalf("plane %d of %x: window %#x, interleave %#x", k, ub, got, want)
			}
		}
	}
}
