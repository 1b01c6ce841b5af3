package mask

import (
	"fmt"

	"github.com/tensogram-go/tensogram-go/core/codec/internal/codecerr"
)

// Sentinel errors; errors returned by this package wrap one of them.
var (
	// ErrNonFinite reports a NaN or ±Inf element that the policy forbids.
	ErrNonFinite = codecerr.New(codecerr.Value, "non-finite value not allowed")
	// ErrUnknownMethod reports an unknown mask method name.
	ErrUnknownMethod = codecerr.New(codecerr.Params, "unknown mask method")
	// ErrUnsupportedMethod reports a known method this package cannot run
	// (blosc2).
	ErrUnsupportedMethod = codecerr.New(codecerr.Unsupported, "unsupported mask method")
	// ErrCorrupt reports a malformed mask blob or bitmask payload.
	ErrCorrupt = codecerr.New(codecerr.Corrupt, "corrupt mask data")
	// ErrSize reports a length mismatch (blob, element count or output).
	ErrSize = codecerr.New(codecerr.Length, "mask size mismatch")
	// ErrDType reports a dtype masks cannot apply to.
	ErrDType = codecerr.New(codecerr.Unsupported, "dtype not supported for masks")
)

// NonFiniteError describes the first forbidden NaN/±Inf element; its
// message matches upstream's strict-NaN / strict-Inf check.
type NonFiniteError struct {
	Kind      Kind
	Sign      int // +1 or −1 for Inf
	Index     int
	DType     DType
	Component string // "real", "imaginary" or "" for scalars
}

func (e *NonFiniteError) Error() string {
	comp := ""
	if e.Component != "" {
		comp = " (" + e.Component + " component)"
	}
	if e.Kind == NaN {
		return fmt.Sprintf("strict-NaN check: NaN at element %d of %s array%s; pass allow_nan=true to substitute with 0.0 and record positions in a mask", e.Index, e.DType, comp)
	}
	sign := "+"
	if e.Kind == NegInf {
		sign = "-"
	}
	return fmt.Sprintf("strict-Inf check: %sInf at element %d of %s array%s; pass allow_inf=true to substitute with 0.0 and record positions in a mask", sign, e.Index, e.DType, comp)
}

// Unwrap returns ErrNonFinite.
func (e *NonFiniteError) Unwrap() error { return ErrNonFinite }

// corrupt wraps ErrCorrupt with a description.
func corrupt(format string, args ...any) error { return codecerr.Errorf(ErrCorrupt, format, args...) }

// sizeErr wraps ErrSize with a description.
func sizeErr(format string, args ...any) error { return codecerr.Errorf(ErrSize, format, args...) }
