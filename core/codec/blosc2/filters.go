package blosc2

import "encoding/binary"

// Block filters. Each works on one block of n bytes with the chunk's
// typesize; bytes past the last whole element (or, for bitshuffle, past
// the last whole group of 8 elements) pass through unchanged.

// shuffle writes the byte planes of src (element byte j of every element,
// j = 0 … ts-1) into dst.
func shuffle(dst, src []byte, ts int) {
	byteFilter(dst, src, ts, false)
}

// unshuffle inverts shuffle.
func unshuffle(dst, src []byte, ts int) {
	byteFilter(dst, src, ts, true)
}

// byteKernel is a fast path of shuffle or unshuffle for n whole elements
// of one typesize.
type byteKernel func(dst, src []byte, n int)

// The fast paths by typesize; the other typesizes go through
// transposeBytes.
var (
	fastShuffle   = map[int]byteKernel{8: shuffle8, 2: shuffle2}
	fastUnshuffle = map[int]byteKernel{8: unshuffle8, 4: unshuffle4, 2: unshuffle2}
)

// byteFilter shuffles (or with inverse unshuffles) the n whole elements
// of src when there are any and ts > 1, and copies the bytes past them, or
// all of src otherwise. Shuffle transposes n rows of ts bytes, unshuffle
// ts rows of n bytes.
func byteFilter(dst, src []byte, ts int, inverse bool) {
	n := len(src) / ts
	if ts == 1 || n == 0 {
		copy(dst, src)
		return
	}
	rows, cols, fast := n, ts, fastShuffle
	if inverse {
		rows, cols, fast = ts, n, fastUnshuffle
	}
	if k := fast[ts]; k != nil {
		k(dst, src, n)
	} else {
		transposeBytes(dst, src, rows, cols)
	}
	copy(dst[n*ts:], src[n*ts:])
}

// transposeBytes writes the rows×cols byte matrix src (row-major) to dst
// transposed: dst[c*rows+r] = src[r*cols+c]. It is shuffle (rows = n
// elements, cols = ts) and unshuffle (rows = ts, cols = n) for typesizes
// without a fast path, filling dst sequentially.
func transposeBytes(dst, src []byte, rows, cols int) {
	for c := 0; c < cols; c++ {
		out := dst[c*rows : (c+1)*rows]
		for r := range out {
			out[r] = src[r*cols+c]
		}
	}
}

// unshuffle4 is unshuffle for typesize 4.
func unshuffle4(dst, src []byte, n int) {
	p0, p1, p2, p3 := src[:n], src[n:2*n], src[2*n:3*n], src[3*n:4*n]
	for i := 0; i < n; i++ {
		v := uint32(p0[i]) | uint32(p1[i])<<8 | uint32(p2[i])<<16 | uint32(p3[i])<<24
		binary.LittleEndian.PutUint32(dst[i*4:], v)
	}
}

// transpose8 transposes the 8×8 bit matrix whose row r is byte r of x
// (little-endian): bit c of byte r moves to bit r of byte c.
func transpose8(x uint64) uint64 {
	t := (x ^ (x >> 7)) & 0x00AA00AA00AA00AA
	x ^= t ^ (t << 7)
	t = (x ^ (x >> 14)) & 0x0000CCCC0000CCCC
	x ^= t ^ (t << 14)
	t = (x ^ (x >> 28)) & 0x00000000F0F0F0F0
	x ^= t ^ (t << 28)
	return x
}

// bitGroups returns the number of elements bitshuffle transposes: the
// whole elements rounded down to a multiple of 8.
func bitGroups(n, ts int) int {
	e := n / ts
	return e - e%8
}

// bitshuffle writes the bit planes of src into dst: for element byte j and
// bit k, plane j*8+k holds bit k of byte j of every element, least
// significant bit first.
func bitshuffle(dst, src []byte, ts int) {
	bitTiles(dst, src, ts, false)
}

// bitunshuffle inverts bitshuffle. Chunks of format version 2 bitshuffled
// a block only when its element count was a multiple of 8, and otherwise
// stored it as is.
func bitunshuffle(dst, src []byte, ts int, version byte) {
	size := bitGroups(len(src), ts)
	if version == 2 && size*ts != len(src)/ts*ts {
		copy(dst, src)
		return
	}
	bitTiles(dst, src, ts, true)
}

// bitTiles moves the bits of the whole 8-element groups between element
// order and bit-plane order (toElements selects the direction) and copies
// the bytes past them. Each 8×8 bit tile (byte j of the 8 elements of
// group g) is gathered from one side, transposed and scattered on the
// other: on the element side its bytes stand ts apart from 8g·ts+j, on the
// plane side row apart from 8j·row+g.
func bitTiles(dst, src []byte, ts int, toElements bool) {
	size := bitGroups(len(src), ts)
	row := size / 8
	// offset = g*gIn + j*jIn, bytes sIn apart (likewise Out).
	gIn, jIn, sIn := 8*ts, 1, ts
	gOut, jOut, sOut := 1, 8*row, row
	if toElements {
		gIn, jIn, sIn, gOut, jOut, sOut = gOut, jOut, sOut, gIn, jIn, sIn
	}
	for j := 0; j < ts; j++ {
		for g := 0; g < row; g++ {
			x := transpose8(gather8(src, g*gIn+j*jIn, sIn))
			scatter8(dst, g*gOut+j*jOut, sOut, x)
		}
	}
	copy(dst[size*ts:], src[size*ts:])
}

// gather8 packs src[off], src[off+stride], … (8 bytes) into a word, the
// first byte lowest.
func gather8(src []byte, off, stride int) uint64 {
	var x uint64
	for m := 0; m < 8; m++ {
		x |= uint64(src[off+m*stride]) << (8 * m)
	}
	return x
}

// scatter8 stores the bytes of x, lowest first, at dst[off], dst[off+stride], ….
func scatter8(dst []byte, off, stride int, x uint64) {
	for m := 0; m < 8; m++ {
		dst[off+m*stride] = byte(x >> (8 * m))
	}
}

// deltaUnit returns the width in bytes of the words the delta filter XORs.
func deltaUnit(ts int) int {
	switch {
	case ts == 1 || ts == 2 || ts == 4 || ts == 8:
		return ts
	case ts%8 == 0:
		return 8
	}
	return 1
}

// deltaDecode undoes the delta filter in place on block buf. For block 0
// (ref == nil) each word was XORed with the previous one; any other block
// was XORed word by word with the decoded block 0, ref.
func deltaDecode(buf, ref []byte, ts int) {
	u := deltaUnit(ts)
	n := len(buf) / u * u
	if ref == nil {
		for i := u; i < n; i++ {
			buf[i] ^= buf[i-u]
		}
		return
	}
	n = min(n, len(ref)/u*u)
	for i := 0; i < n; i++ {
		buf[i] ^= ref[i]
	}
}

// deltaEncode applies the delta filter to block src (block 0 when ref is
// nil, else XORed with the original block 0 data ref) into dst.
func deltaEncode(dst, src, ref []byte, ts int) {
	u := deltaUnit(ts)
	n := len(src) / u * u
	copy(dst[n:], src[n:])
	if ref == nil {
		copy(dst[:min(u, n)], src)
		for i := u; i < n; i++ {
			dst[i] = src[i] ^ src[i-u]
		}
		return
	}
	m := min(n, len(ref)/u*u)
	for i := 0; i < m; i++ {
		dst[i] = src[i] ^ ref[i]
	}
	copy(dst[m:n], src[m:n])
}
