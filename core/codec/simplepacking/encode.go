package simplepacking

import "github.com/tensogram-go/tensogram-go/core/codec/internal/codecerr"

// Encode quantises values with p and returns the packed bytes
// (ceil(len(values) × p.BitsPerValue / 8) of them; empty for 0 bits).
// It rejects invalid parameters (see Params.Validate) and the first NaN or
// ±Inf value with a *ValueError.
func Encode(values []float64, p Params, opts ...Option) ([]byte, error) {
	return encode(f64Source(values), len(values), p, buildConfig(opts))
}

// EncodeBytes is Encode for raw IEEE-754 float64 bytes in the given byte
// order (bigEndian true for "big"). len(src) must be a multiple of 8.
func EncodeBytes(src []byte, bigEndian bool, p Params, opts ...Option) ([]byte, error) {
	if len(src)%8 != 0 {
		return nil, codecerr.Errorf(ErrRange, "data length %d is not a multiple of 8", len(src))
	}
	c := buildConfig(opts)
	if bigEndian {
		return encode(beSource(src), len(src)/8, p, c)
	}
	return encode(leSource(src), len(src)/8, p, c)
}

func encode[S source](src S, n int, p Params, c config) ([]byte, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	size, err := PackedSize(n, p.BitsPerValue)
	if err != nil {
		return nil, err
	}
	if p.BitsPerValue == 0 {
		if err := checkFinite(src, 0, n); err != nil {
			return nil, err
		}
		return []byte{}, nil
	}
	dst := make([]byte, size)
	scale := float64(Powi(10, p.DecimalScaleFactor) * Powi(2, -p.BinaryScaleFactor))
	bounds := splitChunks(n, c.threads)
	err = runChunks(bounds, func(lo, hi int) error {
		return packRange(dst, src, lo, hi, p.ReferenceValue, scale, p.BitsPerValue)
	})
	if err != nil {
		return nil, err
	}
	return dst, nil
}

// checkFinite returns a *ValueError for the first non-finite value in
// [lo, hi).
func checkFinite[S source](src S, lo, hi int) error {
	for i := lo; i < hi; i++ {
		if v := src.at(i); v-v != 0 {
			return nonFinite(v, i)
		}
	}
	return nil
}

func nonFinite(v float64, i int) error {
	if v != v {
		return &ValueError{Kind: ErrNaN, Index: i}
	}
	return &ValueError{Kind: ErrInf, Index: i}
}

// quantise maps one value to its integer code: round half away from zero
// of (v − ref) × scale, saturated to [0, maxq] (NaN → 0).
//
// For 0 < x < 2^64 the conversion to uint64 truncates and x − trunc(x) is
// exact, so adding one when that fraction is ≥ 0.5 is exactly math.Round,
// without its bit manipulation (x < 0.5 rounds to 0 either way).
func quantise(v, ref, scale float64, maxq uint64) uint64 {
	x := float64(v-ref) * scale
	if !(x > 0) {
		return 0
	}
	if x >= 18446744073709551616.0 {
		return maxq
	}
	q := uint64(x)
	if x-float64(q) >= 0.5 {
		q++
	}
	if q > maxq {
		return maxq
	}
	return q
}
