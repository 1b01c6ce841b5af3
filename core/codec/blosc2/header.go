package blosc2

import "encoding/binary"

// Chunk header layout (all integers little-endian).
const (
	minHeaderLen = 16 // version, versionlz, flags, typesize, nbytes, blocksize, cbytes
	extHeaderLen = 32 // minHeaderLen + filter pipeline, codec and blosc2 flags

	flagShuffle    = 0x01 // blosc1: byte shuffle applied
	flagMemcpy     = 0x02 // data stored uncompressed after the header
	flagBitshuffle = 0x04 // blosc1: bit shuffle applied
	flagDontSplit  = 0x10 // one stream per block
	flagExtended   = flagShuffle | flagBitshuffle

	b2flagDict    = 0x01 // a zstd dictionary follows the block starts
	b2flagLazy    = 0x08 // data not loaded (only in on-disk frames)
	specialShift  = 4    // blosc2_flags bits 4..6: special chunk kind
	specialMask   = 0x07
	maxFilters    = 6
	maxFormatVers = 5 // newest chunk format version this package reads
)

// Filter codes of the chunk filter pipeline.
const (
	FilterNone       = 0
	FilterShuffle    = 1
	FilterBitshuffle = 2
	FilterDelta      = 3
	FilterTruncPrec  = 4
)

// Codec is a blosc2 compressor as stored in the chunk flags (bits 5..7) and
// named in Tensogram's blosc2_codec parameter.
type Codec int

// Codecs this package reads and writes. LZ4HC writes the LZ4 format and
// is stored as LZ4.
const (
	BloscLZ Codec = 0
	LZ4     Codec = 1
	LZ4HC   Codec = 2
	Zlib    Codec = 3
	Zstd    Codec = 4
)

var codecNames = [...]string{BloscLZ: "blosclz", LZ4: "lz4", LZ4HC: "lz4hc", Zlib: "zlib", Zstd: "zstd"}

// String returns the blosc2_codec name of c.
func (c Codec) String() string {
	if c >= 0 && int(c) < len(codecNames) {
		return codecNames[c]
	}
	return "unknown"
}

// ParseCodec returns the codec for a blosc2_codec name.
func ParseCodec(name string) (Codec, bool) {
	for c := BloscLZ; c <= Zstd; c++ {
		if c.String() == name {
			return c, true
		}
	}
	return 0, false
}

// Special chunk kinds (blosc2_flags bits 4..6, and the low 7 bits of the
// top byte of a special chunk offset in a frame index).
const (
	specialNone   = 0
	specialZero   = 1
	specialNaN    = 2
	specialValue  = 3
	specialUninit = 4
)

// chunkHeader is a parsed chunk header.
type chunkHeader struct {
	version   byte
	flags     byte
	typesize  int
	nbytes    int
	blocksize int
	cbytes    int
	headerLen int
	filters   [maxFilters]byte
	meta      [maxFilters]byte
	b2flags   byte
}

// parseChunkHeader reads and checks the header of the chunk at the start of
// b: cbytes must lie within b and every size must be non-negative.
func parseChunkHeader(b []byte) (chunkHeader, error) {
	var h chunkHeader
	if len(b) < minHeaderLen {
		return h, corrupt("chunk of %d bytes is shorter than its header", len(b))
	}
	h.version, h.flags, h.typesize = b[0], b[2], int(b[3])
	nb := int32(binary.LittleEndian.Uint32(b[4:]))
	bs := int32(binary.LittleEndian.Uint32(b[8:]))
	cb := int32(binary.LittleEndian.Uint32(b[12:]))
	if h.version == 0 || h.version > maxFormatVers {
		return h, unsupported("chunk format version %d", h.version)
	}
	if nb < 0 || bs < 0 || cb < minHeaderLen || h.typesize == 0 {
		return h, corrupt("chunk header: nbytes %d, blocksize %d, cbytes %d, typesize %d", nb, bs, cb, h.typesize)
	}
	h.nbytes, h.blocksize, h.cbytes = int(nb), int(bs), int(cb)
	if h.cbytes > len(b) {
		return h, corrupt("chunk claims %d bytes, %d available", h.cbytes, len(b))
	}
	h.headerLen = minHeaderLen
	if h.flags&flagExtended == flagExtended {
		if h.cbytes < extHeaderLen {
			return h, corrupt("extended chunk header needs %d bytes, chunk has %d", extHeaderLen, h.cbytes)
		}
		h.headerLen = extHeaderLen
		copy(h.filters[:], b[16:22])
		copy(h.meta[:], b[24:30])
		h.b2flags = b[31]
	} else {
		// blosc1 header: the shuffle flags name the one filter.
		switch {
		case h.flags&flagShuffle != 0:
			h.filters[maxFilters-1] = FilterShuffle
		case h.flags&flagBitshuffle != 0:
			h.filters[maxFilters-1] = FilterBitshuffle
		}
	}
	return h, nil
}

// special returns the special-chunk kind (0 for a regular chunk).
func (h *chunkHeader) special() int { return int(h.b2flags>>specialShift) & specialMask }

// codec returns the compressor code (flags bits 5..7).
func (h *chunkHeader) codec() int { return int(h.flags >> 5) }

// memcpyed reports whether the data is stored uncompressed after the header.
func (h *chunkHeader) memcpyed() bool { return h.flags&flagMemcpy != 0 }

// nblocks returns the number of blocks of a regular chunk.
func (h *chunkHeader) nblocks() int {
	if h.nbytes == 0 {
		return 0
	}
	return (h.nbytes + h.blocksize - 1) / h.blocksize
}

// blockLen returns the decoded size of block i.
func (h *chunkHeader) blockLen(i int) int {
	return min(h.blocksize, h.nbytes-i*h.blocksize)
}

// streams returns the number of streams of block i and their decoded size:
// full blocks are split into typesize streams unless flagDontSplit is set;
// the leftover block never is.
func (h *chunkHeader) streams(i int) (n, size int) {
	bsize := h.blockLen(i)
	if h.flags&flagDontSplit == 0 && bsize == h.blocksize && h.typesize > 1 {
		return h.typesize, bsize / h.typesize
	}
	return 1, bsize
}
