// Package codecerr holds the kinds of failure that the codecs under
// core/codec share, and the helpers they build their errors with.
//
// Every codec keeps its own documented sentinel errors (szip.ErrCorrupt,
// zfp.ErrParams, ...) with its own text; New ties each sentinel to one of
// the shared kinds below, so errors.Is matches an error against both its
// codec's sentinel and its kind. NewCommon builds the sentinels worded the
// same in every codec that has them (invalid parameters, buffer length,
// range). Errorf adds a detail to a sentinel.
package codecerr

import (
	"errors"
	"fmt"
)

// The shared kinds. A codec sentinel unwraps to exactly one of them.
var (
	// Params: parameters that no stream can be coded with (a mode, width,
	// block size or flag outside what the codec defines).
	Params = errors.New("invalid parameters")
	// Length: a buffer whose length does not fit the call (an output of
	// the wrong size, input that is not whole elements, a count that
	// differs from the one expected).
	Length = errors.New("size mismatch")
	// Truncated: input that ends before the data it declares.
	Truncated = errors.New("truncated input")
	// Corrupt: input whose content is impossible for the format.
	Corrupt = errors.New("corrupt stream")
	// Range: an element range outside the data, or a size that overflows.
	Range = errors.New("range out of bounds")
	// Unsupported: valid input or options that the codec does not
	// implement.
	Unsupported = errors.New("unsupported feature")
	// SizeLimit: a declared size above the caller's limit or larger than
	// the input can hold (a hostile size; nothing was allocated for it).
	SizeLimit = errors.New("size exceeds limit")
	// Value: an input value the codec cannot represent (NaN, ±Inf).
	Value = errors.New("value not representable")
)

// sentinel is a codec's error value of a shared kind.
type sentinel struct {
	kind error
	text string
}

func (e *sentinel) Error() string { return e.text }
func (e *sentinel) Unwrap() error { return e.kind }

// New returns a new sentinel error whose message is text and which
// unwraps to kind (one of this package's kinds). Each call returns a
// distinct value, so errors.Is tells the sentinels of different codecs
// apart while matching all of them against their kind.
func New(kind error, text string) error {
	return &sentinel{kind: kind, text: text}
}

// Common holds a codec's sentinels of the three kinds that mean the same
// in every codec and are worded the same: Params ("<codec>: invalid
// parameters"), Length ("<codec>: invalid buffer length") and Range
// ("<codec>: range out of bounds"). A codec exports them under its own
// names (szip.ErrParams, zfp.ErrRange, ...).
type Common struct {
	Params, Length, Range error
}

// NewCommon returns codec's Common sentinels: three new values, distinct
// from every other codec's, of kinds Params, Length and Range.
func NewCommon(codec string) Common {
	return Common{
		Params: New(Params, codec+": invalid parameters"),
		Length: New(Length, codec+": invalid buffer length"),
		Range:  New(Range, codec+": range out of bounds"),
	}
}

// Errorf returns an error that wraps sentinel with a detail:
// "<sentinel text>: <format applied to args>".
func Errorf(sentinel error, format string, args ...any) error {
	return fmt.Errorf("%w: %s", sentinel, fmt.Sprintf(format, args...))
}
