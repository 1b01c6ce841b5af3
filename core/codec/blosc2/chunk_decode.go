package blosc2

import "github.com/tensogram-go/tensogram-go/core/internal/par"

// decodeInto decodes the whole chunk into dst (len(dst) == nbytes), its
// blocks spread over up to threads goroutines.
func (c *chunk) decodeInto(dst []byte, threads int) error {
	if len(dst) != c.h.nbytes {
		return corrupt("chunk holds %d bytes, %d expected", c.h.nbytes, len(dst))
	}
	return c.decodeRange(dst, 0, threads)
}

// decodeRange decodes chunk bytes [off, off+len(dst)) into dst,
// decompressing only the blocks the range touches (and block 0 when the
// delta filter needs it as the reference).
func (c *chunk) decodeRange(dst []byte, off, threads int) error {
	h := &c.h
	if off < 0 || off > h.nbytes || len(dst) > h.nbytes-off {
		return corrupt("range [%d, +%d) outside a %d-byte chunk", off, len(dst), h.nbytes)
	}
	switch {
	case len(dst) == 0:
		return nil
	case h.special() != specialNone:
		c.fillSpecial(dst, off)
		return nil
	case h.memcpyed():
		copy(dst, c.data[h.headerLen+off:])
		return nil
	}
	first, last := off/h.blocksize, (off+len(dst)-1)/h.blocksize
	var ref []byte
	if c.delta {
		var sc scratch
		ref = make([]byte, h.blockLen(0))
		if err := c.decodeBlock(ref, 0, nil, &sc); err != nil {
			return err
		}
		if first == 0 {
			copy(dst, ref[off:])
			first = 1
		}
	}
	return c.forBlocks(first, last, threads, func(i int, sc *scratch) error {
		bo := i * h.blocksize
		bl := h.blockLen(i)
		lo, hi := max(bo, off), min(bo+bl, off+len(dst))
		if lo == bo && hi == bo+bl {
			return c.decodeBlock(dst[bo-off:hi-off], i, ref, sc)
		}
		if cap(sc.tmp) < bl {
			sc.tmp = make([]byte, h.blocksize)
		}
		b := sc.tmp[:bl]
		if err := c.decodeBlock(b, i, ref, sc); err != nil {
			return err
		}
		copy(dst[lo-off:hi-off], b[lo-bo:])
		return nil
	})
}

// forBlocks runs fn for blocks first..last on up to threads goroutines
// (through par, the module's one worker pool), each call with a scratch
// from the free list. It returns the error of the lowest failing block,
// so a corrupt chunk reports the same error whatever the thread count,
// and a panic on a worker goroutine reaches the caller.
func (c *chunk) forBlocks(first, last, threads int, fn func(i int, sc *scratch) error) error {
	return par.ForEach(last-first+1, threads, func(k int) error {
		sc := scratches.get()
		defer scratches.put(sc)
		return fn(first+k, sc)
	})
}
