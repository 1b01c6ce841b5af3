package zfp

import "github.com/tensogram-go/tensogram-go/core/internal/par"

// Parallel coding of FixedRate fields. Every block takes the same number
// of bits, so a field splits into segments that start at known bit
// offsets: decoding them concurrently is direct, and encoding them
// concurrently gives the sequential bytes when every segment boundary
// falls on a 64-bit word (segments then concatenate). Other modes are
// always coded sequentially.

// Option configures EncodeBytes, DecodeBytes and DecodeRangeBytes.
type Option func(*options)

type options struct {
	threads int
	buf     []byte
}

// WithThreads lets a FixedRate call use up to n goroutines (0 or 1 =
// sequential). The output is identical for every n.
func WithThreads(n int) Option { return func(o *options) { o.threads = n } }

// WithBuffer lets EncodeBytes write the stream into buf's memory (from
// buf[:0]) instead of a new allocation, when cap(buf) is at least MaxSize
// of the field; a smaller buf is not used. The caller must not use buf's
// contents afterwards other than through the returned slice.
func WithBuffer(buf []byte) Option { return func(o *options) { o.buf = buf } }

func applyOptions(opts []Option) options {
	var o options
	for _, f := range opts {
		f(&o)
	}
	return o
}

// minSegmentValues is the smallest share of a field worth a goroutine.
const minSegmentValues = 1 << 16

// rateSegments splits n values into at most threads segments of whole
// blocks whose bit lengths are multiples of 64, returning the value
// boundaries (first 0, last n); nil when the field is not FixedRate or
// too small to split.
func rateSegments(c *config, n uint64, threads int) []uint64 {
	if c.minBits != c.maxBits || threads < 2 || n < 2*minSegmentValues {
		return nil
	}
	// Blocks per segment: a multiple of 64/gcd(bits, 64).
	align := uint64(wordBits) / gcd(uint64(c.maxBits), wordBits)
	per := blocks(n)/uint64(threads) + 1
	per = (per + align - 1) / align * align
	per = max(per, (minSegmentValues/blockSize+align-1)/align*align)
	bounds := []uint64{0}
	for v := per * blockSize; v < n; v += per * blockSize {
		bounds = append(bounds, v)
	}
	return append(bounds, n)
}

func gcd(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// encodeParallel codes the segments concurrently and concatenates them.
func encodeParallel(c *config, segs []uint64, src source, dst []byte) []byte {
	parts := make([][]byte, len(segs)-1)
	_ = par.ForEach(len(parts), len(parts), func(i int) error {
		from, to := segs[i], segs[i+1]
		hint := (blocks(to-from)*uint64(c.maxBits) + wordBits - 1) / wordBits * 8
		parts[i] = encodeValues(c, from, to, make([]byte, 0, hint), src)
		return nil
	})
	total := 0
	for _, p := range parts {
		total += len(p)
	}
	out := dst[:0]
	if cap(out) < total {
		out = make([]byte, 0, total)
	}
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// decodeParallel decodes values [first, first+count) of a FixedRate field
// in concurrent segments; it returns handled = false when the call should
// run sequentially.
func decodeParallel(stream []byte, n, first, count uint64, p Params, threads int, out sink) (handled bool, err error) {
	c, err := p.config()
	if err != nil || c.minBits != c.maxBits || threads < 2 || count < 2*minSegmentValues {
		return false, nil
	}
	if err := c.check(stream, n); err != nil {
		return true, err
	}
	k := min(uint64(threads), count/minSegmentValues)
	per := (count/k + blockSize - 1) &^ (blockSize - 1)
	segs := int((count + per - 1) / per)
	return true, par.ForEach(segs, int(k), func(i int) error {
		from := uint64(i) * per
		to := min(from+per, count)
		part := sink{emit: func(j uint64, v []float64) { out.emit(from+j, v) }}
		if out.view != nil {
			part = sink{view: out.view[from:to]}
		}
		return decodeSpan(stream, n, first+from, to-from, p, part)
	})
}
