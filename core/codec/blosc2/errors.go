package blosc2

import "github.com/tensogram-go/tensogram-go/core/codec/internal/codecerr"

// Errors returned by this package; test with errors.Is.
var (
	// ErrCorrupt reports a malformed, truncated or inconsistent frame or
	// chunk.
	ErrCorrupt = codecerr.New(codecerr.Corrupt, "blosc2: corrupt data")
	// ErrUnsupported reports a valid feature this package does not
	// implement (dictionaries, user-defined codecs or filters, lazy chunks).
	ErrUnsupported = codecerr.New(codecerr.Unsupported, "blosc2: unsupported feature")
	// ErrSizeLimit reports decoded data larger than the caller's limit.
	ErrSizeLimit = codecerr.New(codecerr.SizeLimit, "blosc2: decoded size exceeds limit")
	// ErrParams reports invalid encoder parameters.
	ErrParams = codecerr.New(codecerr.Params, "blosc2: invalid parameters")
)

// corrupt wraps ErrCorrupt with a description.
func corrupt(format string, args ...any) error { return codecerr.Errorf(ErrCorrupt, format, args...) }

// unsupported wraps ErrUnsupported with a description.
func unsupported(format string, args ...any) error {
	return codecerr.Errorf(ErrUnsupported, format, args...)
}
