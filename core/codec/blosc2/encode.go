package blosc2

import (
	"encoding/binary"

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
// and the trailer.
func Encode(src []byte, p Params) ([]byte, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	cs := p.ChunkSize
	if cs == 0 {
		cs = DefaultChunkSize(p.Typesize)
	}
	if cs > maxChunkCap {
		return nil, codecerr.Errorf(ErrParams, "chunk size %d above %d", cs, maxChunkCap)
	}
	// encodeChunk grows out to the size of each chunk it appends.
	out := make([]byte, frameHeaderLen, frameHeaderLen+frameTailRoom)
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
		var err error
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
	return out, nil
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
