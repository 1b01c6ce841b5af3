package blosc2

// Automatic blocksize and block splitting, as c-blosc2 2.x chooses them
// (measured on upstream's frames for every codec, clevel 0-9 and typesize
// 1-16).

const (
	l1Size     = 32 << 10 // c-blosc2's assumed L1 cache size
	maxStreams = 16       // largest typesize whose blocks are split
)

// hcr reports whether the codec is one of the "high compression ratio"
// codecs that get doubled blocks.
func hcr(c Codec) bool { return c == LZ4HC || c == Zlib || c == Zstd }

// splitBlocks reports whether full blocks are stored as one stream per
// typesize byte: fast codecs (and zstd up to clevel 5) after a byte
// shuffle, for typesizes up to 16.
func splitBlocks(p *Params) bool {
	fast := p.Codec == BloscLZ || p.Codec == LZ4 || (p.Codec == Zstd && p.Clevel <= 5)
	return fast && p.hasFilter(FilterShuffle) && p.Typesize <= maxStreams && p.Clevel > 0
}

// splitBase is the per-typesize-byte block size of split codecs by clevel.
var splitBase = [10]int{0, 32 << 10, 32 << 10, 32 << 10, 64 << 10, 64 << 10, 64 << 10, 128 << 10, 256 << 10, 512 << 10}

// autoBlocksize returns the blocksize for a chunk of nbytes.
func autoBlocksize(p *Params, nbytes int) int {
	ts := p.Typesize
	var bs int
	if splitBlocks(p) {
		bs = splitBase[p.Clevel] * ts
	} else {
		bs = l1Size
		if hcr(p.Codec) {
			bs *= 2
		}
		switch p.Clevel {
		case 0:
			bs /= 4
		case 1:
			bs /= 2
		case 3:
			bs *= 2
		case 4, 5:
			bs *= 4
		case 6, 7, 8:
			bs *= 8
		case 9:
			bs *= 8
			if hcr(p.Codec) {
				bs *= 2
			}
		}
	}
	bs = min(bs, nbytes)
	if bs > ts {
		bs = bs / ts * ts
	}
	return bs
}
