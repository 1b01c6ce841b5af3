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

// scanXX return the index of the first word whose exponent bits are all ones.

func scan16(b []byte, mask uint16, big bool) int {
	for i := 0; i+2 <= len(b); i += 2 {
		var v uint16
		if big {
			v = binary.BigEndian.Uint16(b[i:])
		} else {
			v = binary.LittleEndian.Uint16(b[i:])
		}
		if v&mask == mask {
			return i / 2
		}
	}
	return -1
}

func scan32(b []byte, big bool) int {
	const mask = 0x7F800000
	const mask2 = mask<<32 | mask
	i := 0
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
		var v uint32
		if big {
			v = binary.BigEndian.Uint32(b[i : i+4])
		} else {
			v = binary.LittleEndian.Uint32(b[i : i+4])
		}
		if v&mask == mask {
			return i / 4
		}
	}
	return -1
}

func scan64(b []byte, big bool) int {
	const mask = 0x7FF0000000000000
	for i := 0; len(b)-i >= 8; i += 8 {
		var v uint64
		if big {
			v = binary.BigEndian.Uint64(b[i : i+8])
		} else {
			v = binary.LittleEndian.Uint64(b[i : i+8])
		}
		if v&mask == mask {
			return i / 8
		}
	}
	return -1
}
