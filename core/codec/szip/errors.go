package szip

import "github.com/tensogram-go/tensogram-go/core/codec/internal/codecerr"

// common gives the sentinels worded the same in every codec.
var common = codecerr.NewCommon("szip")

// Sentinel errors. Errors returned by this package wrap one of these, so
// callers can test them with errors.Is.
var (
	// ErrParams reports invalid coding parameters (bits per sample, block
	// size, RSI or flags).
	ErrParams = common.Params
	// ErrLength reports an input or output buffer whose length does not
	// fit the parameters (for example not a multiple of the sample
	// container width).
	ErrLength = common.Length
	// ErrTruncated reports a stream that ends before the requested number
	// of samples was decoded.
	ErrTruncated = codecerr.New(codecerr.Truncated, "szip: truncated or malformed stream")
	// ErrCorrupt reports a stream that contains an impossible code (for
	// example a zero run crossing the RSI or an oversized second
	// extension symbol).
	ErrCorrupt = codecerr.New(codecerr.Corrupt, "szip: corrupt stream")
	// ErrOffsets reports an RSI offset table that is unusable (not
	// starting at 0, not increasing, beyond the stream, or too short for
	// the requested range).
	ErrOffsets = codecerr.New(codecerr.Corrupt, "szip: invalid RSI offsets")
	// ErrRange reports a range request outside the encoded data.
	ErrRange = common.Range
)
