package zfp

import "math"

// The block transform of zfp 1.0 for 1-D doubles: block-floating-point
// conversion to 62-bit integers relative to the block's largest exponent,
// a reversible integer lifting transform, and a negabinary mapping to
// unsigned coefficients. Every step reproduces libzfp's arithmetic
// exactly, including its behaviour on non-finite values and overflow.

// nbMask is the negabinary mask 0b1010…10.
const nbMask = 0xaaaaaaaaaaaaaaaa

// maxExponent returns the exponent zfp assigns to a block: that of its
// largest magnitude (frexp convention, clamped to -1022 for subnormals),
// or -1023 when every value is zero or NaN. A block holding ±Inf gets 0,
// the exponent frexp reports for infinities. finite reports that no value
// is NaN or infinite.
func maxExponent(b *[blockSize]float64) (emax int, finite bool) {
	// Magnitudes compare like their bit patterns; NaNs (above +Inf) are
	// skipped as libzfp's "max < |x|" test skips them.
	const inf = 0x7ff0000000000000
	const abs = 1<<63 - 1
	m := max(math.Float64bits(b[0])&abs, math.Float64bits(b[1])&abs, math.Float64bits(b[2])&abs, math.Float64bits(b[3])&abs)
	finite = m < inf
	if m > inf {
		// A NaN is the largest: take the largest of the others.
		m = 0
		for _, v := range b {
			if a := math.Float64bits(v) & abs; a <= inf {
				m = max(m, a)
			}
		}
	}
	if m == 0 {
		return -ebias, finite
	}
	// frexp's exponent is the biased exponent - 1022 for normal numbers;
	// subnormals clamp to -1022 and infinities give 0, as in libzfp.
	switch be := int(m >> 52); be {
	case 0:
		return 1 - ebias, finite
	case 0x7ff:
		return 0, finite
	default:
		return be - (ebias - 1), finite
	}
}

// precision is the number of bit planes to code for a block with exponent
// emax (1-D: two guard planes per dimension plus two).
func (c *config) precision(emax int) uint {
	p := emax - c.minExp + 2*(1+1)
	if p < 0 {
		p = 0
	}
	return uint(min(uint64(c.maxPrec), uint64(p)))
}

// lowestPlane is the last bit plane coded at precision prec (planes are
// numbered 63 down to 0).
func lowestPlane(prec uint) int {
	if prec >= maxPrec {
		return 0
	}
	return maxPrec - int(prec)
}

// pow2 returns 2^k rounded like C's ldexp(1.0, k): +Inf above the double
// range, subnormal powers down to 2^-1074, and zero below (2^-1075 is a
// tie and rounds to the even zero).
func pow2(k int) float64 {
	switch {
	case k > 1023:
		return math.Inf(1)
	case k >= -1022:
		return math.Float64frombits(uint64(k+1023) << 52)
	case k >= -1074:
		return math.Float64frombits(1 << uint(k+1074))
	}
	return 0
}

// toInt64 converts like the x86-64 cvttsd2si instruction libzfp's
// (int64) cast compiles to: truncation toward zero, and the "integer
// indefinite" value math.MinInt64 for NaN and out-of-range inputs.
func toInt64(v float64) int64 {
	if v >= -(1<<63) && v < 1<<63 {
		return int64(v)
	}
	return math.MinInt64
}

// fwdCast converts a block to integers relative to emax: y = x*2^(62-emax).
// finite must report that every value is finite.
func fwdCast(ib *[blockSize]int64, fb *[blockSize]float64, emax int, finite bool) {
	s := pow2(62 - emax)
	if finite && emax >= 62-1023 {
		// s is finite and every |x| < 2^emax, so |y| < 2^62: no value
		// needs the out-of-range conversion.
		ib[0], ib[1], ib[2], ib[3] = int64(s*fb[0]), int64(s*fb[1]), int64(s*fb[2]), int64(s*fb[3])
		return
	}
	for i, v := range fb {
		ib[i] = toInt64(s * v)
	}
}

// invCast converts integers back: x = y*2^(emax-62).
func invCast(fb *[blockSize]float64, ib *[blockSize]int64, emax int) {
	s := pow2(emax - 62)
	fb[0], fb[1], fb[2], fb[3] = s*float64(ib[0]), s*float64(ib[1]), s*float64(ib[2]), s*float64(ib[3])
}

// fwdLift is zfp's forward decorrelating transform of four integers, in
// wrapping two's-complement arithmetic with arithmetic right shifts: four
// lifting steps on pairs, then a final cross update of w and y.
func fwdLift(p *[blockSize]int64) {
	p[0], p[1], p[2], p[3] = lift4(p[0], p[1], p[2], p[3])
}

// lift4 is fwdLift on four values held in registers: each lifting step
// of a pair (a, b) makes a (a+b)>>1 and b the old b minus the new a.
func lift4(x, y, z, w int64) (int64, int64, int64, int64) {
	x = (x + w) >> 1
	w -= x
	z = (z + y) >> 1
	y -= z
	x = (x + z) >> 1
	z -= x
	w = (w + y) >> 1
	y -= w
	w += y >> 1
	y -= w >> 1
	return x, y, z, w
}

// invLift inverts fwdLift exactly: the cross update undone, then the
// lifting steps in reverse order.
func invLift(p *[blockSize]int64) {
	p[0], p[1], p[2], p[3] = unlift4(p[0], p[1], p[2], p[3])
}

// unlift4 is invLift on four values held in registers: each pair step
// (a, b) of lift4 is undone by making b the sum b+a and a 2a minus it.
func unlift4(x, y, z, w int64) (int64, int64, int64, int64) {
	y += w >> 1
	w -= y >> 1
	y += w
	w = w<<1 - y
	z += x
	x = x<<1 - z
	y += z
	z = z<<1 - y
	w += x
	x = x<<1 - w
	return x, y, z, w
}

// toNegabinary maps a two's-complement integer to negabinary.
func toNegabinary(x int64) uint64 { return (uint64(x) + nbMask) ^ nbMask }

// fromNegabinary inverts toNegabinary.
func fromNegabinary(u uint64) int64 { return int64((u ^ nbMask) - nbMask) }

// padBlock fills a partial block of n < 4 values the way libzfp does:
// missing values copy neighbours (1 → 0, 2 → 1, 3 → 0); n = 0 is all zero.
func padBlock(b *[blockSize]float64, n int) {
	switch n {
	case 0:
		b[0] = 0
		fallthrough
	case 1:
		b[1] = b[0]
		fallthrough
	case 2:
		b[2] = b[1]
		fallthrough
	case 3:
		b[3] = b[0]
	}
}
