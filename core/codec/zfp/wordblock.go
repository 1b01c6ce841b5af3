package zfp

import (
	"encoding/binary"
	"math"
	"math/bits"
	"slices"
)

// Fixed rates of at most 64 bits per block (rate <= 16): a block's whole
// code, header and coefficient bits, fits one 64-bit word. It is built in
// a register and written with one call, with no budget bookkeeping per
// plane: the embedded code under a budget is the prefix of the unlimited
// code, so the word is assembled until it holds the budget and then cut
// to it. Bits past the code are zero, which is libzfp's padding.

// wordRate reports whether c is a fixed rate whose blocks fit one word.
// (Only FixedRate sets minBits = maxBits; it codes all 64 planes down to
// the smallest double exponent, which wordBlock relies on.)
func (c *config) wordRate() bool {
	return c.minBits == c.maxBits && c.maxBits <= wordBits && c.maxPrec == maxPrec && c.minExp == minExp
}

// wordBlocks codes v (a multiple of four values) with one word-sized code
// per block; c must satisfy wordRate.
func (e *encoder) wordBlocks(v []float64) {
	w := e.w
	c := e.c
	nb := uint(c.maxBits)
	if nb == wordBits && w.nacc == 0 {
		// Rate 16: each block is one whole stream word.
		out := slices.Grow(w.out, len(v)/blockSize*8)
		for j := 0; j+blockSize <= len(v); j += blockSize {
			out = binary.LittleEndian.AppendUint64(out, c.wordBlock((*[blockSize]float64)(v[j:j+blockSize])))
		}
		e.w.out = out
		return
	}
	for j := 0; j+blockSize <= len(v); j += blockSize {
		w.write(c.wordBlock((*[blockSize]float64)(v[j:j+blockSize])), nb)
	}
	e.w = w
}

// wordBlock returns the c.maxBits-bit code of one block (header first,
// least significant bit first, the unused tail zero); c must satisfy
// wordRate. It is the code encoder.block writes. Blocks of finite values
// whose largest exponent is normal and at least -961 (every block of
// ordinary data) are transformed here in registers: the cast cannot
// overflow and the precision is all 64 planes. Others take the general
// transform in wordBlockSlow.
func (c *config) wordBlock(fb *[blockSize]float64) uint64 {
	const abs = 1<<63 - 1
	m := max(math.Float64bits(fb[0])&abs, math.Float64bits(fb[1])&abs, math.Float64bits(fb[2])&abs, math.Float64bits(fb[3])&abs)
	be := uint(m >> 52) // biased exponent of the largest magnitude
	if be < 62-1023+ebias-1 || be >= 0x7ff {
		return c.wordBlockSlow(fb)
	}
	// emax = be-1022 and the scale 2^(62-emax) has biased exponent
	// 62-emax+1023 = 2107-be, within 61..2046.
	s := math.Float64frombits(uint64(2107-be) << 52)
	x, y, z, w := int64(s*fb[0]), int64(s*fb[1]), int64(s*fb[2]), int64(s*fb[3])
	x, y, z, w = lift4(x, y, z, w)
	ub := [blockSize]uint64{toNegabinary(x), toNegabinary(y), toNegabinary(z), toNegabinary(w)}
	// Header: a 1 flag and the biased exponent emax+1023 = be+1.
	code := uint64(2*(be+1) + 1)
	if budget := uint(c.maxBits) - (1 + ebits); budget > 0 {
		code |= wordInts(&ub, budget) << (1 + ebits)
	}
	return code
}

// wordBlockSlow is wordBlock for any block (zero, tiny, subnormal and
// non-finite blocks among them), with the general transform. Blocks
// whose precision is below 64 planes (largest magnitude under 2^-1014)
// go through the general block coder.
func (c *config) wordBlockSlow(fb *[blockSize]float64) uint64 {
	emax, finite := maxExponent(fb)
	prec := c.precision(emax)
	if prec == 0 || emax+ebias == 0 {
		return 0 // a 0 flag bit, then padding
	}
	if prec < maxPrec {
		e := encoder{c: c, w: bitWriter{out: make([]byte, 0, 16)}}
		b := *fb
		e.block(&b)
		e.w.flush()
		return binary.LittleEndian.Uint64(e.w.out)
	}
	var ib [blockSize]int64
	fwdCast(&ib, fb, emax, finite)
	fwdLift(&ib)
	ub := [blockSize]uint64{toNegabinary(ib[0]), toNegabinary(ib[1]), toNegabinary(ib[2]), toNegabinary(ib[3])}
	code := uint64(2*(emax+ebias) + 1)
	if budget := uint(c.maxBits) - (1 + ebits); budget > 0 {
		code |= wordInts(&ub, budget) << (1 + ebits)
	}
	return code
}

// wordInts returns the first budget bits (0 < budget <= 52) of the
// coefficients' embedded code over all 64 planes (encoder.ints with an
// unlimited budget, cut), the rest zero. Every plane takes at least one
// bit, so the budget always ends before plane 0 does. With n coefficients
// significant the planes above the highest one bit of the coefficients
// from n on are quiet (n verbatim bits and a 0 test each) and are placed
// as one field; each plane where n grows is coded with the plane after it
// from the pair table; once n is 4 the remaining planes are their four
// bits each, placed at once. Plane bits are cut from a window of 16
// planes (planeWindow), refilled when the planes needed leave it. Every
// field placed is cut to what the budget can still hold, which keeps it
// within quietField's limits and at most 13 planes.
func wordInts(ub *[blockSize]uint64, budget uint) uint64 {
	rest := [blockSize]uint64{ub[0] | ub[1] | ub[2] | ub[3], ub[1] | ub[2] | ub[3], ub[2] | ub[3], ub[3]}
	// Planes above the highest one bit are single 0 bits.
	k := bits.Len64(rest[0]) - 1
	used := uint(maxPrec - 1 - k)
	if used >= budget {
		return 0
	}
	win, f := k, planeWindow(ub, k) // f's nibble j is plane win-j
	var code uint64
	n := uint(0)
	for {
		// Plane k makes n grow: its code and the next plane's from the
		// pair table (the window's byte holds both planes).
		if win-k >= 15 {
			win, f = k, planeWindow(ub, k)
		}
		t := planePairEnc[n<<8|uint(f>>(uint(win-k)*4&63)&0xff)]
		code |= uint64(t&0xffff) << (used & 63)
		used += uint(t >> 16 & 0xff)
		n = uint(t >> 24)
		k -= 2
		if used >= budget {
			break
		}
		var q uint
		if n < blockSize {
			// Quiet planes down to the next one bit of a coefficient
			// from n on.
			q = min(uint(k-(bits.Len64(rest[n&3])-1)), divSmall(budget-used+n, n+1))
			if q == 0 || n < blockSize-1 {
				if q > 0 {
					code |= quietField(ub, n, k, q) << (used & 63)
				}
				used += (n + 1) * q
				k -= int(q)
				if used >= budget {
					break
				}
				continue
			}
			// With three significant, a quiet plane is the plane's
			// four bits (the fourth is 0): cut like verbatim planes.
		} else {
			q = (budget - used + blockSize - 1) / blockSize
		}
		// q planes of four bits from the window.
		if uint(win-k)+q > 16 {
			win, f = k, planeWindow(ub, k)
		}
		code |= f >> (uint(win-k) * 4 & 63) & (1<<(4*q&63) - 1) << (used & 63)
		used += blockSize * q
		k -= int(q)
		if n == blockSize || used >= budget {
			break
		}
	}
	return code & (1<<(budget&63) - 1)
}
