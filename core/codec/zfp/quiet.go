package zfp

import "math/bits"

// Quiet planes: while n < 4 coefficients are significant, a plane whose
// remaining coefficients have no one bit is coded as the n significant
// bits and a negative group test (0), so a run of q such planes is a field
// of q groups of n+1 bits. These helpers move such runs at once.

// quietStride bit masks: bit s*j set for s = n+1 (n = 0..3).
var quietTests = [blockSize]uint64{^uint64(0), 0x5555555555555555, 0x1249249249249249, 0x1111111111111111}

// quietMax is the longest run moved at once for n significant
// coefficients (the field must fit 64 bits and a 16/32-bit reversal).
var quietMax = [blockSize]int{64, 32, 21, 16}

// spread3 moves bit j of a 21-bit x to bit 3j.
func spread3(x uint64) uint64 {
	x &= 0x1fffff
	x = (x | x<<32) & 0x1f00000000ffff
	x = (x | x<<16) & 0x1f0000ff0000ff
	x = (x | x<<8) & 0x100f00f00f00f00f
	x = (x | x<<4) & 0x10c30c30c30c30c3
	x = (x | x<<2) & 0x1249249249249249
	return x
}

// compact3 moves bit 3j of x to bit j (the inverse of spread3).
func compact3(x uint64) uint64 {
	x &= 0x1249249249249249
	x = (x | x>>2) & 0x10c30c30c30c30c3
	x = (x | x>>4) & 0x100f00f00f00f00f
	x = (x | x>>8) & 0x1f0000ff0000ff
	x = (x | x>>16) & 0x1f00000000ffff
	x = (x | x>>32) & 0x1fffff
	return x
}

// topPlane returns the highest plane with a one bit in any coefficient
// (-1 when all are zero).
func topPlane(ub *[blockSize]uint64) int { return bits.Len64(ub[0]|ub[1]|ub[2]|ub[3]) - 1 }

// zeroRun returns the number of zero bits at the start of buf, at most
// limit.
func zeroRun(buf uint64, limit uint) uint { return min(uint(bits.TrailingZeros64(buf)), limit) }

// quietField returns the stream bits of q quiet planes k, k-1, … with n
// significant coefficients (q at most quietMax[n]).
func quietField(ub *[blockSize]uint64, n uint, k int, q uint) uint64 {
	lo := uint(k+1) - q
	switch n {
	case 1:
		return spread2(reverse32(ub[0]>>lo, q))
	case 2:
		return spread3(reverse32(ub[0]>>lo, q)) | spread3(reverse32(ub[1]>>lo, q))<<1
	case 3:
		return spread4(reverse(ub[0]>>lo, q)) | spread4(reverse(ub[1]>>lo, q))<<1 | spread4(reverse(ub[2]>>lo, q))<<2
	}
	return 0
}

// divRecip[s] is ceil(128/s): x*divRecip[s]>>7 is x/s for x < 128.
var divRecip = [8]uint{0, 128, 64, 43, 32}

// divSmall returns x/s for x < 128 and s = 1..4 without a division.
func divSmall(x, s uint) uint { return x * divRecip[s&7] >> 7 }

// quietRun counts the quiet planes at the start of buf for n significant
// coefficients, at most qmax: the planes before the first positive group
// test (test bits at positions (n+1)j + n).
func quietRun(buf uint64, n, qmax uint) uint {
	tests := buf >> n & quietTests[n]
	return min(divSmall(uint(bits.TrailingZeros64(tests)), n+1), qmax)
}

// quietBits returns coefficient i's bits (i < n) of q quiet planes read
// from field, most significant plane highest.
func quietBits(field uint64, n, i, q uint) uint64 {
	switch n {
	case 1:
		return reverse32(compact2(field), q)
	case 2:
		return reverse32(compact3(field>>i), q)
	}
	return reverse(compact4(field>>i), q)
}

// quietDeposit adds the bits of q quiet planes read from field to the
// significant coefficients (those below n) of u0, u1, u2.
func quietDeposit(field uint64, n, q uint, u0, u1, u2 uint64) (uint64, uint64, uint64) {
	if n > 0 {
		u0 |= quietBits(field, n, 0, q)
	}
	if n > 1 {
		u1 |= quietBits(field, n, 1, q)
	}
	if n > 2 {
		u2 |= quietBits(field, n, 2, q)
	}
	return u0, u1, u2
}
