package zfp

import (
	"encoding/binary"
	"math/bits"
)

// Decoding of word-sized fixed rates (see wordblock.go): a block's whole
// code is read as one word and decoded in registers, with no bit reader.

// wordAt returns the nb <= 64 bits of stream at bit offset o (bits past
// the end read as zeros), the rest zero.
func wordAt(stream []byte, o uint64, nb uint) uint64 {
	i, s := o/8, uint(o%8)
	var v uint64
	if i+8 <= uint64(len(stream)) {
		v = binary.LittleEndian.Uint64(stream[i:]) >> s
		if s+nb > 64 && i+8 < uint64(len(stream)) {
			v |= uint64(stream[i+8]) << (64 - s)
		}
	} else {
		for j := uint64(0); i+j < uint64(len(stream)) && j < 8; j++ {
			v |= uint64(stream[i+j]) << (8 * j)
		}
		v >>= s
	}
	if nb < 64 {
		v &= 1<<nb - 1
	}
	return v
}

// wordRun decodes the len(dst)/4 whole blocks from block b on into dst
// (word-sized rates; c.check has ensured the stream holds them).
func (d *decoder) wordRun(stream []byte, b uint64, dst []float64) {
	c := d.c
	nb := uint64(c.maxBits)
	for i := 0; i+blockSize <= len(dst); i += blockSize {
		fb := (*[blockSize]float64)(dst[i : i+blockSize])
		var w uint64
		if nb == wordBits {
			w = binary.LittleEndian.Uint64(stream[b*8:])
		} else {
			w = wordAt(stream, b*nb, uint(nb))
		}
		if !c.wordDecode(w, fb) {
			d.r.seek(b * nb)
			d.block(fb)
		}
		b++
	}
}

// wordDecode decodes the block whose c.maxBits-bit code is w into fb,
// with decoder.block's results; c must satisfy wordRate. It returns false,
// leaving fb alone, for a block coded with fewer than 64 planes (largest
// magnitude under 2^-1014), which the general decoder handles.
func (c *config) wordDecode(w uint64, fb *[blockSize]float64) bool {
	const head = 1 + ebits
	if w&1 == 0 {
		*fb = [blockSize]float64{}
		return true
	}
	emax := int(w>>1&(1<<ebits-1)) - ebias
	if c.precision(emax) < maxPrec {
		return false
	}
	budget := int64(c.maxBits) - head
	u0, u1, u2, u3 := wordUnInts(w>>head, budget)
	x, y, z, v := unlift4(fromNegabinary(u0), fromNegabinary(u1), fromNegabinary(u2), fromNegabinary(u3))
	s := pow2(emax - 62)
	fb[0], fb[1], fb[2], fb[3] = s*float64(x), s*float64(y), s*float64(z), s*float64(v)
	return true
}

// wordUnInts decodes the coefficients from p, the bitBudget <= 52 bits of
// a block's embedded code (the bits above them zero), as decoder.ints does
// over all 64 planes: leading quiet planes in one count, quiet runs and
// plane codes from their tables (a code the budget cuts short bit by bit),
// then the all-significant planes as one field. Every plane takes at
// least one bit, so the budget ends before plane 0 does.
func wordUnInts(p uint64, bitBudget int64) (c0, c1, c2, c3 uint64) {
	var u0, u1, u2, u3 uint64
	b := bitBudget
	q0 := min(int64(bits.TrailingZeros64(p)), b)
	p, b = p>>(uint(q0)&63), b-q0
	k := maxPrec - 1 - int(q0)
	var n uint
	for n < blockSize && b > 0 {
		if p>>(n&63)&1 == 0 && b > int64(n) {
			// A run of quiet planes: n bits and a 0 test bit each.
			s := n + 1
			if q := quietRun(p, n, min(divSmall(uint(b), s), uint(quietMax[n&3]))); q > 0 {
				w := s * q & 63
				q &= 63
				u0, u1, u2 = quietDeposit(p&(1<<w-1), n, q, u0<<q, u1<<q, u2<<q)
				u3 <<= q
				p, b, k = p>>w, b-int64(w), k-int(q)
				continue
			}
		}
		var x uint64
		if t := planeDec[n<<planeMax|uint(p&(1<<planeMax-1))]; int64(t>>4&0xf) <= b {
			x, n = uint64(t&0xf), uint(t>>8)
			m := uint(t>>4) & 0xf
			p, b = p>>m, b-int64(m)
		} else {
			x, n, p, _, b = planeTail(n, p, 64, b)
		}
		u0 = u0<<1 | x&1
		u1 = u1<<1 | x>>1&1
		u2 = u2<<1 | x>>2&1
		u3 = u3<<1 | x>>3&1
		k--
	}
	if b > 0 {
		// The rest are whole planes of 4 verbatim bits (the last cut).
		q := uint(b+blockSize-1) / blockSize
		f0, f1, f2, f3 := planeBits4(p, q)
		q &= 63
		u0, u1, u2, u3 = u0<<q|f0, u1<<q|f1, u2<<q|f2, u3<<q|f3
		k -= int(q)
	}
	sh := uint(k+1) & 63
	if k+1 >= maxPrec {
		return 0, 0, 0, 0
	}
	return u0 << sh, u1 << sh, u2 << sh, u3 << sh
}
