package sz3

import "encoding/binary"

// msbReader reads bits MSB first for the Huffman decoder. acc holds the
// next nb bits left-aligned; bytes past the end of data read as zero and
// overrun reports whether any of them was consumed.
type msbReader struct {
	data []byte
	pos  int // next byte of data to load (may pass len(data))
	acc  uint64
	nb   uint
}

// fill tops acc up from at most 32 valid bits to at least 32.
func (r *msbReader) fill() {
	if r.pos+4 <= len(r.data) {
		r.acc |= uint64(binary.BigEndian.Uint32(r.data[r.pos:])) << (32 - r.nb)
		r.pos += 4
		r.nb += 32
		return
	}
	for r.nb <= 56 {
		var b byte
		if r.pos < len(r.data) {
			b = r.data[r.pos]
		}
		r.acc |= uint64(b) << (56 - r.nb)
		r.pos++
		r.nb += 8
	}
}

// skip consumes n ≤ nb bits.
func (r *msbReader) skip(n uint) {
	r.acc <<= n & 63
	r.nb -= n
}

// overrun reports whether more bits were consumed than data holds.
func (r *msbReader) overrun() bool {
	return uint64(r.pos)*8-uint64(r.nb) > uint64(len(r.data))*8
}
