package szip

import (
	"github.com/tensogram-go/tensogram-go/core/codec/internal/bitio"
	"github.com/tensogram-go/tensogram-go/core/codec/internal/codecerr"
)

// Decode decompresses the AEC stream src into dst, which must be exactly
// the decoded size (a whole number of p.SampleWidth()-byte containers).
// A stream that ends before len(dst) bytes are produced is an error
// (ErrTruncated); bytes after the last needed CDS are ignored, and an empty
// dst returns nil without reading src.
//
// With WithThreads and WithOffsets, groups of RSIs are decoded in
// parallel; the offsets are verified, so wrong offsets only cost speed.
func Decode(dst, src []byte, p Params, opts ...Option) error {
	c, err := newCoder(p)
	if err != nil {
		return err
	}
	n, err := c.samples(len(dst))
	if err != nil {
		return err
	}
	if n == 0 {
		return nil
	}
	return c.decodeAll(c.byteSink(dst, 0), n, src, buildOptions(opts))
}

// A SampleSink receives decoded samples: samples [first, first+len(x)) of
// the stream, as unsigned integers before any container truncation (with a
// corrupt stream they may exceed BitsPerSample bits; Decode keeps their low
// container bytes). x is only valid during the call. With WithThreads, calls
// for disjoint ranges run concurrently, and a range decoded from a wrong
// stored offset is delivered again, correctly, later: the last delivery of
// a sample is the right one.
type SampleSink func(first int, x []uint32)

// DecodeTo decompresses the n samples of the AEC stream src like Decode,
// handing them to sink one RSI (or less) at a time instead of storing them
// in containers: a consumer of the samples (e.g. simple_packing's unpacking)
// saves the intermediate buffer and a pass over it.
func DecodeTo(sink SampleSink, n int, src []byte, p Params, opts ...Option) error {
	c, err := newCoder(p)
	if err != nil {
		return err
	}
	if n < 0 {
		return codecerr.Errorf(ErrRange, "negative sample count %d", n)
	}
	if n == 0 {
		return nil
	}
	return c.decodeAll(sink, n, src, buildOptions(opts))
}

// decodeAll decodes n samples, in parallel when the options allow it.
func (c *coder) decodeAll(out SampleSink, n int, src []byte, o options) error {
	nrsi := c.numRSI(n)
	if o.threads > 1 && n*c.cw >= o.parallelMin && nrsi >= 2*o.threads && len(o.offsets) > 1 {
		return decodeParallel(c, out, src, n, nrsi, o)
	}
	r := bitio.NewReader(src, 0)
	_, err := c.decodeSpan(out, &r, 0, 0, n, c.scratch(n))
	return err
}

// byteSink stores samples in containers: sample i goes to dst[(i-base)×cw:].
func (c *coder) byteSink(dst []byte, base int) SampleSink {
	return func(first int, x []uint32) { c.writeSamples(dst[(first-base)*c.cw:], x) }
}

// scratch allocates the per-RSI work buffer for decoding n samples: one
// RSI, or fewer samples (rounded up to whole blocks) when n is smaller.
func (c *coder) scratch(n int) []uint32 {
	m := min(c.s, (n+c.j-1)/c.j*c.j)
	return make([]uint32, m)
}

// decodeSpan decodes samples [first, first+count) into out. The reader is
// positioned at the start of RSI number rsi, which must contain first.
// Whole RSIs are consumed, except the one holding the final requested
// sample, which is consumed only as far as needed. It returns the index of
// the RSI following the last one fully consumed.
func (c *coder) decodeSpan(out SampleSink, r *bitio.Reader, rsi, first, count int, v []uint32) (int, error) {
	end := first + count
	for rsiStart := rsi * c.s; rsiStart < end; rsiStart += c.s {
		want := min(c.s, end-rsiStart)
		buf := v[:min(len(v), (want+c.j-1)/c.j*c.j)]
		if err := c.decodeRSI(r, buf, want); err != nil {
			return rsi, err
		}
		vals := buf[:want]
		if c.pre {
			c.postprocess(vals)
		}
		lo := max(first, rsiStart) - rsiStart
		out(rsiStart+lo, vals[lo:])
		if c.padRSI {
			r.AlignByte()
		}
		rsi++
	}
	return rsi, nil
}
