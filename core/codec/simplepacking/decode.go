package simplepacking

import (
	"math"
	"math/bits"

	"github.com/tensogram-go/tensogram-go/core/codec/internal/codecerr"
)

// Decode unpacks n values from packed (which must hold at least
// ceil(n × bits / 8) bytes). With 0 bits every value is the reference value
// and packed may be empty; the caller must bound n in that case, since no
// payload length limits it.
func Decode(packed []byte, n int, p Params, opts ...Option) ([]float64, error) {
	if err := checkDecode(packed, 0, n, p); err != nil {
		return nil, err
	}
	dst := make([]float64, n)
	decode(f64Sink(dst), packed, 0, n, p, buildConfig(opts))
	return dst, nil
}

// DecodeInto unpacks len(dst) values from packed into dst.
func DecodeInto(dst []float64, packed []byte, p Params, opts ...Option) error {
	if err := checkDecode(packed, 0, len(dst), p); err != nil {
		return err
	}
	decode(f64Sink(dst), packed, 0, len(dst), p, buildConfig(opts))
	return nil
}

// DecodeBytesInto unpacks len(dst)/8 values from packed and stores them in
// dst as IEEE-754 float64 in the given byte order (bigEndian true for big).
// len(dst) must be a multiple of 8.
func DecodeBytesInto(dst []byte, bigEndian bool, packed []byte, p Params, opts ...Option) error {
	if len(dst)%8 != 0 {
		return codecerr.Errorf(ErrRange, "destination length %d is not a multiple of 8", len(dst))
	}
	n := len(dst) / 8
	if err := checkDecode(packed, 0, n, p); err != nil {
		return err
	}
	c := buildConfig(opts)
	if bigEndian {
		decode(beSink(dst), packed, 0, n, p, c)
	} else {
		decode(leSink(dst), packed, 0, n, p, c)
	}
	return nil
}

// checkDecode validates the bit width and that packed holds n values
// starting at bit offset off.
func checkDecode(packed []byte, off, n int, p Params) error {
	if p.BitsPerValue > MaxBits {
		return &BitsError{Bits: p.BitsPerValue}
	}
	if n < 0 || off < 0 || off > 7 {
		return ErrRange
	}
	if p.BitsPerValue == 0 {
		return nil
	}
	need, err := spanBytes(off, n, p.BitsPerValue)
	if err != nil {
		return err
	}
	if len(packed) < need {
		return insufficientError(need, len(packed))
	}
	return nil
}

// spanBytes returns ceil((off + n×bits)/8), computed in 128 bits.
func spanBytes(off, n int, bitsPer uint32) (int, error) {
	if n < 0 || off < 0 {
		return 0, ErrRange
	}
	hi, lo := bits.Mul64(uint64(n), uint64(bitsPer))
	lo, carry := bits.Add64(lo, uint64(off)+7, 0)
	hi += carry
	s := lo>>3 | hi<<61
	if hi>>3 != 0 || s > math.MaxInt {
		return 0, ErrRange
	}
	return int(s), nil
}

// InverseScale returns 2^E × 10^−D computed in upstream's order.
func (p Params) InverseScale() float64 {
	return float64(Powi(2, p.BinaryScaleFactor) * Powi(10, -p.DecimalScaleFactor))
}

func decode[D sink](dst D, packed []byte, off, n int, p Params, c config) {
	if p.BitsPerValue == 0 {
		for i := 0; i < n; i++ {
			dst.set(i, p.ReferenceValue)
		}
		return
	}
	inv := p.InverseScale()
	bounds := splitChunks(n, c.threads)
	_ = runChunks(bounds, func(lo, hi int) error {
		unpackRange(dst, packed, off, lo, hi, p.ReferenceValue, inv, p.BitsPerValue)
		return nil
	})
}
