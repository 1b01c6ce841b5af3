// Package bitio reads bit streams MSB-first through a 64-bit accumulator,
// for szip's CCSDS 121 Rice coding (sz3's Huffman decoder has a reader of
// its own, specialised to its decode tables). Besides single
// reads it has the block readers that szip's decoder spends its time in:
// runs of unary codes (CCSDS "fundamental sequences") and of fixed-width
// values.
package bitio

import (
	"encoding/binary"
	"math/bits"
)

// Reader reads bits MSB-first through a 64-bit accumulator. Reads past
// the end of the buffer yield zero bits and are detected by Overrun, which
// callers check after every unit they decode (a coded data set, a run of
// symbols). The zero value reads an empty buffer; NewReader starts at an
// offset.
type Reader struct {
	buf  []byte
	pos  int    // next byte to load
	acc  uint64 // next bits, MSB-aligned; bits beyond n are unspecified
	n    uint   // valid bits in acc
	virt int    // zero bytes loaded past the end of buf
}

// NewReader starts reading buf at bit offset off (off <= 8*len(buf)).
func NewReader(buf []byte, off uint64) Reader {
	r := Reader{buf: buf, pos: int(off / 8)}
	r.refill()
	r.Skip(uint(off % 8))
	return r
}

// refill tops the accumulator up to at least 57 valid bits.
func (r *Reader) refill() {
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

// Read returns the next n bits (n <= 32).
func (r *Reader) Read(n uint) uint32 {
	if r.n < n {
		r.refill()
	}
	v := uint32(r.acc >> ((64 - n) & 63))
	r.acc <<= n & 63
	r.n -= n
	return v
}

// Peek returns the next k bits (k <= 57) without consuming them; past the
// end of the buffer they are zero.
func (r *Reader) Peek(k uint) uint64 {
	if r.n < k {
		r.refill()
	}
	return r.acc >> ((64 - k) & 63)
}

// Skip discards n bits (n <= 32).
func (r *Reader) Skip(n uint) {
	if r.n < n {
		r.refill()
	}
	r.acc <<= n
	r.n -= n
}

// SkipLong discards n bits, any n.
func (r *Reader) SkipLong(n uint64) {
	if n <= uint64(r.n) {
		r.acc <<= n
		r.n -= uint(n)
		return
	}
	p := r.BitPos() + n
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
	r.setBitPos(p)
}

// setBitPos moves the reader to bit p of the buffer (p <= 8*len(buf)).
func (r *Reader) setBitPos(p uint64) {
	r.pos = int(p / 8)
	r.acc, r.n, r.virt = 0, 0, 0
	r.refill()
	r.Skip(uint(p % 8))
}

// Unary reads a unary code (a CCSDS fundamental sequence): the count m
// of zero bits before the next one bit. ok is false when the buffer ends
// before that one bit.
func (r *Reader) Unary() (m uint64, ok bool) {
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

// BitPos returns the number of bits consumed from the start of the buffer
// (past its end after an overrun).
func (r *Reader) BitPos() uint64 {
	return uint64(r.pos+r.virt)*8 - uint64(r.n)
}

// Overrun reports whether more bits were consumed than the buffer holds.
func (r *Reader) Overrun() bool {
	return r.virt > 0 && r.BitPos() > uint64(len(r.buf))*8
}

// AlignByte skips to the next byte boundary.
func (r *Reader) AlignByte() {
	r.Skip(uint((8 - r.BitPos()%8) % 8))
}

// UnaryBlock reads len(blk) unary codes m and stores m<<k in blk
// (wrapping to 32 bits, as libaec does). It returns false when the buffer
// ends before the last code; blk is then partly written.
func (r *Reader) UnaryBlock(blk []uint32, k uint) bool {
	blk = blk[r.unaryBlockFast(blk, k):]
	acc, n := r.acc, r.n
	for i := range blk {
		if n < 32 {
			r.acc, r.n = acc, n
			r.refill()
			acc, n = r.acc, r.n
		}
		lz := uint(bits.LeadingZeros64(acc))
		if lz < n {
			acc = acc << (lz & 63) << 1 // lz+1 may be 64
			n -= lz + 1
			blk[i] = uint32(lz) << (k & 31)
			continue
		}
		r.acc, r.n = acc, n
		m, ok := r.Unary()
		if !ok {
			return false
		}
		acc, n = r.acc, r.n
		blk[i] = uint32(m) << k
	}
	r.acc, r.n = acc, n
	return true
}

// SkipUnary consumes n unary codes, that is everything up to and
// including the n-th one bit, counting one bits with popcount rather than
// decoding each code. It returns false when the buffer ends first.
func (r *Reader) SkipUnary(n int) bool {
	for n > 0 {
		if r.n < 32 {
			r.refill()
		}
		w := r.acc // keep only the r.n valid bits (r.n may be 64)
		if r.n < 64 {
			w &^= ^uint64(0) >> r.n
		}
		c := bits.OnesCount64(w)
		if c == 0 {
			if r.virt > 0 {
				return false
			}
			r.acc, r.n = 0, 0
			continue
		}
		if c <= n {
			// Consume through the last one bit of the window.
			used := uint(64 - bits.TrailingZeros64(w))
			if used == 64 {
				r.acc = 0
			} else {
				r.acc <<= used
			}
			r.n -= used
			n -= c
			continue
		}
		// The n-th one bit lies in the window: binary search for it.
		pos, need := uint(0), n
		x := w
		for width := uint(32); width > 0; width >>= 1 {
			if top := bits.OnesCount64(x >> (64 - width)); top < need {
				need -= top
				x <<= width
				pos += width
			}
		}
		r.acc = r.acc << (pos & 63) << 1 // pos+1 may be 64
		r.n -= pos + 1
		return true
	}
	return true
}

// AddBitsBlock adds the next k-bit value (0 < k <= 32) to each entry of
// blk, two values per refill check when they fit.
func (r *Reader) AddBitsBlock(blk []uint32, k uint) {
	blk = blk[r.addBitsBlockFast(blk, k):]
	acc, n := r.acc, r.n
	i := 0
	if k <= 28 {
		for ; i+1 < len(blk); i += 2 {
			if n < 2*k {
				r.acc, r.n = acc, n
				r.refill()
				acc, n = r.acc, r.n
			}
			blk[i] += uint32(acc >> ((64 - k) & 63))
			blk[i+1] += uint32(acc << (k & 63) >> ((64 - k) & 63))
			acc <<= (2 * k) & 63
			n -= 2 * k
		}
	}
	for ; i < len(blk); i++ {
		if n < k {
			r.acc, r.n = acc, n
			r.refill()
			acc, n = r.acc, r.n
		}
		blk[i] += uint32(acc >> ((64 - k) & 63))
		acc <<= k & 63
		n -= k
	}
	r.acc, r.n = acc, n
}
