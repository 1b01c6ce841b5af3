package zfp

import "encoding/binary"

// bitWriter appends bits least significant first, as libzfp's bitstream
// does: bit i of the stream is bit i%64 of 64-bit word i/64, and words are
// stored little-endian. flush pads to a whole word.
type bitWriter struct {
	out  []byte
	acc  uint64 // pending bits, LSB first
	nacc uint   // number of pending bits (< 64)
}

// write appends the low n bits of v (n <= 64).
func (w *bitWriter) write(v uint64, n uint) {
	if n == 0 {
		return
	}
	if n < 64 {
		v &= 1<<(n&63) - 1
	}
	w.acc |= v << (w.nacc & 63)
	if w.nacc+n < 64 {
		w.nacc += n
		return
	}
	w.out = binary.LittleEndian.AppendUint64(w.out, w.acc)
	used := 64 - w.nacc
	w.nacc = n - used
	if used == 64 {
		w.acc = 0
	} else {
		w.acc = v >> (used & 63)
	}
}

// short appends the n bits of v, for 0 < n < 64 and v < 1<<n.
func (w *bitWriter) short(v uint64, n uint) {
	w.acc |= v << (w.nacc & 63)
	w.nacc += n
	if w.nacc >= 64 {
		w.out = binary.LittleEndian.AppendUint64(w.out, w.acc)
		w.nacc -= 64
		// n-nacc bits of v went out (fewer than 64: nacc was below 64).
		w.acc = v >> ((n - w.nacc) & 63)
	}
}

// zeros appends n <= 64 zero bits.
func (w *bitWriter) zeros(n uint) {
	w.nacc += n
	if w.nacc >= 64 {
		// nacc was below 64, so one word fills at most.
		w.out = binary.LittleEndian.AppendUint64(w.out, w.acc)
		w.acc = 0
		w.nacc -= 64
	}
}

// bit appends one bit (b must be 0 or 1) and returns it.
func (w *bitWriter) bit(b uint64) uint64 {
	w.acc |= b << (w.nacc & 63)
	w.nacc++
	if w.nacc == 64 {
		w.out = binary.LittleEndian.AppendUint64(w.out, w.acc)
		w.acc, w.nacc = 0, 0
	}
	return b
}

// pad appends n zero bits.
func (w *bitWriter) pad(n uint64) {
	for n >= 64 {
		w.write(0, 64)
		n -= 64
	}
	w.write(0, uint(n))
}

// flush pads the stream with zero bits to a whole 64-bit word.
func (w *bitWriter) flush() {
	if w.nacc > 0 {
		w.out = binary.LittleEndian.AppendUint64(w.out, w.acc)
		w.acc, w.nacc = 0, 0
	}
}

// bitReader reads bits least significant first from data; bits past the
// end read as zeros (libzfp's decoder sees a zero-padded buffer). pos
// counts every bit consumed, including those past the end, so callers can
// tell a stream too short for what was decoded.
type bitReader struct {
	data []byte
	next int    // index of the next byte to load into buf
	buf  uint64 // loaded bits, LSB first
	nbuf uint   // number of valid bits in buf
	pos  uint64 // bits consumed
}

// newBitReader returns a reader positioned at bit offset start.
func newBitReader(data []byte, start uint64) *bitReader {
	r := &bitReader{data: data}
	r.seek(start)
	return r
}

// seek positions the reader at absolute bit offset p.
func (r *bitReader) seek(p uint64) {
	r.pos = p
	r.buf, r.nbuf = 0, 0
	byteIdx := p / 8
	if byteIdx >= uint64(len(r.data)) {
		r.next = len(r.data)
		// Beyond the data: buf stays zero; make the bits "valid".
		r.nbuf = 64
		return
	}
	r.next = int(byteIdx)
	r.refill()
	skip := uint(p % 8)
	r.buf >>= skip
	r.nbuf -= skip
}

// refill tops buf up to at least 57 valid bits.
func (r *bitReader) refill() {
	if r.next+8 <= len(r.data) {
		r.buf |= binary.LittleEndian.Uint64(r.data[r.next:]) << r.nbuf
		r.next += int(63-r.nbuf) >> 3
		r.nbuf |= 56
		return
	}
	for r.nbuf <= 56 {
		if r.next < len(r.data) {
			r.buf |= uint64(r.data[r.next]) << r.nbuf
			r.next++
		}
		r.nbuf += 8
	}
}

// topUp stores a caller's local copy of the buffer, refills it and returns
// the refilled copy.
func (r *bitReader) topUp(buf uint64, nbuf uint) (uint64, uint) {
	r.buf, r.nbuf = buf, nbuf
	r.refill()
	return r.buf, r.nbuf
}

// peek returns the next n <= 32 bits without consuming them.
func (r *bitReader) peek(n uint) uint64 {
	if r.nbuf < n {
		r.refill()
	}
	return r.buf & (1<<n - 1)
}

// consume advances n bits that peek returned.
func (r *bitReader) consume(n uint) {
	r.buf >>= n
	r.nbuf -= n
	r.pos += uint64(n)
}

// skip advances n bits.
func (r *bitReader) skip(n uint64) {
	if n <= uint64(r.nbuf) {
		r.buf >>= n
		r.nbuf -= uint(n)
		r.pos += n
		return
	}
	r.seek(r.pos + n)
}
