package blosc2

import (
	"encoding/binary"
	"slices"
)

// chunkVersion and lzVersion are the format bytes c-blosc2 2.x writes.
const (
	chunkVersion = 5
	lzVersion    = 1
)

// allZero reports whether b holds only zero bytes.
func allZero(b []byte) bool {
	for len(b) >= 8 {
		if binary.LittleEndian.Uint64(b) != 0 {
			return false
		}
		b = b[8:]
	}
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// putChunkHeader writes the 32-byte extended header of a chunk.
func putChunkHeader(b []byte, p *Params, flags byte, nbytes, blocksize, cbytes int) {
	b[0], b[1], b[2], b[3] = chunkVersion, lzVersion, flags|flagExtended, byte(p.Typesize)
	binary.LittleEndian.PutUint32(b[4:], uint32(nbytes))
	binary.LittleEndian.PutUint32(b[8:], uint32(blocksize))
	binary.LittleEndian.PutUint32(b[12:], uint32(cbytes))
	f := p.pipeline()
	copy(b[16:22], f[:])
	b[22] = p.Codec.compcode()
	clear(b[23:32])
}

// frameTailRoom is the room encodeChunk leaves after a chunk for what
// usually follows it in a frame (the chunk index of a few chunks and the
// trailer), so that appending those does not copy the frame.
const frameTailRoom = 256

// chunkLayout returns the chunk header encodeChunk writes for a chunk of
// n bytes (before compression decides between blocks and a stored copy):
// the block size and the split flag.
func chunkLayout(p *Params, n int) chunkHeader {
	bs := p.Blocksize
	if bs == 0 {
		bs = autoBlocksize(p, n)
	}
	bs = max(min(bs, n), 1)
	if bs > p.Typesize {
		bs = bs / p.Typesize * p.Typesize
	}
	flags := byte(p.Codec.format() << 5)
	if !splitBlocks(p) || bs%p.Typesize != 0 {
		flags |= flagDontSplit
	}
	return chunkHeader{flags: flags, typesize: p.Typesize, nbytes: n, blocksize: bs}
}

// streamSpare is the room beyond a stream's own length a block may take
// while it is written: its 4-byte size, a run token, and what a codec
// writes past the stream's length before its output is found not to pay
// (zstd's bound adds up to 64 bytes plus 1/256 of the stream).
const streamSpare = 4 + 1 + 64

// maxChunkLen returns the most bytes encodeChunk writes, at any moment,
// for a chunk of n bytes: header, block offsets, the data and every
// stream's spare room.
func maxChunkLen(p *Params, n int) int {
	h := chunkLayout(p, n)
	nb := h.nblocks()
	nst, _ := h.streams(0)
	return extHeaderLen + 4*nb + n + n>>8 + nb*nst*streamSpare
}

// encodeChunk appends the chunk holding src (at most 2^31-1-32 bytes) to
// dst: compressed block by block, or stored when that does not pay. dst
// first grows to hold maxChunkLen (a no-op when the caller sized it so).
func encodeChunk(dst, src []byte, p *Params) ([]byte, error) {
	h := chunkLayout(p, len(src))
	base := len(dst)
	dst = slices.Grow(dst, maxChunkLen(p, len(src))+frameTailRoom)
	if p.Clevel > 0 && len(src) > 0 {
		out, ok, err := appendBlocks(dst, src, &h, p)
		if err != nil {
			return dst, err
		}
		if ok {
			putChunkHeader(out[base:], p, h.flags, len(src), h.blocksize, len(out)-base)
			return out, nil
		}
		dst = out[:base]
	}
	dst = dst[:base+extHeaderLen]
	putChunkHeader(dst[base:], p, h.flags|flagMemcpy, len(src), h.blocksize, extHeaderLen+len(src))
	return append(dst, src...), nil
}

// appendBlocks appends to dst the chunk of src as compressed blocks after
// room for its header (left for the caller to write) and the block
// offsets; ok is false when the chunk would be longer than src stored
// (extHeaderLen + len(src)). Blocks go straight into dst when compressed
// sequentially, through one buffer per block otherwise.
func appendBlocks(dst, src []byte, h *chunkHeader, p *Params) (out []byte, ok bool, err error) {
	base, nb := len(dst), h.nblocks()
	limit := extHeaderLen + len(src)
	dst = append(dst, make([]byte, extHeaderLen+4*nb)...)
	if p.Threads > 1 && nb > 1 {
		blocks, err := encodeBlocks(src, h, p)
		if err != nil {
			return dst, false, err
		}
		for i, b := range blocks {
			if len(dst)-base+len(b) > limit {
				return dst, false, nil
			}
			binary.LittleEndian.PutUint32(dst[base+extHeaderLen+4*i:], uint32(len(dst)-base))
			dst = append(dst, b...)
		}
		return dst, true, nil
	}
	sc := scratches.get()
	defer scratches.put(sc)
	for i := 0; i < nb; i++ {
		binary.LittleEndian.PutUint32(dst[base+extHeaderLen+4*i:], uint32(len(dst)-base))
		if dst, err = encodeBlock(dst, src, i, h, p, sc); err != nil {
			return dst, false, err
		}
		if len(dst)-base > limit {
			return dst, false, nil
		}
	}
	return dst, true, nil
}

// encodeBlocks compresses every block of the chunk src, each into a new
// buffer, on up to p.Threads goroutines.
func encodeBlocks(src []byte, h *chunkHeader, p *Params) ([][]byte, error) {
	c := &chunk{h: *h}
	out := make([][]byte, h.nblocks())
	err := c.forBlocks(0, len(out)-1, p.Threads, func(i int, sc *scratch) error {
		var err error
		out[i], err = encodeBlock(make([]byte, 0, h.blockLen(i)/2+16), src, i, &c.h, p, sc)
		return err
	})
	return out, err
}

// encodeBlock filters block i of src and appends its compressed streams to
// dst.
func encodeBlock(dst, src []byte, i int, h *chunkHeader, p *Params, sc *scratch) ([]byte, error) {
	bo, bl := i*h.blocksize, h.blockLen(i)
	in := src[bo : bo+bl]
	a, b := sc.bufs(bl)
	for _, f := range p.pipeline() {
		switch f {
		case FilterShuffle:
			shuffle(a, in, p.Typesize)
		case FilterBitshuffle:
			bitshuffle(a, in, p.Typesize)
		case FilterDelta:
			var ref []byte
			if i > 0 {
				ref = src[:h.blocksize]
			}
			deltaEncode(a, in, ref, p.Typesize)
		default:
			continue
		}
		in, a, b = a, b, a
	}
	nst, size := h.streams(i)
	out := dst
	for s := 0; s < nst; s++ {
		st := in[s*size : (s+1)*size]
		switch v, run := runByte(st); {
		case run && v == 0:
			out = binary.LittleEndian.AppendUint32(out, 0)
		case run:
			out = binary.LittleEndian.AppendUint32(out, uint32(-int32(v)))
			out = append(out, 1)
		default:
			if cap(out)-len(out) < 4+size {
				// Room for this and every later stream stored raw:
				// out regrows once at most.
				out = slices.Grow(out, (nst-s)*(4+size))
			}
			at := len(out)
			out = append(out, 0, 0, 0, 0)
			var ok bool
			var err error
			if out, ok, err = compressStream(out, st, p); err != nil {
				return nil, err
			}
			if !ok {
				out = append(out, st...)
			}
			binary.LittleEndian.PutUint32(out[at:], uint32(len(out)-at-4))
		}
	}
	return out, nil
}

// runByte reports whether b is non-empty and one repeated byte.
func runByte(b []byte) (byte, bool) {
	if len(b) == 0 {
		return 0, false
	}
	v := b[0]
	w := uint64(v) * 0x0101010101010101
	i := 0
	for ; i+8 <= len(b); i += 8 {
		if binary.LittleEndian.Uint64(b[i:]) != w {
			return 0, false
		}
	}
	for ; i < len(b); i++ {
		if b[i] != v {
			return 0, false
		}
	}
	return v, true
}
