// Package simplepacking implements Tensogram's "simple_packing" encoding: a
// GRIB-style linear quantisation of float64 values into B-bit unsigned
// integers (0 ≤ B ≤ 64) packed MSB-first with no per-value alignment.
//
// The arithmetic follows upstream Tensogram 0.24.0 exactly so that packed
// bytes are bit-identical: powers of ten and two are computed with the
// repeated-squaring integer power used by Rust's powi, quantisation is
// round-half-away-from-zero of (v − R) × scale followed by a saturating
// conversion to uint64, and decoding evaluates R + invScale × q without a
// fused multiply-add.
//
// Encoding and decoding can split the work over several goroutines (see
// WithThreads); chunk boundaries always fall on whole bytes, so the output is
// identical for every thread count.
package simplepacking
