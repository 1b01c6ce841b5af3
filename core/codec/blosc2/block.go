package blosc2

import "encoding/binary"

// scratch holds two block-sized buffers for the filter pipeline and one
// for a block only partly inside a range.
type scratch struct{ a, b, tmp []byte }

// bufs returns the two buffers, each at least n bytes long.
func (s *scratch) bufs(n int) ([]byte, []byte) {
	if cap(s.a) < n {
		s.a, s.b = make([]byte, n), make([]byte, n)
	}
	return s.a[:n], s.b[:n]
}

// decodeBlock decodes block i of a regular compressed chunk into out
// (exactly its decoded size). ref is the decoded block 0 when the chunk
// uses the delta filter and i > 0, else nil.
func (c *chunk) decodeBlock(out []byte, i int, ref []byte, sc *scratch) error {
	p, err := c.bstart(i)
	if err != nil {
		return err
	}
	buf, other := out, []byte(nil)
	if len(c.filters) > 0 {
		buf, other = sc.bufs(len(out))
	}
	nst, size := c.h.streams(i)
	for s := 0; s < nst; s++ {
		if p, err = c.decodeStream(buf[s*size:(s+1)*size], p); err != nil {
			return err
		}
	}
	cur := buf
	for k, f := range c.filters {
		dst := other
		if k == len(c.filters)-1 {
			dst = out
		}
		switch f {
		case FilterShuffle:
			unshuffle(dst, cur, c.h.typesize)
		case FilterBitshuffle:
			bitunshuffle(dst, cur, c.h.typesize, c.h.version)
		case FilterDelta:
			copy(dst, cur)
			if i == 0 {
				ref = nil
			}
			deltaDecode(dst, ref, c.h.typesize)
		}
		cur, other = dst, cur
	}
	return nil
}

// decodeStream decodes the stream at c.data[p:] into dst and returns the
// position after it.
func (c *chunk) decodeStream(dst []byte, p int) (int, error) {
	d := c.data
	if p > len(d)-4 {
		return p, corrupt("stream size at %d past the chunk end %d", p, len(d))
	}
	cs := int32(binary.LittleEndian.Uint32(d[p:]))
	p += 4
	switch {
	case cs == 0:
		clear(dst)
		return p, nil
	case cs < 0:
		if p >= len(d) {
			return p, corrupt("run-length stream lacks its token")
		}
		if d[p]&1 == 0 || cs < -255 {
			return p, unsupported("stream token %#x with size %d", d[p], cs)
		}
		v := byte(-cs)
		for j := range dst {
			dst[j] = v
		}
		return p + 1, nil
	}
	if int(cs) > len(d)-p {
		return p, corrupt("stream of %d bytes at %d past the chunk end %d", cs, p, len(d))
	}
	src := d[p : p+int(cs)]
	if int(cs) == len(dst) {
		copy(dst, src)
	} else if err := decompressStream(c.code, dst, src); err != nil {
		return p, err
	}
	return p + int(cs), nil
}
