package simplepacking

import "encoding/binary"

// unpackRange decodes values [lo, hi) of a stream whose value 0 starts at
// bit offset off (0..7) of packed, writing ref + inv×q into dst. packed
// must hold every bit of the requested values (checked by the caller).
func unpackRange[D sink](dst D, packed []byte, off, lo, hi int, ref, inv float64, bits uint32) {
	if off == 0 {
		switch bits {
		case 8:
			for i := lo; i < hi; i++ {
				dst.set(i, ref+float64(inv*float64(packed[i])))
			}
			return
		case 16:
			for i := lo; i < hi; i++ {
				q := binary.BigEndian.Uint16(packed[2*i:])
				dst.set(i, ref+float64(inv*float64(q)))
			}
			return
		case 24:
			for i := lo; i < hi; i++ {
				b := packed[3*i : 3*i+3]
				q := uint32(b[0])<<16 | uint32(b[1])<<8 | uint32(b[2])
				dst.set(i, ref+float64(inv*float64(q)))
			}
			return
		case 32:
			for i := lo; i < hi; i++ {
				q := binary.BigEndian.Uint32(packed[4*i:])
				dst.set(i, ref+float64(inv*float64(q)))
			}
			return
		}
	}
	b := uint64(bits)
	bitpos := uint64(off) + uint64(lo)*b
	// Fast region: values whose 9-byte window lies inside packed.
	for i := lo; i < hi; i++ {
		byteIdx := bitpos >> 3
		if byteIdx+9 > uint64(len(packed)) {
			unpackTail(dst, packed, bitpos, i, hi, ref, inv, bits)
			return
		}
		dst.set(i, ref+float64(inv*float64(readBits(packed[byteIdx:], uint32(bitpos&7), bits))))
		bitpos += b
	}
}

// readBits extracts a bits-wide big-endian field starting shift bits into
// w, which must hold at least 9 bytes.
func readBits(w []byte, shift, bits uint32) uint64 {
	x := binary.BigEndian.Uint64(w) << shift
	q := x >> (64 - bits)
	if bits+shift > 64 {
		extra := bits + shift - 64
		q |= uint64(w[8]) >> (8 - extra)
	}
	return q
}

// unpackTail decodes the last values, which lie within the final < 9
// bytes of packed, through a zero-padded copy so the 9-byte read window
// never runs past the end.
func unpackTail[D sink](dst D, packed []byte, bitpos uint64, lo, hi int, ref, inv float64, bits uint32) {
	var buf [32]byte
	copy(buf[:], packed[bitpos>>3:])
	local := bitpos & 7
	for i := lo; i < hi; i++ {
		q := readBits(buf[local>>3:], uint32(local&7), bits)
		dst.set(i, ref+float64(inv*float64(q)))
		local += uint64(bits)
	}
}
