package blosc2

import "github.com/tensogram-go/tensogram-go/core/codec/internal/codecerr"

// Params configures Encode. The zero Filters and Blocksize select
// upstream's defaults.
type Params struct {
	Codec  Codec
	Clevel int // 0 (stored) … 9
	// Typesize is the item size in bytes (1…255): the shuffle and split
	// unit.
	Typesize int
	// Filters is the filter pipeline, applied in slot order on encode
	// from slot 0 (FilterNone, FilterShuffle, FilterBitshuffle, FilterDelta). nil
	// means upstream's default: a byte shuffle in the last slot.
	Filters []byte
	// Blocksize forces the block size in bytes; 0 chooses it as c-blosc2
	// does.
	Blocksize int
	// ChunkSize splits the input into chunks of this many bytes; 0 uses
	// DefaultChunkSize(Typesize).
	ChunkSize int
	// Threads compresses up to this many blocks at once (≤ 1:
	// sequentially). The frame does not depend on it.
	Threads int
}

// Upstream's chunking: inputs above 256 MiB are split into chunks.
const (
	maxChunk     = 256 << 20
	maxChunkCap  = 1<<31 - 1 - extHeaderLen
	maxTypesize  = 255
	maxBlocksize = 1<<31 - 1
)

// DefaultChunkSize returns upstream's chunk size for a typesize: the
// largest multiple of the typesize not above min(256 MiB, 2^31-1-32).
func DefaultChunkSize(typesize int) int {
	return min(maxChunk, maxChunkCap) / typesize * typesize
}

// pipeline returns the six filter slots.
func (p *Params) pipeline() [maxFilters]byte {
	var f [maxFilters]byte
	if p.Filters == nil {
		f[maxFilters-1] = FilterShuffle
		return f
	}
	copy(f[:], p.Filters)
	return f
}

// hasFilter reports whether the pipeline holds filter code c.
func (p *Params) hasFilter(c byte) bool {
	for _, f := range p.pipeline() {
		if f == c {
			return true
		}
	}
	return false
}

// validate checks the parameters.
func (p *Params) validate() error {
	switch {
	case p.Codec < BloscLZ || p.Codec > Zstd:
		return codecerr.Errorf(ErrParams, "codec %d", p.Codec)
	case p.Clevel < 0 || p.Clevel > 9:
		return codecerr.Errorf(ErrParams, "clevel %d is not in 0..9", p.Clevel)
	case p.Typesize < 1 || p.Typesize > maxTypesize:
		return codecerr.Errorf(ErrParams, "typesize %d is not in 1..%d", p.Typesize, maxTypesize)
	case len(p.Filters) > maxFilters:
		return codecerr.Errorf(ErrParams, "%d filters (at most %d)", len(p.Filters), maxFilters)
	case p.Blocksize < 0 || p.ChunkSize < 0:
		return codecerr.Errorf(ErrParams, "negative blocksize or chunk size")
	}
	for _, f := range p.Filters {
		if f != FilterNone && f != FilterShuffle && f != FilterBitshuffle && f != FilterDelta {
			return codecerr.Errorf(ErrParams, "filter code %d cannot be encoded", f)
		}
	}
	return nil
}

// compcode returns c-blosc2's compressor enumeration (stored in the frame
// header and chunk byte 22): blosclz 0, lz4 1, lz4hc 2, zlib 4, zstd 5.
func (c Codec) compcode() byte {
	switch c {
	case Zlib:
		return 4
	case Zstd:
		return 5
	}
	return byte(c)
}

// format returns the compressor format code of the chunk flags.
func (c Codec) format() int {
	switch c {
	case LZ4, LZ4HC:
		return codeLZ4
	case Zlib:
		return codeZlib
	case Zstd:
		return codeZstd
	}
	return codeBloscLZ
}
