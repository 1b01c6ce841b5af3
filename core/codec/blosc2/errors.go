package blosc2

import (
	"errors"
	"fmt"
)

// Errors returned by this package; test with errors.Is.
var (
	// ErrCorrupt reports a malformed, truncated or inconsistent frame or
	// chunk.
	ErrCorrupt = errors.New("blosc2: corrupt data")
	// ErrUnsupported reports a valid feature this package does not
	// implement (dictionaries, user-defined codecs or filters, lazy chunks).
	ErrUnsupported = errors.New("blosc2: unsupported feature")
	// ErrSizeLimit reports decoded data larger than the caller's limit.
	ErrSizeLimit = errors.New("blosc2: decoded size exceeds limit")
	// ErrParams reports invalid encoder parameters.
	ErrParams = errors.New("blosc2: invalid parameters")
)

// corrupt wraps ErrCorrupt with a description.
func corrupt(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrCorrupt, fmt.Sprintf(format, args...))
}

// unsupported wraps ErrUnsupported with a description.
func unsupported(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrUnsupported, fmt.Sprintf(format, args...))
}
