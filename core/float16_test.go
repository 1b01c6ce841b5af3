package core

import (
	"math"
	"testing"
)

// Every half value survives float32 and back; NaNs stay NaN.
func TestFloat16RoundTripAll(t *testing.T) {
	for i := 0; i < 1<<16; i++ {
		h := Float16Bits(i)
		f := h.Float32()
		back := ToFloat16(f)
		if f != f {
			if back.Float32() == back.Float32() {
				t.Fatalf("%#04x: NaN became %#04x", i, back)
			}
			continue
		}
		if back != h {
			t.Fatalf("%#04x -> %v -> %#04x", i, f, back)
		}
	}
}

// Rounding to half is to nearest, ties to even, with overflow to Inf and
// underflow to zero.
func TestToFloat16Rounding(t *testing.T) {
	for _, c := range []struct {
		f    float32
		want Float16Bits
	}{
		{1, 0x3c00}, {-2, 0xc000}, {65504, 0x7bff}, {65519, 0x7bff}, {65520, 0x7c00},
		{float32(math.Inf(-1)), 0xfc00}, {0.1, 0x2e66}, {1 + 1.0/2048, 0x3c00}, // tie, even below
		{1 + 3.0/2048, 0x3c02}, // tie, even above
		{5.960464477539063e-08, 0x0001}, {2.98e-08, 0x0000}, {2.99e-08, 0x0001},
		{6.097555e-05, 0x03ff}, {6.1035156e-05, 0x0400},
	} {
		if got := ToFloat16(c.f); got != c.want {
			t.Errorf("ToFloat16(%v) = %#04x, want %#04x", c.f, got, c.want)
		}
	}
}

// bfloat16 is the rounded upper half of a float32.
func TestBFloat16(t *testing.T) {
	for _, c := range []struct {
		f    float32
		want BFloat16Bits
	}{
		{1, 0x3f80}, {-2, 0xc000}, {math.Float32frombits(0x3f808000), 0x3f80}, // tie, even below
		{math.Float32frombits(0x3f818000), 0x3f82}, // tie, even above
		{math.MaxFloat32, 0x7f80}, {float32(math.Inf(1)), 0x7f80},
	} {
		if got := ToBFloat16(c.f); got != c.want {
			t.Errorf("ToBFloat16(%v) = %#04x, want %#04x", c.f, got, c.want)
		}
	}
	for i := 0; i < 1<<16; i++ {
		h := BFloat16Bits(i)
		if f := h.Float32(); f == f && ToBFloat16(f) != h {
			t.Fatalf("%#04x does not round-trip", i)
		}
	}
	if nan := ToBFloat16(float32(math.NaN())).Float32(); nan == nan {
		t.Fatal("NaN lost")
	}
}
