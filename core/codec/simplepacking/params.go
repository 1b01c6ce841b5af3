package simplepacking

import "math"

// MaxBits is the largest supported bits-per-value.
const MaxBits = 64

// Params are the four simple_packing parameters stored in a descriptor
// (sp_reference_value, sp_binary_scale_factor, sp_decimal_scale_factor,
// sp_bits_per_value). A value is reconstructed as
// ReferenceValue + 2^BinaryScaleFactor × 10^−DecimalScaleFactor × q.
type Params struct {
	ReferenceValue     float64
	BinaryScaleFactor  int32
	DecimalScaleFactor int32
	BitsPerValue       uint32
}

// Powi returns x raised to the integer power n using the repeated-squaring
// loop of Rust's f64::powi (compiler-rt __powidf2), so results are
// bit-identical to upstream (math.Pow may differ in the last ulp).
func Powi(x float64, n int32) float64 {
	r := 1.0
	m := uint32(n)
	if n < 0 {
		m = uint32(-int64(n))
	}
	for {
		if m&1 != 0 {
			r = float64(r * x)
		}
		m >>= 1
		if m == 0 {
			break
		}
		x = float64(x * x)
	}
	if n < 0 {
		return 1 / r
	}
	return r
}

// maxPacked returns 2^bits − 1 as a float64 (2^64 for bits = 64).
func maxPacked(bits uint32) float64 {
	return float64(maxQ(bits))
}

// maxQ returns the largest quantised integer for bits (bits ≤ 64).
func maxQ(bits uint32) uint64 {
	if bits >= 64 {
		return math.MaxUint64
	}
	return 1<<bits - 1
}

// saturateInt32 converts f to int32 with Rust `as i32` semantics: NaN → 0,
// out-of-range values saturate.
func saturateInt32(f float64) int32 {
	switch {
	case math.IsNaN(f):
		return 0
	case f >= math.MaxInt32:
		return math.MaxInt32
	case f <= math.MinInt32:
		return math.MinInt32
	}
	return int32(f)
}

// ComputeParams derives packing parameters for values at the given bit
// width and decimal scale factor, exactly like upstream's compute_params:
// the reference value is the minimum, and the binary scale factor is
// ceil(log2(range × 10^D / (2^B − 1))) (0 for a constant field). With no
// values or bits = 0 the reference is the first value (0 if none) and no
// NaN/Inf scan happens. The first NaN or ±Inf yields a *ValueError.
func ComputeParams(values []float64, bits uint32, decimalScale int32) (Params, error) {
	if bits > MaxBits {
		return Params{}, &BitsError{Bits: bits}
	}
	p := Params{DecimalScaleFactor: decimalScale, BitsPerValue: bits}
	if len(values) == 0 || bits == 0 {
		if len(values) > 0 {
			p.ReferenceValue = values[0]
		}
		return p, nil
	}
	lo, hi, err := minMax(values)
	if err != nil {
		return Params{}, err
	}
	p.ReferenceValue = lo
	rng := float64(hi-lo) * Powi(10, decimalScale)
	mp := maxPacked(bits)
	if rng == 0 || mp == 0 {
		return p, nil
	}
	p.BinaryScaleFactor = saturateInt32(math.Ceil(math.Log2(rng / mp)))
	return p, nil
}

// minMax scans values in order, returning the extremes or the first
// non-finite value as a *ValueError.
func minMax(values []float64) (lo, hi float64, err error) {
	lo, hi = math.Inf(1), math.Inf(-1)
	// v − v is 0 for finite v and NaN for NaN and ±Inf, so the sum stays 0
	// while every value is finite: no test per value. (Comparisons, not
	// min/max: those order −0 before +0; the scan keeps the first of equal
	// values.)
	var nf float64
	for _, v := range values {
		nf += v - v
		if v < lo {
			lo = v
		}
		if v > hi {
			hi = v
		}
	}
	if nf == 0 {
		return lo, hi, nil
	}
	return minMaxSlow(values)
}

// minMaxSlow is minMax's scan with the first non-finite value reported.
func minMaxSlow(values []float64) (lo, hi float64, err error) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for i, v := range values {
		if v != v {
			return 0, 0, &ValueError{Kind: ErrNaN, Index: i}
		}
		if math.IsInf(v, 0) {
			return 0, 0, &ValueError{Kind: ErrInf, Index: i}
		}
		if v < lo {
			lo = v
		}
		if v > hi {
			hi = v
		}
	}
	return lo, hi, nil
}

// Validate checks the parameters the way the upstream encoder does before
// quantising: finite reference value, |BinaryScaleFactor| ≤ 256 and
// BitsPerValue ≤ 64.
func (p Params) Validate() error {
	if math.IsNaN(p.ReferenceValue) || math.IsInf(p.ReferenceValue, 0) {
		return referenceError(p.ReferenceValue)
	}
	if e := p.BinaryScaleFactor; e > 256 || e < -256 {
		return binaryScaleError(e)
	}
	if p.BitsPerValue > MaxBits {
		return &BitsError{Bits: p.BitsPerValue}
	}
	return nil
}

// PackedSize returns ceil(n × bits / 8), the packed length of n values, or
// an error wrapping ErrRange when it overflows int.
func PackedSize(n int, bitsPer uint32) (int, error) {
	if n < 0 {
		return 0, ErrRange
	}
	if bitsPer > MaxBits {
		return 0, &BitsError{Bits: bitsPer}
	}
	return spanBytes(0, n, bitsPer)
}
