// Package szip implements CCSDS 121.0-B-3 adaptive entropy coding ("szip"),
// bit-compatible with libaec, the codec Tensogram uses for its "szip"
// compression stage.
//
// The encoder produces exactly the bytes libaec produces for the same
// parameters (bits per sample 1..32, block sizes 8/16/32/64 or even sizes
// with FlagNotEnforce, 1..4096 blocks per reference sample interval, and
// the libaec flag bits). The decoder reads libaec streams and writes
// samples into a caller-provided buffer, never more than its length.
//
// # Stream layout and offsets
//
// Samples are grouped into reference sample intervals (RSIs) of
// BlockSize*RSI samples. RSIs follow each other with no padding, so an RSI
// starts at an arbitrary bit position. Encode reports the bit offset of
// every RSI (Tensogram's szip_block_offsets). These offsets let
// DecodeRange seek and let Decode work on groups of RSIs in parallel.
//
// Upstream Tensogram stores libaec's offsets, and libaec records a wrong
// offset for an RSI that follows one whose last block is non-zero and
// preceded by zero blocks. This package:
//   - writes the true RSI starts by default (WithLibaecOffsets reproduces
//     libaec's list for comparisons);
//   - reports wrong entries of a stored table with DefectiveOffsets
//     (warning code DefectiveOffsetWarning), using ScanOffsets, a fast walk
//     over the coded data sets that reconstructs no samples;
//   - never trusts a stored table blindly: DecodeRange locates its first
//     RSI by scanning unless WithTrustedOffsets is given, and parallel
//     Decode checks each group's start against the end of the previous
//     group.
//
// # Threads
//
// WithThreads(n) lets a call use up to n goroutines. Encode splits the
// RSIs into n contiguous groups; because libaec carries its split-search
// hint from RSI to RSI, each group after the first is checked against the
// true hint and its first RSIs are re-encoded until the hint agrees, so the
// bytes are identical for every n. Small inputs stay sequential.
//
// # Differences from calling libaec directly
//
//   - Empty input encodes to an empty stream with no offsets (Tensogram
//     never calls libaec for it; libaec itself would emit one byte).
//   - FlagPadRSI is rejected by Encode: libaec's encoder ignores it while
//     its decoder honours it, so such streams would not round-trip. Decode
//     supports it.
//   - With FlagNotEnforce the block size is capped at MaxBlockSize to bound
//     memory for untrusted parameters.
//
// The package depends only on the Go standard library and never links
// libaec. A cross-check against the system libaec lives in tests behind
// the "libaec" build tag (go test -tags libaec); upstream-generated
// vectors in testdata/ are checked by plain go test.
package szip
