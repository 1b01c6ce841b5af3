package szip

import "encoding/binary"

// bitWriter appends bits MSB-first to a byte slice. Whole 32-bit words are
// flushed from a 64-bit accumulator; callers reserve space with ensure
// before writing a bounded number of bits.
type bitWriter struct {
	buf   []byte // len(buf) is the write capacity in use
	pos   int    // bytes flushed
	acc   uint64 // pending bits, right-aligned
	nbits uint   // pending bit count, always < 32 between calls
}

// ensure makes room for at least n more bytes.
func (w *bitWriter) ensure(n int) {
	if len(w.buf)-w.pos >= n+8 {
		return
	}
	nb := make([]byte, 2*len(w.buf)+n+64)
	copy(nb, w.buf[:w.pos])
	w.buf = nb
}

// put writes the low n bits of v (n <= 32), most significant first.
func (w *bitWriter) put(v uint32, n uint) {
	w.acc = w.acc<<n | uint64(v)&(1<<n-1)
	w.nbits += n
	if w.nbits >= 32 {
		w.nbits -= 32
		binary.BigEndian.PutUint32(w.buf[w.pos:], uint32(w.acc>>w.nbits))
		w.pos += 4
	}
}

// fs writes the fundamental sequence of m: m zero bits then a one bit.
func (w *bitWriter) fs(m uint64) {
	for m >= 32 {
		w.put(0, 32)
		m -= 32
	}
	w.put(1, uint(m)+1)
}

// bitLen returns the number of bits written so far.
func (w *bitWriter) bitLen() uint64 { return uint64(w.pos)*8 + uint64(w.nbits) }

// finish flushes the pending bits, zero-padding the last byte, and returns
// the written bytes.
func (w *bitWriter) finish() []byte {
	for w.nbits >= 8 {
		w.nbits -= 8
		w.buf[w.pos] = byte(w.acc >> w.nbits)
		w.pos++
	}
	if w.nbits > 0 {
		w.buf[w.pos] = byte(w.acc << (8 - w.nbits))
		w.pos++
		w.nbits = 0
	}
	return w.buf[:w.pos]
}
