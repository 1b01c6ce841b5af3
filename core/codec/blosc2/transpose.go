package blosc2

import "encoding/binary"

// transpose8x8 transposes the 8×8 byte matrix whose row r is r[r] (byte c
// of a row is its little-endian byte c): afterwards byte c of row r is the
// former byte r of row c.
func transpose8x8(r *[8]uint64) {
	for _, s := range [3]struct {
		d     int
		shift uint
		mask  uint64
	}{{1, 8, 0x00FF00FF00FF00FF}, {2, 16, 0x0000FFFF0000FFFF}, {4, 32, 0x00000000FFFFFFFF}} {
		for i := 0; i < 8; i++ {
			if i&s.d != 0 {
				continue
			}
			t := ((r[i] >> s.shift) ^ r[i+s.d]) & s.mask
			r[i+s.d] ^= t
			r[i] ^= t << s.shift
		}
	}
}

// unshuffle8 is unshuffle for typesize 8: 8 elements at a time by one 8×8
// byte transpose, the rest one by one.
func unshuffle8(dst, src []byte, n int) {
	var r [8]uint64
	i := 0
	for ; i+8 <= n; i += 8 {
		for j := 0; j < 8; j++ {
			r[j] = binary.LittleEndian.Uint64(src[j*n+i:])
		}
		transpose8x8(&r)
		for e := 0; e < 8; e++ {
			binary.LittleEndian.PutUint64(dst[(i+e)*8:], r[e])
		}
	}
	for ; i < n; i++ {
		for j := 0; j < 8; j++ {
			dst[i*8+j] = src[j*n+i]
		}
	}
}

// shuffle8 is shuffle for typesize 8.
func shuffle8(dst, src []byte, n int) {
	var r [8]uint64
	i := 0
	for ; i+8 <= n; i += 8 {
		for e := 0; e < 8; e++ {
			r[e] = binary.LittleEndian.Uint64(src[(i+e)*8:])
		}
		transpose8x8(&r)
		for j := 0; j < 8; j++ {
			binary.LittleEndian.PutUint64(dst[j*n+i:], r[j])
		}
	}
	for ; i < n; i++ {
		for j := 0; j < 8; j++ {
			dst[j*n+i] = src[i*8+j]
		}
	}
}
