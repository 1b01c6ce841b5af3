package zfp

import "github.com/tensogram-go/tensogram-go/core/codec/internal/codecerr"

// common gives the sentinels worded the same in every codec.
var common = codecerr.NewCommon("zfp")

// Sentinel errors. Errors returned by this package wrap one of these, so
// callers can test them with errors.Is.
var (
	// ErrParams reports an invalid mode or mode parameter (unknown mode, a
	// rate that is negative, NaN or too large, a tolerance that is not
	// positive).
	ErrParams = common.Params
	// ErrLength reports a buffer whose length does not fit the call (an
	// output buffer of the wrong size, input bytes that are not whole
	// doubles, a non-empty stream for zero values or an empty one for a
	// non-zero count).
	ErrLength = common.Length
	// ErrTooLong reports a stream longer than zfp's maximum compressed size
	// for the value count and mode (see MaxSize): it cannot have been
	// written for that field.
	ErrTooLong = codecerr.New(codecerr.Corrupt, "zfp: stream longer than the maximum size for the field")
	// ErrShortStream reports a stream shorter than its mode needs: decoding
	// the requested values would consume more bits than the stream holds.
	ErrShortStream = codecerr.New(codecerr.Truncated, "zfp: stream shorter than its mode needs")
	// ErrRange reports a range request outside the field.
	ErrRange = common.Range
)
