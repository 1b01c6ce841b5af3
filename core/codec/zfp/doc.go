// Package zfp implements the 1-D double-precision path of the zfp 1.0
// lossy floating-point codec, as Tensogram's "zfp" compression stage uses
// it: a raw stream with no header, the mode supplied by the caller.
//
// Encode writes exactly the bytes libzfp 1.0 writes (64-bit stream words)
// for the same values and mode, and Decode returns values bit-identical to
// libzfp 1.0's decoder, including subnormal, huge and non-finite inputs.
//
// # Algorithm
//
// Values are coded in blocks of four (a short last block is padded by
// repeating values). For each block the codec takes the largest exponent,
// converts the values to 62-bit integers relative to it, decorrelates them
// with an integer lifting transform, maps them to negabinary and codes the
// resulting bit planes from the most significant down, each plane sending
// the bits of coefficients already significant verbatim and the rest with
// group tests. A block that is all zero costs one bit.
//
// Fixed rates of at most 64 bits per block (Rate up to 16) take a shorter
// path with the same output: each block's whole code is built in, or read
// from, one 64-bit word, since the code under a bit budget is a prefix of
// the unlimited one.
//
// # Modes
//
//   - FixedRate: every block takes floor(4*Rate+0.5) bits (at least 12),
//     so block b starts at bit b times that; DecodeRange decodes only the
//     blocks a range touches.
//   - FixedPrecision: Precision bit planes per block (0 or above 64 = 64).
//   - FixedAccuracy: bit planes down to the largest power of two not above
//     Tolerance (which must be positive).
//
// # Byte buffers and threads
//
// EncodeBytes, DecodeBytes and DecodeRangeBytes work on doubles serialised
// in a given byte order (an aligned little-endian buffer on a little-endian
// machine is used in place). With WithThreads, FixedRate fields are coded
// in concurrent segments whose boundaries fall on 64-bit stream words, so
// the output does not depend on the thread count.
//
// # Stream size checks
//
// Like upstream Tensogram, Decode rejects a stream longer than MaxSize for
// the value count and mode (ErrTooLong) and reads the stream as if
// zero-padded to that size. It is stricter in one way: a stream from which
// the requested values would consume more bits than it holds is an error
// (ErrShortStream) instead of values decoded from the padding. CheckStream
// applies the checks that need no decoding (in FixedRate mode, the exact
// length) so callers can reject a declared value count before allocating
// for it. Zero values go with an empty stream only (ErrLength otherwise).
package zfp
