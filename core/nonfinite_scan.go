package core

import "encoding/binary"

// firstNonFinite returns the index of the first element of data (dtype d,
// byte order o) with a NaN or ±Inf component, or -1. It tests exponent bits
// on whole words, without per-element classification.
func firstNonFinite(data []byte, d DType, o ByteOrder) int {
	comp := 1
	if d == Complex64 || d == Complex128 {
		comp = 2
	}
	big := o == BigEndian
	var w int
	switch d {
	case Float16:
		w = scan16(data, 0x7C00, big)
	case BFloat16:
		w = scan16(data, 0x7F80, big)
	case Float32, Complex64:
		w = scan32(data, big)
	case Float64, Complex128:
		w = scan64(data, big)
	default:
		return -1
	}
	if w < 0 {
		return -1
	}
	return w / comp
}

// skipFinite returns the offset of the first 64-byte block of b that may hold
// a lane (of the width low's pattern repeats) with all exponent bits set, or
// the offset of the final partial block: the precise scans start there.
// low masks off each lane's sign bit and add = sign bit − exponent mask per
// lane, so (lane&low)+add carries into the sign bit exactly when the
// exponent is all ones, without crossing into the next lane. Big-endian
// 64-bit loads of big-endian data (and little-endian of little-endian)
// keep every lane's bits in order.
func skipFinite(b []byte, low, add uint64, big bool) int {
	hi := ^low
	i := 0
	for ; len(b)-i >= 64; i += 64 {
		s := b[i : i+64 : i+64]
		var x uint64
		if big {
			x = (binary.BigEndian.Uint64(s[0:])&low + add) | (binary.BigEndian.Uint64(s[8:])&low + add) |
				(binary.BigEndian.Uint64(s[16:])&low + add) | (binary.BigEndian.Uint64(s[24:])&low + add) |
				(binary.BigEndian.Uint64(s[32:])&low + add) | (binary.BigEndian.Uint64(s[40:])&low + add) |
				(binary.BigEndian.Uint64(s[48:])&low + add) | (binary.BigEndian.Uint64(s[56:])&low + add)
		} else {
			x = (binary.LittleEndian.Uint64(s[0:])&low + add) | (binary.LittleEndian.Uint64(s[8:])&low + add) |
				(binary.LittleEndian.Uint64(s[16:])&low + add) | (binary.LittleEndian.Uint64(s[24:])&low + add) |
				(binary.LittleEndian.Uint64(s[32:])&low + add) | (binary.LittleEndian.Uint64(s[40:])&low + add) |
				(binary.LittleEndian.Uint64(s[48:])&low + add) | (binary.LittleEndian.Uint64(s[56:])&low + add)
		}
		if x&hi != 0 {
			return i
		}
	}
	return i
}

// scanXX return the index of the first word whose exponent bits are all ones.

func scan16(b []byte, mask uint16, big bool) int {
	add := uint64(0x8000 - uint32(mask))
	for i := skipFinite(b, 0x7FFF7FFF7FFF7FFF, add*0x0001000100010001, big); i+2 <= len(b); i += 2 {
		v := load16(b[i:], big)
		if v&mask == mask {
			return i / 2
		}
	}
	return -1
}

func scan32(b []byte, big bool) int {
	const mask = 0x7F800000
	const mask2 = mask<<32 | mask
	i := skipFinite(b, 0x7FFFFFFF7FFFFFFF, 0x0080000000800000, big)
	for ; len(b)-i >= 8; i += 8 {
		var v uint64
		if big {
			v = binary.BigEndian.Uint64(b[i : i+8])
			v = v<<32 | v>>32 // element 0 in the low half
		} else {
			v = binary.LittleEndian.Uint64(b[i : i+8])
		}
		x := v & mask2
		if x&0xFFFFFFFF == mask {
			return i / 4
		}
		if x>>32 == mask {
			return i/4 + 1
		}
	}
	if len(b)-i >= 4 {
		v := load32(b[i:], big)
		if v&mask == mask {
			return i / 4
		}
	}
	return -1
}

func scan64(b []byte, big bool) int {
	const mask = 0x7FF0000000000000
	for i := skipFinite(b, 0x7FFFFFFFFFFFFFFF, 0x0010000000000000, big); len(b)-i >= 8; i += 8 {
		v := load64(b[i:], big)
		if v&mask == mask {
			return i / 8
		}
	}
	return -1
}

// load16, load32 and load64 read one element in byte order big (else
// little) from the start of b.
func load16(b []byte, big bool) uint16 {
	if big {
		return binary.BigEndian.Uint16(b)
	}
	return binary.LittleEndian.Uint16(b)
}

func load32(b []byte, big bool) uint32 {
	if big {
		return binary.BigEndian.Uint32(b)
	}
	return binary.LittleEndian.Uint32(b)
}

func load64(b []byte, big bool) uint64 {
	if big {
		return binary.BigEndian.Uint64(b)
	}
	return binary.LittleEndian.Uint64(b)
}
