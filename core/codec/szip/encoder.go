package szip

import "math"

const infLen = math.MaxUint64

// encoder turns samples into CDSs. It is used for one contiguous run of
// RSIs; the split-search hint carries over from RSI to RSI as in libaec.
type encoder struct {
	c    *coder
	w    bitWriter
	hint int
	x, d []uint32 // one RSI of raw samples and residuals
	// per-RSI bookkeeping (bit positions relative to this writer)
	starts    []uint64 // where each RSI starts
	libaecEnd []uint64 // libaec's recorded "next RSI" offset (full RSIs)
	hints     []int    // hint in force when each RSI started
	// split sums cached by blockStats for parameters sumBase..sumBase+2
	sumBase int
	sums    [3]uint64
	// vecStats: blockStats may use the vector kernel (unsigned samples of
	// at most 24 bits, blocks of a multiple of 8, so every shift is below
	// 32; blockSumsVec also keeps blocks over 256 samples, whose sums could
	// pass 2^32, off the kernel's 32-bit lanes)
	vecStats bool
}

// samples is the input of an encoder: n containers in buf, or n samples
// produced by fill (sample indices counted from base).
type samples struct {
	buf  []byte
	fill SampleSource
	base int
	n    int
}

// sub returns samples [lo, hi) of s.
func (s samples) sub(c *coder, lo, hi int) samples {
	if s.fill != nil {
		return samples{fill: s.fill, base: s.base + lo, n: hi - lo}
	}
	return samples{buf: s.buf[lo*c.cw : hi*c.cw], n: hi - lo}
}

// newEncoder prepares an encoder for at most n samples (whole RSIs or the
// final partial one) from src, with an output buffer of sizeHint bytes.
func newEncoder(c *coder, src samples, hint, n, sizeHint int) *encoder {
	m := min(c.s, (n+c.j-1)/c.j*c.j)
	e := &encoder{c: c, hint: hint, vecStats: !c.signed && c.bps <= 24 && c.j%8 == 0}
	if !c.fused24 || src.fill != nil {
		e.x = make([]uint32, m)
	}
	if c.pre {
		e.d = make([]uint32, m)
	} else {
		e.d = e.x
	}
	if sizeHint > 0 {
		e.w.buf = make([]byte, sizeHint+64)
	}
	return e
}

// blocksBound is a byte bound on the encoded size of nb blocks.
func (c *coder) blocksBound(nb int) int {
	perBlock := int(c.lid) + 1 + int(c.bps) + c.j*int(c.bps) + 70
	return nb*perBlock/8 + 16
}

// encodeRSIs encodes the samples of src, which start at an RSI boundary,
// appending one RSI after another.
func (e *encoder) encodeRSIs(src samples) {
	c := e.c
	n := src.n
	for start := 0; start < n; start += c.s {
		cnt := min(c.s, n-start)
		nb := (cnt + c.j - 1) / c.j
		used := nb * c.j
		var ref uint32
		if c.fused24 && src.fill == nil {
			// Residuals of padding samples (repeats of the last) are 0.
			ref = c.preprocess24(e.d, src.buf[start*3:(start+cnt)*3])
			clear(e.d[cnt:used])
		} else {
			x := e.x[:cnt]
			if src.fill != nil {
				src.fill(src.base+start, x)
			} else {
				c.readSamples(x, src.buf[start*c.cw:])
			}
			last := e.x[cnt-1]
			for i := cnt; i < used; i++ {
				e.x[i] = last
			}
			if c.pre {
				ref = e.x[0]
				c.preprocess(e.d[:used], e.x[:used])
			}
		}
		e.w.ensure(c.blocksBound(nb))
		e.starts = append(e.starts, e.w.bitLen())
		e.hints = append(e.hints, e.hint)
		rec := e.encodeRSI(ref, nb)
		if cnt == c.s {
			e.libaecEnd = append(e.libaecEnd, rec)
		}
	}
}

// encodeRSI encodes the first nb blocks of the RSI whose residuals (or
// raw samples, without preprocessing) are in e.d; ref is the reference
// sample. It returns the bit position libaec records as the start of the
// next RSI.
func (e *encoder) encodeRSI(ref uint32, nb int) uint64 {
	c := e.c
	rec := uint64(0)
	recSet := false
	z := 0
	zref := false
	for b := 0; b < nb; b++ {
		blk := e.d[b*c.j : (b+1)*c.j]
		hasRef := c.pre && b == 0
		or := e.blockStats(blk)
		if or == 0 {
			if z == 0 {
				zref = hasRef
			}
			z++
			if b == nb-1 || (b+1)%64 == 0 {
				e.emitZero(z, zref, ref, true)
				z = 0
			}
			continue
		}
		if z > 0 {
			e.emitZero(z, zref, ref, false)
			z = 0
			if b == nb-1 {
				rec, recSet = e.w.bitLen(), true
			}
		}
		e.encodeBlock(blk, hasRef, ref)
	}
	if !recSet {
		rec = e.w.bitLen()
	}
	return rec
}

// encodeBlock selects and writes the cheapest option for a non-zero block.
func (e *encoder) encodeBlock(blk []uint32, hasRef bool, ref uint32) {
	c := e.c
	bs := c.j
	if hasRef {
		bs--
	}
	u := uint64(bs) * uint64(c.bps)
	splitLen, k := uint64(infLen), 0
	if c.lid > 1 {
		splitLen, k = e.splitSearch(blk, bs)
	}
	se := seLen(blk, u)
	switch {
	case splitLen < u && splitLen < se:
		e.emitSplit(blk, hasRef, ref, k)
	case splitLen < u || u > se:
		e.emitSE(blk, hasRef, ref)
	default:
		e.emitUncompressed(blk, hasRef, ref)
	}
}
