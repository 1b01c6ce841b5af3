package simplepacking

import (
	"fmt"
	"math"

	"github.com/tensogram-go/tensogram-go/core/codec/internal/codecerr"
)

// Sentinel errors; the errors returned by this package wrap one of them so
// callers can test with errors.Is.
var (
	// ErrBitsPerValue reports a bits-per-value outside 0..64.
	ErrBitsPerValue = codecerr.New(codecerr.Params, "simplepacking: invalid bits_per_value")
	// ErrNaN reports a NaN input value.
	ErrNaN = codecerr.New(codecerr.Value, "simplepacking: NaN value")
	// ErrInf reports an infinite input value.
	ErrInf = codecerr.New(codecerr.Value, "simplepacking: infinite value")
	// ErrReferenceValue reports a non-finite reference value.
	ErrReferenceValue = codecerr.New(codecerr.Params, "invalid reference_value")
	// ErrBinaryScaleFactor reports a binary scale factor outside ±256.
	ErrBinaryScaleFactor = codecerr.New(codecerr.Params, "invalid binary_scale_factor")
	// ErrInsufficientData reports a packed buffer shorter than required.
	ErrInsufficientData = codecerr.New(codecerr.Truncated, "insufficient data")
	// ErrRange reports an invalid element range or size overflow.
	ErrRange = codecerr.New(codecerr.Range, "simplepacking: invalid range")
)

// BitsError reports bits_per_value > 64. Its message matches upstream.
type BitsError struct{ Bits uint32 }

func (e *BitsError) Error() string {
	return fmt.Sprintf("bits_per_value %d exceeds maximum of 64", e.Bits)
}

// Unwrap returns ErrBitsPerValue.
func (e *BitsError) Unwrap() error { return ErrBitsPerValue }

// ValueError reports the first non-finite input value. Kind is ErrNaN or
// ErrInf; Index is the element index.
type ValueError struct {
	Kind  error
	Index int
}

func (e *ValueError) Error() string {
	if e.Kind == ErrNaN {
		return fmt.Sprintf("NaN value encountered at index %d", e.Index)
	}
	return fmt.Sprintf("infinite value encountered at index %d", e.Index)
}

// Unwrap returns Kind.
func (e *ValueError) Unwrap() error { return e.Kind }

func referenceError(r float64) error {
	return codecerr.Errorf(ErrReferenceValue, "must be finite, got %s", rustFloat(r))
}

func binaryScaleError(e int32) error {
	return codecerr.Errorf(ErrBinaryScaleFactor, "value %d is outside the reasonable range ±256; a value this large usually indicates params were hand-crafted or computed from degenerate input (e.g. Inf values). Recompute via simple_packing::compute_params on finite data", e)
}

func insufficientError(want, got int) error {
	return codecerr.Errorf(ErrInsufficientData, "expected at least %d bytes, got %d", want, got)
}

// rustFloat formats the non-finite values the way Rust's Display does.
func rustFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	return fmt.Sprint(f)
}
