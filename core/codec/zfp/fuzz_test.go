package zfp

import (
	"errors"
	"math"
	"testing"

	"github.com/tensogram-go/tensogram-go/internal/testutil"
)

// fuzzParams derives a mode from two fuzz bytes.
func fuzzParams(mode, arg byte) Params {
	switch mode % 3 {
	case 0:
		return Params{Mode: FixedRate, Rate: float64(arg) / 3}
	case 1:
		return Params{Mode: FixedPrecision, Precision: uint32(arg)}
	}
	return Params{Mode: FixedAccuracy, Tolerance: math.Ldexp(1, int(arg)-128)}
}

// FuzzDecode feeds arbitrary streams and value counts to the decoder: it
// must never panic, fail only with the package's errors, and range decodes
// must agree with the full decode.
func FuzzDecode(f *testing.F) {
	for i, c := range loadVectors(f) {
		if i%7 != 0 || c.N > 64 {
			continue
		}
		p := c.params(f)
		var mode, arg byte
		switch p.Mode {
		case FixedRate:
			mode, arg = 0, byte(min(255, c.Param*3))
		case FixedPrecision:
			mode, arg = 1, byte(c.Param)
		default:
			mode, arg = 2, 128
		}
		f.Add(testutil.Hex(f, c.Stream), mode, arg, uint16(c.N), uint16(0), uint16(c.N))
	}
	f.Add([]byte{}, byte(0), byte(48), uint16(1), uint16(0), uint16(1))
	f.Add([]byte{0x57}, byte(1), byte(64), uint16(60000), uint16(3), uint16(5))
	f.Fuzz(func(t *testing.T, stream []byte, mode, arg byte, n, first, count uint16) {
		p := fuzzParams(mode, arg)
		full := make([]float64, n)
		err := Decode(full, stream, p)
		if err != nil {
			for _, e := range []error{ErrParams, ErrLength, ErrTooLong, ErrShortStream} {
				if errors.Is(err, e) {
					return
				}
			}
			t.Fatalf("unexpected error %v", err)
		}
		if uint64(first)+uint64(count) > uint64(n) {
			return
		}
		part := make([]float64, count)
		if err := DecodeRange(part, stream, uint64(n), uint64(first), p); err != nil {
			t.Fatalf("range after full decode succeeded: %v", err)
		}
		for i := range part {
			if math.Float64bits(part[i]) != math.Float64bits(full[int(first)+i]) {
				t.Fatalf("range value %d differs", i)
			}
		}
	})
}

// FuzzRoundTrip encodes arbitrary doubles: decoding our stream must work
// and re-encoding must be deterministic.
func FuzzRoundTrip(f *testing.F) {
	f.Add([]byte("0123456789abcdef0123456789abcdef"), byte(0), byte(48))
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0xf0, 0x7f}, byte(1), byte(0))
	f.Fuzz(func(t *testing.T, raw []byte, mode, arg byte) {
		p := fuzzParams(mode, arg)
		vals := testutil.Float64sLE(raw)
		roundTrip(t, vals, p)
	})
}
