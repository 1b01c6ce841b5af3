package zfp

// Plane windows for the word-sized coder: the bits of 16 consecutive
// planes of the four coefficients in stream order, from which single
// planes and runs of planes are then cut with shifts.

// revNibbles[b] moves bit j of byte b to bit 4(7-j): a byte of one
// coefficient's plane bits, reversed and spread one bit per nibble.
var revNibbles = func() (t [256]uint32) {
	for b := range t {
		for j := 0; j < 8; j++ {
			t[b] |= uint32(b>>j&1) << (4 * (7 - j))
		}
	}
	return t
}()

// planeWindow returns planes k, k-1, …, k-15 of the four coefficients
// as one word: nibble j holds plane k-j, bit i of a nibble coefficient
// i, so its low 4q bits are the stream bits of q planes coded verbatim.
// Planes below 0 read as zeros.
func planeWindow(ub *[blockSize]uint64, k int) uint64 {
	u0, u1, u2, u3 := ub[0], ub[1], ub[2], ub[3]
	if k >= 15 {
		s := uint(k-15) & 63
		u0, u1, u2, u3 = u0>>s, u1>>s, u2>>s, u3>>s
	} else {
		s := uint(15-k) & 63
		u0, u1, u2, u3 = u0<<s, u1<<s, u2<<s, u3<<s
	}
	return nibbles16(u0) | nibbles16(u1)<<1 | nibbles16(u2)<<2 | nibbles16(u3)<<3
}

// nibbles16 returns the low 16 bits of u reversed and spread one bit per
// nibble: bit j to bit 4(15-j).
func nibbles16(u uint64) uint64 {
	return uint64(revNibbles[uint8(u>>8)]) | uint64(revNibbles[uint8(u)])<<32
}
