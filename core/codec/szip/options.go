package szip

// Option configures Encode, Decode and DecodeRange.
type Option func(*options)

type options struct {
	threads       int
	libaecOffsets bool
	offsets       []uint64
	parallelMin   int
	trustOffsets  bool
	starts        *RSIStarts
}

// defaultParallelMin is the input size (bytes) below which work stays on
// the calling goroutine whatever the thread count.
const defaultParallelMin = 256 << 10

func buildOptions(opts []Option) options {
	o := options{threads: 1, parallelMin: defaultParallelMin}
	for _, f := range opts {
		f(&o)
	}
	if o.threads < 1 {
		o.threads = 1
	}
	return o
}

// WithThreads sets the number of goroutines that may work on one call at
// the same time. Values below 1 mean 1. Output is byte-identical for every
// thread count; inputs smaller than 256 KiB, or with fewer than two RSIs
// per thread, are always handled sequentially. Encode splits the RSIs into
// one contiguous group per thread. Decode does so only when the RSI
// offsets are supplied with WithOffsets (the stream itself gives no way to
// find an RSI without decoding everything before it); otherwise it runs
// sequentially.
func WithThreads(n int) Option { return func(o *options) { o.threads = n } }

// WithLibaecOffsets makes Encode return libaec's RSI offset list, which is
// what upstream Tensogram stores, including libaec's defective entries
// (see DefectiveOffsets). By default Encode returns the true RSI starts.
func WithLibaecOffsets() Option { return func(o *options) { o.libaecOffsets = true } }

// WithOffsets gives Decode the stream's RSI bit offsets (for example the
// descriptor's szip_block_offsets) so that groups of RSIs can be decoded in
// parallel. The offsets are only hints: each one is checked against the
// position where the preceding RSI actually ends, and a wrong offset falls
// back to sequential decoding, so the output is correct whatever they hold.
func WithOffsets(offsets []uint64) Option { return func(o *options) { o.offsets = offsets } }

// WithTrustedOffsets makes DecodeRange seek straight to the stored offset
// of the first RSI it needs instead of locating it by scanning the stream
// from the start. Only use it with offsets known to be correct (written by
// Encode without WithLibaecOffsets, returned by ScanOffsets, or checked
// with DefectiveOffsets); a wrong entry then yields wrong data or an
// error.
func WithTrustedOffsets() Option { return func(o *options) { o.trustOffsets = true } }

// WithRSIStarts makes DecodeRange (without WithTrustedOffsets) record the
// true RSI starts it scans in s and reuse them on later calls, which must
// decode the same stream with the same Params.
func WithRSIStarts(s *RSIStarts) Option { return func(o *options) { o.starts = s } }

// withParallelMin lowers the sequential threshold (tests only).
func withParallelMin(n int) Option { return func(o *options) { o.parallelMin = n } }
