package szip

import (
	"encoding/binary"
	"math/bits"
)

// bitReader reads bits MSB-first through a 64-bit accumulator. Reads past
// the end of the buffer yield zero bits and are detected by overrun, which
// callers check after every coded data set.
type bitReader struct {
	buf  []byte
	pos  int    // next byte to load
	acc  uint64 // next bits, MSB-aligned; bits beyond n are unspecified
	n    uint   // valid bits in acc
	virt int    // zero bytes loaded past the end of buf
}

// newBitReader starts reading buf at bit offset off (off <= 8*len(buf)).
func newBitReader(buf []byte, off uint64) bitReader {
	r := bitReader{buf: buf, pos: int(off / 8)}
	r.refill()
	r.skip(uint(off % 8))
	return r
}

// refill tops the accumulator up to at least 57 valid bits.
func (r *bitReader) refill() {
	if r.pos+8 <= len(r.buf) {
		v := binary.BigEndian.Uint64(r.buf[r.pos:])
		r.acc |= v >> r.n
		adv := (63 - r.n) >> 3
		r.pos += int(adv)
		r.n += adv << 3
		return
	}
	for r.n <= 56 {
		var b byte
		if r.pos < len(r.buf) {
			b = r.buf[r.pos]
			r.pos++
		} else {
			r.virt++
		}
		r.acc = r.acc&^(0xff<<(56-r.n)) | uint64(b)<<(56-r.n)
		r.n += 8
	}
}

// read returns the next n bits (n <= 32).
func (r *bitReader) read(n uint) uint32 {
	if r.n < n {
		r.refill()
	}
	v := uint32(r.acc >> ((64 - n) & 63))
	r.acc <<= n & 63
	r.n -= n
	return v
}

// skip discards n bits (n <= 32).
func (r *bitReader) skip(n uint) {
	if r.n < n {
		r.refill()
	}
	r.acc <<= n
	r.n -= n
}

// skipLong discards n bits, any n.
func (r *bitReader) skipLong(n uint64) {
	if n <= uint64(r.n) {
		r.acc <<= n
		r.n -= uint(n)
		return
	}
	p := r.bitPos() + n
	limit := uint64(len(r.buf)) * 8
	if p > limit {
		// Position past the end: record the overrun as virtual bytes.
		r.pos = len(r.buf)
		r.virt = int((p-limit)/8) + 1
		r.acc, r.n = 0, 0
		r.n = 8 - uint((p-limit)%8)
		if r.n == 8 {
			r.n = 0
			r.virt--
		}
		return
	}
	r.pos = int(p / 8)
	r.acc, r.n, r.virt = 0, 0, 0
	r.refill()
	r.skip(uint(p % 8))
}

// fs reads a fundamental sequence (count of zero bits before a one bit).
// ok is false when the buffer ends before the terminating one bit.
func (r *bitReader) fs() (m uint64, ok bool) {
	for {
		if r.n < 32 {
			r.refill()
		}
		lz := uint(bits.LeadingZeros64(r.acc))
		if lz < r.n {
			r.acc <<= lz + 1
			r.n -= lz + 1
			return m + uint64(lz), true
		}
		if r.virt > 0 {
			return 0, false
		}
		m += uint64(r.n)
		r.acc = 0
		r.n = 0
	}
}

// bitPos returns the number of bits consumed from the start of buf.
func (r *bitReader) bitPos() uint64 {
	return uint64(r.pos+r.virt)*8 - uint64(r.n)
}

// overrun reports whether more bits were consumed than buf holds.
func (r *bitReader) overrun() bool {
	return r.virt > 0 && r.bitPos() > uint64(len(r.buf))*8
}

// alignByte skips to the next byte boundary.
func (r *bitReader) alignByte() {
	r.skip(uint((8 - r.bitPos()%8) % 8))
}
