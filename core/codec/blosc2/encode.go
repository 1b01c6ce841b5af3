package blosc2

import (
	"encoding/binary"
	"math"
	"slices"

	"github.com/tensogram-go/tensogram-go/core/codec/internal/codecerr"
)

// frameHeaderLen is the header c-blosc2 writes for a frame without
// metalayers: the fixed fields plus an empty metalayer section.
const frameHeaderLen = frameHeaderMinLen + 10

// trailer is the fixed trailer of a frame without variable-length
// metalayers: version 1, empty vlmetalayers, trailer length 35, no
// fingerprint.
var trailer = append([]byte{0x94, 0x01, 0x93, 0xcd, 0x00, 0x06, 0xde, 0x00, 0x00, 0xdc, 0x00, 0x00,
	0xce, 0x00, 0x00, 0x00, 0x23, 0xd8, 0x00}, make([]byte, 16)...)

// specialZeroOffset is the index entry of an all-zero chunk stored as no
// bytes.
const specialZeroOffset = uint64(0x80|specialZero) << 56

// Encode writes src as a contiguous frame that c-blosc2 2.x (and so
// upstream Tensogram) decodes: chunks of p.ChunkSize bytes, each all-zero
// chunk stored as a special index entry, each other chunk compressed block
// by block (or stored when compression does not pay), then the chunk index
// and the trailer. Of the options only WithBuffer applies.
func Encode(src []byte, p Params, opts ...Option) ([]byte, error) {
	cs, err := p.chunkSize()
	if err != nil {
		return nil, err
	}
	o := newOptions(opts)
	var out []byte
	inBuf := false // out is the caller's buffer (WithBuffer)
	if o.buf != nil {
		if bound, err := MaxSize(len(src), p); err == nil && cap(o.buf) >= bound {
			out, inBuf = o.buf[:frameHeaderLen], true
		}
	}
	if !inBuf {
		// encodeChunk grows out to the most each chunk may take.
		out = make([]byte, frameHeaderLen, frameHeaderLen+frameTailRoom)
	}
	var offsets []uint64
	blocksize := 0
	for off := 0; off < len(src); off += cs {
		c := src[off:min(off+cs, len(src))]
		if len(c)%p.Typesize == 0 && allZero(c) { // c-blosc2 rejects partial-item zero chunks
			offsets = append(offsets, specialZeroOffset)
			continue
		}
		offsets = append(offsets, uint64(len(out)-frameHeaderLen))
		at := len(out)
		if out, err = encodeChunk(out, c, &p); err != nil {
			return nil, err
		}
		if blocksize == 0 {
			blocksize = int(binary.LittleEndian.Uint32(out[at+8:]))
		}
	}
	cbytes := len(out) - frameHeaderLen
	if len(offsets) > 0 {
		out = appendIndex(out, offsets)
		cs = min(cs, len(src)) // the first chunk's size, as c-blosc2 records it
	} else {
		cs = -1
	}
	out = append(out, trailer...)
	putFrameHeader(out, &p, len(src), cbytes, blocksize, cs)
	if !inBuf && cap(out) > 2*len(out)+frameTailRoom {
		// A well-compressed frame does not pin the room it was written in.
		out = slices.Clone(out)
	}
	return out, nil
}

// chunkSize validates p and returns the size of its chunks.
func (p *Params) chunkSize() (int, error) {
	if err := p.validate(); err != nil {
		return 0, err
	}
	cs := p.ChunkSize
	if cs == 0 {
		cs = DefaultChunkSize(p.Typesize)
	}
	if cs > maxChunkCap {
		return 0, codecerr.Errorf(ErrParams, "chunk size %d above %d", cs, maxChunkCap)
	}
	return cs, nil
}

// MaxSize returns the capacity Encode needs to write the frame of n bytes
// with p into a WithBuffer buffer without growing it: the frame's header,
// each chunk's header, block offsets, data and working room, the chunk
// index and the trailer. It fails on parameters Encode rejects and when
// the size would overflow an int.
func MaxSize(n int, p Params) (int, error) {
	cs, err := p.chunkSize()
	if err != nil {
		return 0, err
	}
	full, rest := n/cs, n%cs
	if n < 0 || full > math.MaxInt/64 { // each chunk takes more than 64 bytes
		return 0, codecerr.Errorf(ErrParams, "input of %d bytes", n)
	}
	size := frameHeaderLen + extHeaderLen + 8*(full+1) + len(trailer) + frameTailRoom
	per, last := maxChunkLen(&p, cs), maxChunkLen(&p, rest)
	if full > 0 && per > (math.MaxInt-size-last)/full {
		return 0, codecerr.Errorf(ErrParams, "input of %d bytes", n)
	}
	return size + full*per + last, nil
}

// appendIndex appends the chunk index: the offsets as an uncompressed
// chunk of int64 items.
func appendIndex(out []byte, offsets []uint64) []byte {
	n := 8 * len(offsets)
	base := len(out)
	out = append(out, make([]byte, extHeaderLen+n)...)
	putChunkHeader(out[base:], &Params{Typesize: 8}, flagMemcpy, n, n, extHeaderLen+n)
	for i, o := range offsets {
		binary.LittleEndian.PutUint64(out[base+extHeaderLen+8*i:], o)
	}
	return out
}

// putFrameHeader writes the frame header into out[:frameHeaderLen].
func putFrameHeader(out []byte, p *Params, nbytes, cbytes, blocksize, chunksize int) {
	h := out[:frameHeaderLen]
	h[0], h[1] = 0x9e, 0xa8
	copy(h[2:], frameMagic)
	h[10] = 0xd2
	binary.BigEndian.PutUint32(h[posHeaderLen:], frameHeaderLen)
	h[15] = 0xcf
	binary.BigEndian.PutUint64(h[posFrameLen:], uint64(len(out)))
	h[24], h[25], h[26], h[27], h[28] = 0xa4, 0x10|2, 0, byte(p.Clevel<<4)|p.Codec.compcode(), 0x03
	h[29] = 0xd3
	binary.BigEndian.PutUint64(h[posNbytes:], uint64(nbytes))
	h[38] = 0xd3
	binary.BigEndian.PutUint64(h[posCbytes:], uint64(cbytes))
	h[47] = 0xd2
	binary.BigEndian.PutUint32(h[posTypesize:], uint32(p.Typesize))
	h[52] = 0xd2
	binary.BigEndian.PutUint32(h[posBlocksize:], uint32(blocksize))
	h[57] = 0xd2
	binary.BigEndian.PutUint32(h[posChunksize:], uint32(int32(chunksize)))
	copy(h[62:], []byte{0xd1, 0, 0, 0xd1, 0, 1, 0xc2, 0xd8, maxFilters})
	f := p.pipeline()
	copy(h[posFilters:], f[:])
	h[77], h[78] = p.Codec.compcode(), 0
	clear(h[posFiltersMeta:frameHeaderMinLen])
	copy(h[frameHeaderMinLen:], []byte{0x93, 0xcd, 0x00, 0x07, 0xde, 0x00, 0x00, 0xdc, 0x00, 0x00})
}
