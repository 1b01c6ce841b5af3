package zfp

import (
	"fmt"
	"math"
	"math/bits"

	"github.com/tensogram-go/tensogram-go/core/codec/internal/codecerr"
)

// Mode selects how zfp bounds the size or the error of each block.
type Mode int

// Compression modes, as upstream Tensogram's zfp_mode names them.
const (
	// FixedRate spends exactly the same number of bits on every block of
	// four values (Params.Rate bits per value), so block i starts at a
	// known bit offset.
	FixedRate Mode = iota + 1
	// FixedPrecision encodes Params.Precision bit planes per block.
	FixedPrecision
	// FixedAccuracy encodes bit planes down to the power of two at or
	// below Params.Tolerance.
	FixedAccuracy
)

// modeNames holds upstream's zfp_mode name of each Mode.
var modeNames = [...]string{FixedRate: "fixed_rate", FixedPrecision: "fixed_precision", FixedAccuracy: "fixed_accuracy"}

// String returns "fixed_rate", "fixed_precision" or "fixed_accuracy".
func (m Mode) String() string {
	if m >= FixedRate && int(m) < len(modeNames) {
		return modeNames[m]
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

// ParseMode maps "fixed_rate", "fixed_precision" and "fixed_accuracy" to a
// Mode; any other name returns ok = false.
func ParseMode(name string) (m Mode, ok bool) {
	for m := FixedRate; int(m) < len(modeNames); m++ {
		if modeNames[m] == name {
			return m, true
		}
	}
	return 0, false
}

// Params is one compression mode with its parameter. Only the field of the
// selected mode is read.
type Params struct {
	Mode Mode
	// Rate is the bits per value of FixedRate. As in libzfp, a block gets
	// floor(4*Rate + 0.5) bits, at least 12 (the 1-D double minimum).
	Rate float64
	// Precision is the number of bit planes of FixedPrecision; 0 and
	// values above 64 mean 64.
	Precision uint32
	// Tolerance is the absolute error bound of FixedAccuracy; it must be
	// positive (libzfp reports 0 for any other value, which upstream
	// treats as an error).
	Tolerance float64
}

// zfp 1.0 constants for the 1-D double codec.
const (
	blockSize   = 4     // values per 1-D block
	ebits       = 11    // exponent bits of a double
	ebias       = 1023  // exponent bias of a double
	maxPrec     = 64    // bit planes of a 64-bit integer coefficient
	minExp      = -1074 // smallest double exponent (ZFP_MIN_EXP)
	maxBitsAny  = 16658 // ZFP_MAX_BITS
	headerBits  = 148   // ZFP_HEADER_MAX_BITS, counted by the maximum size
	wordBits    = 64    // zfp flushes whole 64-bit stream words
	minRateBits = 1 + ebits
)

// config is libzfp's expert-mode quadruple the three modes set.
type config struct {
	minBits, maxBits uint32
	maxPrec          uint32
	minExp           int
}

// config returns the expert parameters libzfp 1.0's zfp_stream_set_rate
// (1-D double, unaligned), zfp_stream_set_precision and
// zfp_stream_set_accuracy set for p.
func (p Params) config() (config, error) {
	switch p.Mode {
	case FixedRate:
		b, err := rateBits(p.Rate)
		if err != nil {
			return config{}, err
		}
		return config{minBits: b, maxBits: b, maxPrec: maxPrec, minExp: minExp}, nil
	case FixedPrecision:
		prec := p.Precision
		if prec == 0 || prec > maxPrec {
			prec = maxPrec
		}
		return config{minBits: 1, maxBits: maxBitsAny, maxPrec: prec, minExp: minExp}, nil
	case FixedAccuracy:
		if !(p.Tolerance > 0) {
			return config{}, codecerr.Errorf(ErrParams, "fixed_accuracy tolerance must be positive, got %v", p.Tolerance)
		}
		// tolerance = f * 2^e with 0.5 <= f < 1; math.Frexp(+Inf) gives
		// e = 0 like the C library, hence a minimum exponent of -1.
		_, e := math.Frexp(p.Tolerance)
		return config{minBits: 1, maxBits: maxBitsAny, maxPrec: maxPrec, minExp: e - 1}, nil
	}
	return config{}, codecerr.Errorf(ErrParams, "unknown mode %d", int(p.Mode))
}

// rateBits is the per-block bit budget of a fixed rate: floor(4*rate+0.5),
// at least 12. Rates whose budget is negative, NaN or does not fit 32 bits
// are rejected (libzfp's conversion is undefined there).
func rateBits(rate float64) (uint32, error) {
	f := math.Floor(blockSize*rate + 0.5)
	if !(f >= 0 && f <= math.MaxUint32) {
		return 0, codecerr.Errorf(ErrParams, "fixed_rate rate %v out of range [0, %v]", rate, (math.MaxUint32-0.5)/blockSize)
	}
	return max(uint32(f), minRateBits), nil
}

// Validate reports whether p is a usable mode (see the Params fields).
func (p Params) Validate() error {
	_, err := p.config()
	return err
}

// BlockBits returns the fixed number of bits every block takes in
// FixedRate mode, and ok = false for the other modes.
func (p Params) BlockBits() (n uint64, ok bool) {
	if p.Mode != FixedRate {
		return 0, false
	}
	c, err := p.config()
	if err != nil {
		return 0, false
	}
	return uint64(c.maxBits), true
}

// blocks returns the number of 4-value blocks of n values.
func blocks(n uint64) uint64 { return n/blockSize + boolU64(n%blockSize != 0) }

func boolU64(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// MaxSize returns libzfp 1.0's zfp_stream_maximum_size for n doubles in a
// 1-D field: room for the largest block the mode can emit, for every
// block, plus a header allowance, rounded up to whole 64-bit words. It is the bound upstream
// decodes against: longer streams are rejected (ErrTooLong) and shorter
// ones are read as if zero-padded to this size. For n = 0 it is 0 (libzfp
// sees a field of no dimensions).
func MaxSize(n uint64, p Params) (uint64, error) {
	c, err := p.config()
	if err != nil {
		return 0, err
	}
	return c.maxSize(n)
}

func (c config) maxSize(n uint64) (uint64, error) {
	if n == 0 {
		return 0, nil
	}
	per := uint64(1+ebits) + blockSize - 1 + blockSize*uint64(min(c.maxPrec, maxPrec))
	per = min(per, uint64(c.maxBits))
	per = max(per, uint64(c.minBits))
	hi, lo := bits.Mul64(blocks(n), per)
	total, carry := bits.Add64(lo, headerBits+wordBits-1, 0)
	if hi != 0 || carry != 0 {
		return 0, codecerr.Errorf(ErrLength, "%d values overflow the maximum stream size", n)
	}
	return total &^ (wordBits - 1) / 8, nil
}
