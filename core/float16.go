package core

import "math"

// Float16Bits is one IEEE 754 half-precision value held as its bit pattern
// (Go has no 16-bit float). It is the element type for dtype Float16 in
// TensorOf, Values and DecodeValues.
type Float16Bits uint16

// BFloat16Bits is one bfloat16 value (the upper 16 bits of a float32) held
// as its bit pattern. It is the element type for dtype BFloat16 in TensorOf,
// Values and DecodeValues.
type BFloat16Bits uint16

// Float32 returns h as a float32 (exact: every half value is a float32).
func (h Float16Bits) Float32() float32 {
	sign := uint32(h&0x8000) << 16
	exp := uint32(h>>10) & 0x1f
	man := uint32(h) & 0x3ff
	switch {
	case exp == 0x1f: // Inf or NaN (payload kept)
		return math.Float32frombits(sign | 0x7f800000 | man<<13)
	case exp == 0: // zero or subnormal: man × 2^-24
		f := float32(man) * (1.0 / (1 << 24))
		if sign != 0 {
			f = -f
		}
		return f
	}
	return math.Float32frombits(sign | (exp+127-15)<<23 | man<<13)
}

// ToFloat16 rounds f to the nearest half-precision value (ties to even);
// values beyond ±65504 round to ±Inf and NaN stays NaN.
func ToFloat16(f float32) Float16Bits {
	b := math.Float32bits(f)
	sign := Float16Bits(b>>16) & 0x8000
	exp := int32(b>>23) & 0xff
	man := b & 0x7fffff
	if exp == 0xff {
		if man != 0 {
			return sign | 0x7e00 | Float16Bits(man>>13) // quiet NaN
		}
		return sign | 0x7c00
	}
	e := exp - 127 + 15
	if e >= 0x1f {
		return sign | 0x7c00
	}
	if e <= 0 { // subnormal half (or zero)
		if e < -10 {
			return sign
		}
		return sign | Float16Bits(roundShift(man|0x800000, uint32(14-e)))
	}
	// Normal: a carry out of the mantissa moves into the exponent, and out
	// of the largest exponent into 0x7c00 (Inf), both as IEEE requires.
	return sign | Float16Bits(roundShift(uint32(e)<<23|man, 13))
}

// roundShift returns m >> shift rounded to nearest, ties to even.
func roundShift(m, shift uint32) uint32 {
	q := m >> shift
	rem := m & (1<<shift - 1)
	half := uint32(1) << (shift - 1)
	if rem > half || (rem == half && q&1 == 1) {
		q++
	}
	return q
}

// Float32 returns h as a float32 (exact).
func (h BFloat16Bits) Float32() float32 {
	return math.Float32frombits(uint32(h) << 16)
}

// ToBFloat16 rounds f to the nearest bfloat16 value (ties to even); NaN
// stays NaN.
func ToBFloat16(f float32) BFloat16Bits {
	b := math.Float32bits(f)
	if b&0x7fffffff > 0x7f800000 {
		return BFloat16Bits(b>>16) | 0x40 // quiet NaN
	}
	return BFloat16Bits(roundShift(b, 16))
}
