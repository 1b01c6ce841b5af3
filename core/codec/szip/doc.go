// Package szip implements CCSDS 121.0-B-3 adaptive entropy coding ("szip"),
// bit-compatible with libaec, the codec Tensogram uses for its "szip"
// compression stage.
//
// The encoder produces exactly the bytes libaec produces for the same
// parameters (bits per sample 1..32, block sizes 8/16/32/64 or any even
// size with FlagNotEnforce, reference sample intervals 1..4096, and the
// libaec flag bits). The decoder reads libaec streams and writes samples
// into a caller-provided buffer.
//
// Streams are split into reference sample intervals (RSIs) of
// BlockSize*RSI samples. The encoder reports the bit offset at which each
// RSI starts; these offsets enable [DecodeRange] to seek, and let [Decode]
// and [Encode] work on groups of RSIs in parallel (see [WithThreads]).
//
// Offsets written by upstream Tensogram come from libaec, which records a
// wrong offset in one situation (an RSI whose last block is non-zero and
// follows a run of zero blocks). This package writes the correct offsets by
// default ([WithLibaecOffsets] reproduces libaec's list), never trusts
// offsets it reads blindly, and can report defective offsets with
// [DefectiveOffsets].
//
// The package has no dependencies outside the Go standard library and does
// not link libaec; a libaec cross-check lives in a test behind the "libaec"
// build tag.
package szip
