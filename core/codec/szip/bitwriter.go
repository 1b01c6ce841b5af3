package szip

import "encoding/binary"

// bitWriter appends bits MSB-first to a byte slice. It is branch-free on
// the hot path: after adding bits it always stores 8 bytes at pos and
// advances pos by the whole bytes completed, keeping fewer than 8 bits
// pending. Callers reserve space with ensure before writing a bounded
// number of bits, so the 8-byte stores never run off the buffer.
type bitWriter struct {
	buf   []byte // len(buf) is the write capacity in use
	pos   int    // complete bytes written
	acc   uint64 // pending bits in the low nbits bits (higher bits are stale)
	nbits uint   // pending bit count, always < 8 between calls
}

// ensure makes room for at least n more bytes.
func (w *bitWriter) ensure(n int) {
	if len(w.buf)-w.pos >= n+16 {
		return
	}
	nb := make([]byte, 2*len(w.buf)+n+64)
	copy(nb, w.buf[:min(w.pos+1, len(w.buf))]) // includes the partial byte
	w.buf = nb
}

// put writes the low n bits of v (n <= 32), most significant first.
func (w *bitWriter) put(v uint32, n uint) {
	w.acc = w.acc<<(n&63) | uint64(v)&(1<<(n&63)-1)
	w.nbits += n
	binary.BigEndian.PutUint64(w.buf[w.pos:], w.acc<<((64-w.nbits)&63))
	w.pos += int(w.nbits >> 3)
	w.nbits &= 7
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

// finish completes the last partial byte (zero-padded) and returns the
// written bytes.
func (w *bitWriter) finish() []byte {
	if w.nbits > 0 {
		w.buf[w.pos] = byte(w.acc << (8 - w.nbits))
		w.pos++
		w.nbits = 0
	}
	return w.buf[:w.pos]
}
