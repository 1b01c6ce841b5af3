package core

import (
	"encoding/binary"
	"sync"

	"github.com/tensogram-go/tensogram-go/core/codec/simplepacking"
	"github.com/tensogram-go/tensogram-go/core/codec/zstd"
)

// zstd + simple_packing decode without a Go-heap intermediate
// (docs/codecs.md, "zstd" and "simple_packing"). The staged path allocates
// the packed bytes (3/8 of the output at 24 bits) on every call and unpacks
// them with the generic bit reader; here zstd writes them into the tail of
// the destination itself and byte-aligned samples are unpacked from there,
// front to back, through simple_packing's Unpacker (the arithmetic of the
// staged path, vectorised where the CPU allows), a few thousand values at a
// time. A sample of w bytes becomes 8: the packed bytes start at 8n-wn of
// the 8n-byte destination, so the values written up to sample j (8j bytes)
// never reach the packed bytes of sample j and later (8n-wn+wj, no smaller
// for j <= n). Without a packed buffer of its own, a call touches 3/8 less
// memory at 24 bits (two threads' working sets then stay within the L3
// cache that a 3 MB scratch per call pushed them out of).

// zstdFusedChunk is the number of samples converted and unpacked at once.
const zstdFusedChunk = 2048

// zstdSamples recycles the sample buffers of DecodeFusedInto.
var zstdSamples = sync.Pool{New: func() any { return new([zstdFusedChunk]uint32) }}

// DecodeFusedInto decodes the simple_packing → zstd pipeline (no filter)
// into dst when simple_packing's samples are byte-aligned (8, 16, 24 or 32
// bits) and dst has the decoded size; ok is false otherwise and nothing has
// been done. A payload that does not decompress to exactly the packed size
// also yields ok false (having used dst as scratch), so its error is the
// staged path's. It is zstd's FusedCodec decode.
func (s zstdStage) DecodeFusedInto(enc Stage, dst, payload []byte, es int) (ok bool, err error) {
	sp, isSP := enc.(*simplePackingStage)
	if !isSP {
		return false, nil
	}
	bits := sp.p.BitsPerValue
	if bits == 0 || bits > 32 || bits%8 != 0 || uint64(len(dst)) != sp.n*8 ||
		es <= 0 || uint64(es) != sp.n*uint64(bits/8) {
		return false, nil
	}
	u, err := simplepacking.NewUnpacker(sp.p)
	if err != nil {
		return false, nil
	}
	packed := dst[len(dst)-es:]
	if err := zstd.DecompressInto(packed, payload); err != nil {
		return false, nil
	}
	q := zstdSamples.Get().(*[zstdFusedChunk]uint32)
	unpackAligned(u, dst, packed, q, int(bits/8), sp.big)
	zstdSamples.Put(q)
	return true, nil
}

// EncodeFused reports ok false: zstd encodes the packed bytes the staged
// way (simple_packing's encoder already writes them in one pass). It
// completes zstd's FusedCodec.
func (s zstdStage) EncodeFused(enc Stage, raw []byte) ([]byte, bool, error) {
	return nil, false, nil
}

// unpackAligned turns the big-endian width-byte samples of packed, the
// tail of dst, into float64 values in dst (8 bytes per sample),
// zstdFusedChunk at a time through q: each chunk's samples are all read
// before its values are written, which then end before the next chunk's
// samples (see the comment at the top).
func unpackAligned(u simplepacking.Unpacker, dst, packed []byte, q *[zstdFusedChunk]uint32, width int, big bool) {
	n := len(packed) / width
	for first := 0; first < n; first += zstdFusedChunk {
		m := min(zstdFusedChunk, n-first)
		loadSamplesBE(q[:m], packed[first*width:], width)
		u.PutFloat64s(dst[8*first:8*(first+m)], big, q[:m])
	}
}

// loadSamplesBE reads len(q) big-endian width-byte (1..4) samples from src
// (24-bit ones with the vector kernel where the CPU has one, reading up to
// 4 bytes of src past the samples when src has them).
func loadSamplesBE(q []uint32, src []byte, width int) {
	switch width {
	case 1:
		for i := range q {
			q[i] = uint32(src[i])
		}
	case 2:
		src = src[:2*len(q)]
		for i := range q {
			q[i] = uint32(binary.BigEndian.Uint16(src[2*i:]))
		}
	case 3:
		// Then four samples (12 bytes) per step from an 8- and a 4-byte load.
		i := load24Blocks(q, src)
		src = src[:3*len(q)]
		for ; i+4 <= len(q); i += 4 {
			b := src[3*i : 3*i+12 : 3*i+12]
			x, y := binary.BigEndian.Uint64(b), binary.BigEndian.Uint32(b[8:])
			s := q[i : i+4 : i+4]
			s[0] = uint32(x >> 40)
			s[1] = uint32(x>>16) & 0xFFFFFF
			s[2] = uint32(x&0xFFFF)<<8 | y>>24
			s[3] = y & 0xFFFFFF
		}
		for ; i < len(q); i++ {
			b := src[3*i : 3*i+3 : 3*i+3]
			q[i] = uint32(b[0])<<16 | uint32(b[1])<<8 | uint32(b[2])
		}
	case 4:
		src = src[:4*len(q)]
		for i := range q {
			q[i] = binary.BigEndian.Uint32(src[4*i:])
		}
	}
}
