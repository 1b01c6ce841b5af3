package blosc2

import (
	"encoding/binary"

	"github.com/tensogram-go/tensogram-go/core/codec/zstd"
)

// scratch holds two block-sized buffers for the filter pipeline and one
// for a block only partly inside a range.
type scratch struct{ a, b, tmp []byte }

// streamSlack is the spare room after a block's streams in scratch
// buffers: the zstd decoder copies faster when it may overrun its output
// by that much.
const streamSlack = zstd.SpareBytes

// bufs returns the two buffers, each n bytes long; a has streamSlack bytes
// of spare capacity.
func (s *scratch) bufs(n int) ([]byte, []byte) {
	if cap(s.a) < n+streamSlack || cap(s.b) < n {
		s.a, s.b = make([]byte, n+streamSlack), make([]byte, n)
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
	if nst == 8 && size*8 == len(out) && len(c.filters) == 1 && c.filters[0] == FilterShuffle {
		return c.decodeShuffled8(out, p, size, buf)
	}
	if len(c.filters) == 0 {
		buf = buf[:len(buf):len(buf)] // out: nothing after it may be touched
	}
	for s := 0; s < nst; s++ {
		if p, err = c.decodeStream(buf[s*size:(s+1)*size:cap(buf)], p); err != nil {
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

// decodeShuffled8 decodes a split block of typesize 8 whose only filter is
// byte shuffle: streams stored verbatim are unshuffled straight from the
// chunk, the others are decompressed into buf first.
func (c *chunk) decodeShuffled8(out []byte, p, size int, buf []byte) error {
	var planes [8][]byte
	for s := range planes {
		var err error
		if planes[s], p, err = c.streamPlane(buf[s*size:(s+1)*size:cap(buf)], p); err != nil {
			return err
		}
	}
	unshuffle8Planes(out, &planes, size)
	return nil
}

// decodeStream decodes the stream at c.data[p:] into dst and returns the
// position after it.
func (c *chunk) decodeStream(dst []byte, p int) (int, error) {
	plane, next, err := c.streamPlane(dst, p)
	if err == nil && len(dst) > 0 && &plane[0] != &dst[0] {
		copy(dst, plane)
	}
	return next, err
}

// streamPlane decodes the stream at c.data[p:], of len(dst) decoded bytes,
// and returns them with the position after the stream: the stream's own
// bytes when it is stored verbatim, else dst filled in.
func (c *chunk) streamPlane(dst []byte, p int) ([]byte, int, error) {
	d := c.data
	if p > len(d)-4 {
		return nil, p, corrupt("stream size at %d past the chunk end %d", p, len(d))
	}
	cs := int32(binary.LittleEndian.Uint32(d[p:]))
	p += 4
	switch {
	case cs == 0:
		clear(dst)
		return dst, p, nil
	case cs < 0:
		if p >= len(d) {
			return nil, p, corrupt("run-length stream lacks its token")
		}
		if d[p]&1 == 0 || cs < -255 {
			return nil, p, unsupported("stream token %#x with size %d", d[p], cs)
		}
		v := byte(-cs)
		for j := range dst {
			dst[j] = v
		}
		return dst, p + 1, nil
	}
	if int(cs) > len(d)-p {
		return nil, p, corrupt("stream of %d bytes at %d past the chunk end %d", cs, p, len(d))
	}
	src := d[p : p+int(cs)]
	if int(cs) == len(dst) {
		return src, p + int(cs), nil
	}
	if err := decompressStream(c.code, dst, src); err != nil {
		return nil, p, err
	}
	return dst, p + int(cs), nil
}
