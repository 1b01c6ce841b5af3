package zfp

import (
	"fmt"

	"github.com/tensogram-go/tensogram-go/core/codec/internal/codecerr"
)

// Encode compresses values as a 1-D field of doubles in the given mode and
// returns zfp 1.0's raw stream: no header, blocks of four values in order
// (a short last block padded as libzfp pads it), flushed to a whole number
// of 64-bit words. The bytes are identical to what libzfp 1.0 writes for
// the same values and mode. Zero values give an empty stream. Fixed rates
// that give a block more than 16658 bits (zfp's largest block; rates from
// about 4164.6 bits per value), which libzfp accepts but which only add
// padding, are refused with ErrParams; Decode still reads such streams.
func Encode(values []float64, p Params) ([]byte, error) {
	return encodeField(uint64(len(values)), p, &options{}, source{view: values})
}

// source supplies the values to encode: in memory (view), or through
// load, which fills its slice with the values starting at index i (a
// chunk of at most chunkValues values, a multiple of four except at the
// end).
type source struct {
	view []float64
	load func(i uint64, fb []float64)
}

// encodeField codes the n values of src, into o.buf when it is large
// enough, with up to o.threads goroutines.
func encodeField(n uint64, p Params, o *options, src source) ([]byte, error) {
	c, err := p.config()
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return []byte{}, nil
	}
	if c.minBits > maxBitsAny {
		// Only padding past this; it would let a parameter demand an
		// output far larger than the input.
		return nil, codecerr.Errorf(ErrParams, "fixed_rate rate %v gives %d bits per block, above the %d zfp allows any block; refused at encode", p.Rate, c.minBits, maxBitsAny)
	}
	size, err := c.maxSize(n)
	if err != nil {
		return nil, err
	}
	if size > uint64(maxInt) {
		return nil, codecerr.Errorf(ErrLength, "%d values need up to %d bytes", n, size)
	}
	dst := o.buf[:0]
	if uint64(cap(dst)) < size {
		dst = nil
	}
	var out []byte
	if segs := rateSegments(&c, n, o.threads); len(segs) > 2 {
		out = encodeParallel(&c, segs, src, dst)
	} else {
		if dst == nil {
			dst = make([]byte, 0, size)
		}
		out = encodeValues(&c, 0, n, dst, src)
	}
	if uint64(len(out)) > size {
		return nil, fmt.Errorf("zfp: internal error: %d-byte stream exceeds the %d-byte maximum", len(out), size)
	}
	return out, nil
}

// encodeValues codes values [from, to) (from a multiple of 4) after out
// and flushes the stream to a whole word.
func encodeValues(c *config, from, to uint64, out []byte, src source) []byte {
	e := encoder{c: c, w: bitWriter{out: out}}
	if src.view != nil {
		e.values(src.view[from:to])
	} else {
		chunk := make([]float64, min(to-from, chunkValues))
		for i := from; i < to; i += uint64(len(chunk)) {
			k := min(to-i, uint64(len(chunk)))
			src.load(i, chunk[:k])
			e.values(chunk[:k])
		}
	}
	e.w.flush()
	return e.w.out
}

// values codes v in blocks of four; only the last may be short (padded).
func (e *encoder) values(v []float64) {
	full := len(v) &^ (blockSize - 1)
	if e.c.wordRate() {
		e.wordBlocks(v[:full])
	} else {
		for j := 0; j < full; j += blockSize {
			e.block((*[blockSize]float64)(v[j : j+blockSize]))
		}
	}
	if full < len(v) {
		var fb [blockSize]float64
		copy(fb[:], v[full:])
		padBlock(&fb, len(v)-full)
		e.block(&fb)
	}
}

const maxInt = int(^uint(0) >> 1)

// encoder codes blocks into one stream.
type encoder struct {
	c *config
	w bitWriter
}

// block codes one block of four doubles (libzfp's lossy block coder).
func (e *encoder) block(fb *[blockSize]float64) {
	c := e.c
	emax, finite := maxExponent(fb)
	prec := c.precision(emax)
	if prec == 0 || emax+ebias == 0 {
		// A single 0 bit: every value decodes as zero.
		e.w.bit(0)
		if c.minBits > 1 {
			e.w.pad(uint64(c.minBits) - 1)
		}
		return
	}
	const head = 1 + ebits
	e.w.short(uint64(2*(emax+ebias)+1), head)
	var ib [blockSize]int64
	fwdCast(&ib, fb, emax, finite)
	fwdLift(&ib)
	ub := [blockSize]uint64{toNegabinary(ib[0]), toNegabinary(ib[1]), toNegabinary(ib[2]), toNegabinary(ib[3])}
	budget := int64(c.maxBits) - head
	used := e.ints(&ub, budget, prec)
	if need := int64(c.minBits) - head; used < need {
		e.w.pad(uint64(need - used))
	}
}

// ints codes the coefficients one bit plane at a time from the most
// significant, within a budget of maxBits bits, down to prec planes: each
// plane sends verbatim the bits of the n coefficients already known to be
// significant, then run-length codes the rest with group tests (1 = some
// remaining coefficient has a one bit in this plane, followed by a scan to
// it; 0 = none has). The code stops where the budget ends, even mid-plane.
// It returns the number of bits written.
func (e *encoder) ints(ub *[blockSize]uint64, maxBits int64, prec uint) int64 {
	bits := maxBits
	var n uint
	kmin := lowestPlane(prec)
	// Planes above the highest one bit are quiet with no coefficient
	// significant: a single 0 bit each.
	top := topPlane(ub)
	q0 := min(maxPrec-1-max(top, kmin-1), int(min(bits, maxPrec)))
	e.w.zeros(uint(q0))
	bits -= int64(q0)
	k := maxPrec - 1 - q0
	for ; n < blockSize && bits > 0 && k >= kmin; k-- {
		s := uint(k) & 63
		x := (ub[0]>>s)&1 | (ub[1]>>s)&1<<1 | (ub[2]>>s)&1<<2 | (ub[3]>>s)&1<<3
		if x>>n == 0 && bits > int64(n) {
			// A run of quiet planes: n bits and a 0 test bit each.
			if q := uint(min(quietPlanes(ub, n, k, kmin), int(divSmall(uint(min(bits, 127)), n+1)), quietMax[n])); q > 1 {
				e.w.write(quietField(ub, n, k, q), (n+1)*q)
				bits -= int64((n + 1) * q)
				k -= int(q) - 1
				continue
			}
		}
		// The plane's code from the table, cut short if the budget ends.
		t := planeEnc[n<<4|uint(x)]
		pc := uint(min(int64(t>>16&0xff), bits)) & 63
		e.w.short(uint64(t)&(1<<pc-1), pc)
		bits -= int64(pc)
		n = uint(t >> 24)
	}
	// Every coefficient is significant: each plane is its 4 bits
	// verbatim, up to 16 planes written at once (the last group cut to
	// the budget).
	for bits > 0 && k >= kmin {
		q := min(uint(k-kmin+1), uint(bits+blockSize-1)/blockSize, 16)
		nb := min(blockSize*q, uint(bits))
		e.w.write(interleavePlanes(ub, k, q), nb)
		bits -= int64(nb)
		k -= int(q)
	}
	return maxBits - bits
}
