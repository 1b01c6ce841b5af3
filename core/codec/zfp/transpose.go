package zfp

import "math/bits"

// Bit-plane transposition for runs of planes in which all four
// coefficients are significant: such a plane is coded as its four bits
// verbatim (coefficient 0 first), so q consecutive planes form one 4q-bit
// field that can be converted to or from the coefficients at once instead
// of plane by plane.

// maxRun is the most planes moved at once (4 × 14 = 56 bits, which a
// refilled bitReader buffer always holds).
const maxRun = 14

// spread4 moves bit j of a 16-bit x to bit 4j.
func spread4(x uint64) uint64 {
	x = (x | x<<24) & 0x000000ff000000ff
	x = (x | x<<12) & 0x000f000f000f000f
	x = (x | x<<6) & 0x0303030303030303
	x = (x | x<<3) & 0x1111111111111111
	return x
}

// compact4 moves bit 4j of x to bit j (the inverse of spread4).
func compact4(x uint64) uint64 {
	x &= 0x1111111111111111
	x = (x | x>>3) & 0x0303030303030303
	x = (x | x>>6) & 0x000f000f000f000f
	x = (x | x>>12) & 0x000000ff000000ff
	x = (x | x>>24) & 0x000000000000ffff
	return x
}

// reverse reverses the low q (≤ 16) bits of x.
func reverse(x uint64, q uint) uint64 {
	return uint64(bits.Reverse16(uint16(x))) >> (16 - q)
}

// interleavePlanes returns the stream bits of planes k, k-1, …, k-q+1 of
// the four coefficients (q ≤ 16): plane k first, each plane coefficient 0
// first. The four 16-bit segments are packed in one word (coefficient i
// in lane 3-i) and bit-reversed at once, which moves bit j of segment i
// (plane k-q+1+j) to bit 16i+15-j; transposing lanes to nibbles moves it
// on to bit 4(15-j)+i, and the shift by 4(16-q) puts plane k at bits 0-3.
func interleavePlanes(ub *[blockSize]uint64, k int, q uint) uint64 {
	lo := (uint(k+1) - q) & 63
	a := uint64(uint16(ub[3]>>lo)) | uint64(uint16(ub[2]>>lo))<<16 | uint64(uint16(ub[1]>>lo))<<32 | uint64(uint16(ub[0]>>lo))<<48
	return lanesToNibbles(bits.Reverse64(a)) >> (blockSize * (16 - q) & 63)
}

// planeBits4 returns the four coefficients' bits of q planes in a field
// read from the stream (the inverse of interleavePlanes), each most
// significant plane highest. Each byte of the field (two planes) is
// spread by a table into four 16-bit lanes, one per coefficient, with the
// planes from the top of the lane down.
func planeBits4(field uint64, q uint) (c0, c1, c2, c3 uint64) {
	t := &nibbleLanes
	a := t[uint8(field)] | t[uint8(field>>8)]>>2 | t[uint8(field>>16)]>>4 | t[uint8(field>>24)]>>6 |
		t[uint8(field>>32)]>>8 | t[uint8(field>>40)]>>10 | t[uint8(field>>48)]>>12 | t[uint8(field>>56)]>>14
	a >>= (16 - q) & 15
	return a & 0xffff, a >> 16 & 0xffff, a >> 32 & 0xffff, a >> 48
}

// nibbleLanes[b] moves bit i of nibble 0 of b (the first plane of two)
// to bit 16i+15 and bit i of nibble 1 to bit 16i+14.
var nibbleLanes = func() (t [256]uint64) {
	for b := range t {
		for i := 0; i < blockSize; i++ {
			t[b] |= uint64(b>>i&1)<<(16*i+15) | uint64(b>>(4+i)&1)<<(16*i+14)
		}
	}
	return t
}()

// lanesToNibbles moves bit j of 16-bit lane i (bit 16i+j) to bit 4j+i: a
// rotation of the six index bits of a bit position by two, done as four
// swaps of index bits (0↔2, 0↔4, 1↔3, 1↔5) with delta swaps.
func lanesToNibbles(x uint64) uint64 {
	x = deltaSwap(x, 0x0a0a0a0a0a0a0a0a, 3)
	x = deltaSwap(x, 0x0000aaaa0000aaaa, 15)
	x = deltaSwap(x, 0x00cc00cc00cc00cc, 6)
	x = deltaSwap(x, 0x00000000cccccccc, 30)
	return x
}

// deltaSwap exchanges the bits of x at the positions set in m with those d
// places higher.
func deltaSwap(x, m uint64, d uint) uint64 {
	t := (x ^ x>>d) & m
	return x ^ t ^ t<<d
}

// spread2 moves bit j of a 32-bit x to bit 2j.
func spread2(x uint64) uint64 {
	x = (x | x<<16) & 0x0000ffff0000ffff
	x = (x | x<<8) & 0x00ff00ff00ff00ff
	x = (x | x<<4) & 0x0f0f0f0f0f0f0f0f
	x = (x | x<<2) & 0x3333333333333333
	x = (x | x<<1) & 0x5555555555555555
	return x
}

// compact2 moves bit 2j of x to bit j (the inverse of spread2).
func compact2(x uint64) uint64 {
	x &= 0x5555555555555555
	x = (x | x>>1) & 0x3333333333333333
	x = (x | x>>2) & 0x0f0f0f0f0f0f0f0f
	x = (x | x>>4) & 0x00ff00ff00ff00ff
	x = (x | x>>8) & 0x0000ffff0000ffff
	x = (x | x>>16) & 0x00000000ffffffff
	return x
}

// reverse32 reverses the low q (≤ 32) bits of x.
func reverse32(x uint64, q uint) uint64 {
	return uint64(bits.Reverse32(uint32(x))) >> (32 - q)
}

// quietPlanes returns how many planes from k down (not below kmin) have
// no one bit in the coefficients from n on: planes whose group test is
// negative, coded as the n significant bits and a 0.
func quietPlanes(ub *[blockSize]uint64, n uint, k, kmin int) int {
	var rest uint64
	for i := n; i < blockSize; i++ {
		rest |= ub[i]
	}
	top := bits.Len64(rest) - 1 // highest plane with a one, -1 if none
	return k - max(top, kmin-1)
}
