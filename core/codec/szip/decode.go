package szip

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
	o := buildOptions(opts)
	nrsi := c.numRSI(n)
	if o.threads > 1 && len(dst) >= o.parallelMin && nrsi >= 2*o.threads && len(o.offsets) > 1 {
		return decodeParallel(c, dst, src, n, nrsi, o)
	}
	r := newBitReader(src, 0)
	_, err = c.decodeSpan(dst, &r, 0, 0, n, c.scratch(n))
	return err
}

// scratch allocates the per-RSI work buffer for decoding n samples: one
// RSI, or fewer samples (rounded up to whole blocks) when n is smaller.
func (c *coder) scratch(n int) []uint32 {
	m := min(c.s, (n+c.j-1)/c.j*c.j)
	return make([]uint32, m)
}

// decodeSpan decodes samples [first, first+count) into dst. The reader is
// positioned at the start of RSI number rsi, which must contain first.
// Whole RSIs are consumed, except the one holding the final requested
// sample, which is consumed only as far as needed. It returns the index of
// the RSI following the last one fully consumed.
func (c *coder) decodeSpan(dst []byte, r *bitReader, rsi, first, count int, v []uint32) (int, error) {
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
		c.writeSamples(dst[(rsiStart+lo-first)*c.cw:], vals[lo:])
		if c.padRSI {
			r.alignByte()
		}
		rsi++
	}
	return rsi, nil
}
