package lz4

import (
	"encoding/binary"

	pierrec "github.com/pierrec/lz4/v4"
)

// LZ4 block decoding (docs/codecs.md, "lz4"). A block is a series of
// sequences: a token byte (high nibble: literal count, low nibble: match
// length minus 4; 15 in either means "add the following bytes, continuing
// while a byte is 255"), the literals, then, unless the block ends, a
// 2-byte little-endian offset back into the output and the match.

// longRun is the literal run from which decodeBlock copies in Go: Go's
// amd64 memmove, which pierrec/lz4's assembly decoder calls for a long
// run, switches to cache-bypassing stores from 1 MiB (see literalChunk).
// All of an incompressible payload of that size is one such run. Every
// other sequence goes to pierrec, which is 2-3x faster per sequence than
// decodeSequences.
const longRun = 1 << 20

// decodeBlock decodes the raw LZ4 block src into dst and returns the number
// of bytes written. It fails (ok false) on a block that reads past its end,
// writes past len(dst), or refers to bytes before the start of the output.
// Bytes of dst past the returned count may be overwritten (the short-copy
// fast paths write 16 bytes at a time while room remains).
func decodeBlock(dst, src []byte) (n int, ok bool) {
	return decodeSequences(dst, src, longRun)
}

// decodeTail decodes rest, the sequences of a block after the first d
// bytes of output, into dst[d:] with pierrec/lz4 (matches may reach back
// into dst[:d]).
func decodeTail(dst []byte, d int, rest []byte) (int, bool) {
	dict := dst[max(0, d-maxDistance):d]
	n, err := pierrec.UncompressBlockWithDict(rest, dst[d:], dict)
	return d + n, err == nil
}

// decodeSequences is decodeBlock in Go, sequence by sequence, as long as
// each sequence's literal run is at least long bytes; decodeTail decodes
// the rest of the block from the first sequence with a shorter run (long
// 0: never).
func decodeSequences(dst, src []byte, long int) (n int, ok bool) {
	d, s := 0, 0
	for s < len(src) {
		seq := s
		tok := src[s]
		s++
		lit := int(tok >> 4)
		if lit == 15 {
			if lit, s, ok = extendLength(src, s, lit); !ok {
				return 0, false
			}
		}
		if lit < long {
			return decodeTail(dst, d, src[seq:])
		}
		if lit > len(src)-s || lit > len(dst)-d {
			return 0, false
		}
		if lit <= 16 && len(src)-s >= 16 && len(dst)-d >= 16 {
			*(*[16]byte)(dst[d:]) = *(*[16]byte)(src[s:])
		} else {
			copyLiterals(dst[d:d+lit], src[s:s+lit])
		}
		d += lit
		s += lit
		if s == len(src) {
			// The last sequence has no match; its token says so.
			return d, tok&15 == 0
		}
		if len(src)-s < 2 {
			return 0, false
		}
		off := int(binary.LittleEndian.Uint16(src[s:]))
		s += 2
		if off == 0 || off > d {
			return 0, false
		}
		ml := int(tok&15) + 4
		if ml == 19 {
			if ml, s, ok = extendLength(src, s, ml); !ok {
				return 0, false
			}
		}
		if ml > len(dst)-d {
			return 0, false
		}
		copyMatch(dst, d, off, ml)
		d += ml
	}
	// An empty block, or one whose last sequence ends with a match: the
	// format forbids both but decoders (pierrec's among them) accept them;
	// DecompressBlock refuses the empty block itself.
	return d, true
}

// extendLength adds the length-extension bytes starting at src[s] to n and
// returns the new length and the position after the last extension byte.
// Runs of 255 are summed eight bytes at a time: an incompressible block of
// a few megabytes starts with thousands of them.
func extendLength(src []byte, s, n int) (int, int, bool) {
	for len(src)-s >= 8 && binary.LittleEndian.Uint64(src[s:]) == ^uint64(0) {
		n += 8 * 255
		s += 8
		if n < 0 {
			return 0, 0, false // int overflow (32-bit platforms)
		}
	}
	for s < len(src) {
		b := src[s]
		s++
		n += int(b)
		if b != 255 {
			return n, s, n >= 0
		}
	}
	return 0, 0, false
}

// literalChunk is the largest block handed to the runtime's memmove at once.
// From 1 MiB on, Go's amd64 memmove uses non-temporal stores that bypass the
// cache: a long literal run (all of an incompressible block is one) is then
// written at DRAM speed, which two threads share, and the caller's next read
// of the output misses the cache. Blocks below that size keep it cached.
const literalChunk = 512 << 10

// copyLiterals copies src into dst (same length) in blocks of at most
// literalChunk bytes.
func copyLiterals(dst, src []byte) {
	for len(src) > literalChunk {
		copy(dst[:literalChunk], src[:literalChunk])
		dst, src = dst[literalChunk:], src[literalChunk:]
	}
	copy(dst, src)
}

// copyMatch writes ml bytes at dst[d:], each a copy of the byte off
// positions before it (0 < off ≤ d, d+ml ≤ len(dst)). The source may
// overlap the destination: with off < ml the match repeats the last off
// bytes.
func copyMatch(dst []byte, d, off, ml int) {
	from := d - off
	switch {
	case ml <= 32 && off >= 16 && len(dst)-d >= 32:
		// Two 16-byte steps, each reading only bytes already final.
		*(*[16]byte)(dst[d:]) = *(*[16]byte)(dst[from:])
		*(*[16]byte)(dst[d+16:]) = *(*[16]byte)(dst[from+16:])
	case off >= ml:
		copy(dst[d:d+ml], dst[from:d])
	case ml <= 64 && off >= 8 && len(dst)-d >= 64:
		for i := 0; i < ml; i += 8 {
			*(*[8]byte)(dst[d+i:]) = *(*[8]byte)(dst[from+i:])
		}
	case ml <= 16:
		for i := range ml {
			dst[d+i] = dst[from+i]
		}
	default:
		// Double the copied span each step: dst[from:d+done] repeats with
		// period off and done stays a multiple of off until the last step.
		// Steps stop growing below literalChunk (a run of zeros is one
		// match of the whole output).
		step := literalChunk / off * off
		for done := 0; done < ml; {
			k := min(off+done, step)
			done += copy(dst[d+done:d+ml], dst[from:from+k])
		}
	}
}
