package blosc2

import "encoding/binary"

// Byte-plane transposes for typesize 8: 8 elements at a time as an 8×8
// byte matrix (row r = 8 bytes of plane r, or element r), transposed with
// three rounds of masked swaps between rows 1, 2 and 4 apart.

const (
	mask1 = 0x00FF00FF00FF00FF
	mask2 = 0x0000FFFF0000FFFF
	mask4 = 0x00000000FFFFFFFF
)

// swap exchanges the bytes of a and b that the transpose round with this
// shift and mask moves.
func swap(a, b uint64, shift uint, mask uint64) (uint64, uint64) {
	t := ((a >> shift) ^ b) & mask
	return a ^ t<<shift, b ^ t
}

// transpose8x8 transposes the 8×8 byte matrix whose rows are r0…r7 (byte
// c of a row is its little-endian byte c).
func transpose8x8(r0, r1, r2, r3, r4, r5, r6, r7 uint64) (uint64, uint64, uint64, uint64, uint64, uint64, uint64, uint64) {
	r0, r1 = swap(r0, r1, 8, mask1)
	r2, r3 = swap(r2, r3, 8, mask1)
	r4, r5 = swap(r4, r5, 8, mask1)
	r6, r7 = swap(r6, r7, 8, mask1)
	r0, r2 = swap(r0, r2, 16, mask2)
	r1, r3 = swap(r1, r3, 16, mask2)
	r4, r6 = swap(r4, r6, 16, mask2)
	r5, r7 = swap(r5, r7, 16, mask2)
	r0, r4 = swap(r0, r4, 32, mask4)
	r1, r5 = swap(r1, r5, 32, mask4)
	r2, r6 = swap(r2, r6, 32, mask4)
	r3, r7 = swap(r3, r7, 32, mask4)
	return r0, r1, r2, r3, r4, r5, r6, r7
}

// streamStoreMin is the smallest output (half of a 1 MiB L2 cache) that
// unshuffle8Blocks (amd64) writes with stores that bypass the caches. The
// decoder never reads the output back, and a large one (1M float64 = 8 MB)
// leaves the cache anyway: cached stores first read every destination line
// from memory, a third of the memory traffic of an lz4 decode, which from
// two threads at once made each call 20-25 % dearer (clevel-5 blocks of
// float64 are 512 KiB).
const streamStoreMin = 512 << 10

// unshuffle8 is unshuffle for typesize 8 (n elements).
func unshuffle8(dst, src []byte, n int) {
	planes := [8][]byte{src[:n], src[n : 2*n], src[2*n : 3*n], src[3*n : 4*n],
		src[4*n : 5*n], src[5*n : 6*n], src[6*n : 7*n], src[7*n : 8*n]}
	unshuffle8Planes(dst, &planes, n)
}

// unshuffle8Planes interleaves eight byte planes of n bytes each (plane j
// holds byte j of every element) into dst[:8*n].
func unshuffle8Planes(dst []byte, planes *[8][]byte, n int) {
	p0, p1, p2, p3 := planes[0][:n], planes[1][:n], planes[2][:n], planes[3][:n]
	p4, p5, p6, p7 := planes[4][:n], planes[5][:n], planes[6][:n], planes[7][:n]
	i := unshuffle8Blocks(dst, planes, n)
	for ; i+8 <= n; i += 8 {
		e0, e1, e2, e3, e4, e5, e6, e7 := transpose8x8(
			binary.LittleEndian.Uint64(p0[i:]), binary.LittleEndian.Uint64(p1[i:]),
			binary.LittleEndian.Uint64(p2[i:]), binary.LittleEndian.Uint64(p3[i:]),
			binary.LittleEndian.Uint64(p4[i:]), binary.LittleEndian.Uint64(p5[i:]),
			binary.LittleEndian.Uint64(p6[i:]), binary.LittleEndian.Uint64(p7[i:]))
		d := dst[i*8 : i*8+64]
		binary.LittleEndian.PutUint64(d[0:], e0)
		binary.LittleEndian.PutUint64(d[8:], e1)
		binary.LittleEndian.PutUint64(d[16:], e2)
		binary.LittleEndian.PutUint64(d[24:], e3)
		binary.LittleEndian.PutUint64(d[32:], e4)
		binary.LittleEndian.PutUint64(d[40:], e5)
		binary.LittleEndian.PutUint64(d[48:], e6)
		binary.LittleEndian.PutUint64(d[56:], e7)
	}
	for ; i < n; i++ {
		for j := range planes {
			dst[i*8+j] = planes[j][i]
		}
	}
}

// shuffle8 is shuffle for typesize 8 (n elements).
func shuffle8(dst, src []byte, n int) {
	i := shuffle8Blocks(dst, src, n)
	for ; i+8 <= n; i += 8 {
		s := src[i*8 : i*8+64]
		q0, q1, q2, q3, q4, q5, q6, q7 := transpose8x8(
			binary.LittleEndian.Uint64(s[0:]), binary.LittleEndian.Uint64(s[8:]),
			binary.LittleEndian.Uint64(s[16:]), binary.LittleEndian.Uint64(s[24:]),
			binary.LittleEndian.Uint64(s[32:]), binary.LittleEndian.Uint64(s[40:]),
			binary.LittleEndian.Uint64(s[48:]), binary.LittleEndian.Uint64(s[56:]))
		binary.LittleEndian.PutUint64(dst[i:], q0)
		binary.LittleEndian.PutUint64(dst[n+i:], q1)
		binary.LittleEndian.PutUint64(dst[2*n+i:], q2)
		binary.LittleEndian.PutUint64(dst[3*n+i:], q3)
		binary.LittleEndian.PutUint64(dst[4*n+i:], q4)
		binary.LittleEndian.PutUint64(dst[5*n+i:], q5)
		binary.LittleEndian.PutUint64(dst[6*n+i:], q6)
		binary.LittleEndian.PutUint64(dst[7*n+i:], q7)
	}
	for ; i < n; i++ {
		for j := 0; j < 8; j++ {
			dst[j*n+i] = src[i*8+j]
		}
	}
}

// spread moves byte k of x to byte 2k of the result (k = 0…3).
func spread(x uint32) uint64 {
	v := uint64(x)
	v = (v | v<<16) & 0x0000FFFF0000FFFF
	return (v | v<<8) & 0x00FF00FF00FF00FF
}

// gather is the inverse of spread: byte 2k of x moves to byte k.
func gather(x uint64) uint32 {
	x &= 0x00FF00FF00FF00FF
	x = (x | x>>8) & 0x0000FFFF0000FFFF
	return uint32(x | x>>16)
}

// unshuffle2 is unshuffle for typesize 2 (n elements), 8 at a time.
func unshuffle2(dst, src []byte, n int) {
	p0, p1 := src[:n], src[n:2*n]
	i := 0
	for ; i+8 <= n; i += 8 {
		a, b := binary.LittleEndian.Uint64(p0[i:]), binary.LittleEndian.Uint64(p1[i:])
		d := dst[2*i : 2*i+16]
		binary.LittleEndian.PutUint64(d, spread(uint32(a))|spread(uint32(b))<<8)
		binary.LittleEndian.PutUint64(d[8:], spread(uint32(a>>32))|spread(uint32(b>>32))<<8)
	}
	for ; i < n; i++ {
		dst[2*i], dst[2*i+1] = p0[i], p1[i]
	}
}

// shuffle2 is shuffle for typesize 2 (n elements), 8 at a time.
func shuffle2(dst, src []byte, n int) {
	i := 0
	for ; i+8 <= n; i += 8 {
		s := src[2*i : 2*i+16]
		x, y := binary.LittleEndian.Uint64(s), binary.LittleEndian.Uint64(s[8:])
		binary.LittleEndian.PutUint64(dst[i:], uint64(gather(x))|uint64(gather(y))<<32)
		binary.LittleEndian.PutUint64(dst[n+i:], uint64(gather(x>>8))|uint64(gather(y>>8))<<32)
	}
	for ; i < n; i++ {
		dst[i], dst[n+i] = src[2*i], src[2*i+1]
	}
}
