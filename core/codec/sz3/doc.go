// Package sz3 implements the SZ3 error-bounded lossy compressor for 1-D
// float64 data, stream-compatible with SZ3 3.3.2, the version upstream
// Tensogram bundles for its "sz3" compression stage.
//
// # Stream layout
//
// All integers are little-endian unless noted.
//
//	header   magic u32 (0xF342F310) | data version u32 (3.3.2) | payload size u64
//	payload  inner size u64 | one zstd frame holding the inner buffer
//	config   size u8 | rank u8 | dims width in bits u8 | packed dims |
//	         count u64 | algorithm u8 | error-bound mode u8 | bound(s) f64 |
//	         flags u8 | data type u8 | bins i32 | block size i32 | pred dim u8
//
// The algorithm byte selects what the inner buffer holds:
//
//   - lossless (4): the values themselves, 8 bytes each.
//   - interpolation (2): the decomposition's parameters, the linear
//     quantiser (bound, radius, the values stored verbatim), a Huffman tree
//     and the Huffman-coded quantisation indices. Values are predicted level
//     by level, coarse to fine, with linear or cubic interpolation between
//     already reconstructed values; the level-wise bound shrinks by the
//     stored alpha/beta rule.
//   - Lorenzo (0): the quantiser, the Huffman tree and the indices; every
//     value is predicted by the previous reconstructed one.
//
// The quantiser maps a value x with prediction p to index
// radius + round-half-down((x-p)/(2·eb)) when the reconstruction
// p + 2·(index-radius)·eb is within eb of x, and to index 0 (value stored
// verbatim) otherwise. Reconstruction performs SZ3's floating-point
// operations in SZ3's order, without fused multiply-add, so decoded values
// are bit-identical to SZ3's.
//
// Encode writes streams SZ3 decodes, with every value within the bound.
// They are not byte-identical to SZ3's: the tuner differs (fields up to
// 65536 values try every candidate in full, longer ones a sample of at
// least 65536 values, where SZ3 samples 0.5 %), and the lossless stage is
// klauspost's zstd rather than libzstd.
//
// Decoding is hardened against hostile streams: every count read from the
// stream is checked against the bytes present and against the expected
// number of values before anything is allocated, and Huffman trees are
// validated so decoding always terminates.
package sz3

import "github.com/tensogram-go/tensogram-go/core/codec/internal/codecerr"

// Sentinel errors; returned errors wrap one of them (test with errors.Is).
var (
	// ErrCorrupt reports a malformed or truncated stream.
	ErrCorrupt = codecerr.New(codecerr.Corrupt, "sz3: corrupt stream")
	// ErrUnsupported reports a well-formed stream using an SZ3 feature this
	// package does not implement (another data version, rank above 1, an
	// algorithm SZ3's defaults never select for 1-D data).
	ErrUnsupported = codecerr.New(codecerr.Unsupported, "sz3: unsupported stream")
	// ErrSize reports a stream whose value count differs from the expected
	// one.
	ErrSize = codecerr.New(codecerr.Length, "sz3: value count mismatch")
	// ErrParams reports invalid encoder parameters.
	ErrParams = codecerr.New(codecerr.Params, "sz3: invalid parameters")
)
