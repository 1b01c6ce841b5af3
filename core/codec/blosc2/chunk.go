package blosc2

import "encoding/binary"

// chunk is a parsed regular or special chunk.
type chunk struct {
	h    chunkHeader
	data []byte // the chunk's cbytes bytes
	code int    // compressor code
	// filters lists the pipeline's active decode steps, last applied on
	// encode first.
	filters []byte
	delta   bool
}

// parseChunk parses and checks the chunk at the start of b.
func parseChunk(b []byte) (*chunk, error) {
	h, err := parseChunkHeader(b)
	if err != nil {
		return nil, err
	}
	c := &chunk{h: h, data: b[:h.cbytes], code: h.codec()}
	if h.b2flags&b2flagLazy != 0 {
		return nil, unsupported("lazy chunk")
	}
	switch sp := h.special(); sp {
	case specialNone:
	case specialZero, specialUninit:
		return c, nil
	case specialNaN:
		if h.typesize != 4 && h.typesize != 8 {
			return nil, corrupt("NaN chunk with typesize %d", h.typesize)
		}
		return c, nil
	case specialValue:
		if h.headerLen+h.typesize > h.cbytes {
			return nil, corrupt("repeated-value chunk of %d bytes lacks its %d-byte value", h.cbytes, h.typesize)
		}
		return c, nil
	default:
		return nil, unsupported("special chunk kind %d", sp)
	}
	if h.memcpyed() {
		if h.cbytes < h.headerLen+h.nbytes {
			return nil, corrupt("uncompressed chunk of %d bytes cannot hold %d", h.cbytes, h.nbytes)
		}
		return c, nil
	}
	if err := c.checkBlocks(); err != nil {
		return nil, err
	}
	for i := maxFilters - 1; i >= 0; i-- {
		switch f := h.filters[i]; f {
		case FilterNone, FilterTruncPrec: // trunc_prec needs nothing on decode
		case FilterShuffle, FilterBitshuffle:
			c.filters = append(c.filters, f)
		case FilterDelta:
			c.filters = append(c.filters, f)
			c.delta = true
		default:
			return nil, unsupported("filter code %d", f)
		}
	}
	if c.code != codeBloscLZ && c.code != codeLZ4 && c.code != codeZlib && c.code != codeZstd {
		return nil, unsupported("compressor code %d", c.code)
	}
	return c, nil
}

// checkBlocks validates the block layout of a regular compressed chunk.
func (c *chunk) checkBlocks() error {
	h := &c.h
	if h.b2flags&b2flagDict != 0 {
		return unsupported("chunk with a dictionary")
	}
	if h.nbytes == 0 {
		return nil
	}
	if h.blocksize == 0 {
		return corrupt("chunk of %d bytes has blocksize 0", h.nbytes)
	}
	if h.blocksize > h.nbytes {
		h.blocksize = h.nbytes
	}
	nb := h.nblocks()
	if nb > (h.cbytes-h.headerLen)/4 {
		return corrupt("chunk of %d bytes cannot index %d blocks", h.cbytes, nb)
	}
	if n, size := h.streams(0); n > 1 && n*size != h.blocksize {
		return corrupt("blocksize %d is not a multiple of typesize %d", h.blocksize, h.typesize)
	}
	return nil
}

// bstart returns where block i's streams begin, checked against the chunk.
func (c *chunk) bstart(i int) (int, error) {
	p := c.h.headerLen + 4*i
	s := int32(binary.LittleEndian.Uint32(c.data[p:]))
	lo := c.h.headerLen + 4*c.h.nblocks()
	if int(s) < lo || int(s) > len(c.data) {
		return 0, corrupt("block %d starts at %d, outside [%d, %d]", i, s, lo, len(c.data))
	}
	return int(s), nil
}

// fillSpecial writes a special chunk's bytes [off, off+len(dst)) into dst.
func (c *chunk) fillSpecial(dst []byte, off int) {
	switch c.h.special() {
	case specialZero, specialUninit:
		clear(dst)
	case specialNaN:
		var v [8]byte
		if c.h.typesize == 4 {
			binary.LittleEndian.PutUint32(v[:], 0x7FC00000)
		} else {
			binary.LittleEndian.PutUint64(v[:], 0x7FF8000000000000)
		}
		fillPattern(dst, v[:c.h.typesize], off)
	case specialValue:
		fillPattern(dst, c.data[c.h.headerLen:c.h.headerLen+c.h.typesize], off)
	}
}

// fillPattern fills dst with pattern repeated from offset off of an
// infinite repetition.
func fillPattern(dst, pat []byte, off int) {
	if len(dst) == 0 {
		return
	}
	k := off % len(pat)
	n := copy(dst, pat[k:])
	n += copy(dst[n:], pat[:k])
	for n < len(dst) {
		n += copy(dst[n:], dst[:n])
	}
}
