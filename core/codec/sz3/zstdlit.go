package sz3

import (
	"bytes"
	"encoding/binary"

	"github.com/klauspost/compress/huff0"

	"github.com/tensogram-go/tensogram-go/core/codec/zstd"
)

// A zstd frame of literals-only blocks: each block is the Huffman coding
// of up to 128 KiB of input, without sequences. libzstd finds that form
// for raw doubles (their exponent bytes are skewed, matches are rare);
// klauspost's encoder leaves such input stored raw.

const zstdMaxBlock = 128 << 10

// literalsFrame returns the frame for raw, or nil when no block shrinks.
func literalsFrame(raw []byte) []byte {
	dst := []byte{0x28, 0xb5, 0x2f, 0xfd}
	n := uint64(len(raw))
	switch { // single-segment frame: the content size is the window
	case n < 256:
		dst = append(dst, 0x20, byte(n))
	case n < 65536+256:
		dst = binary.LittleEndian.AppendUint16(append(dst, 0x60), uint16(n-256))
	case n <= 1<<32-1:
		dst = le32(append(dst, 0xa0), uint32(n))
	default:
		dst = le64(append(dst, 0xe0), n)
	}
	shrunk := false
	for start := 0; start < len(raw); start += zstdMaxBlock {
		chunk := raw[start:min(start+zstdMaxBlock, len(raw))]
		body, typ := literalsBlock(chunk), uint32(2)
		if body == nil {
			body, typ = chunk, 0
		} else {
			shrunk = true
		}
		h := uint32(len(body))<<3 | typ<<1
		if start+zstdMaxBlock >= len(raw) {
			h |= 1 // last block
		}
		dst = append(append(dst, byte(h), byte(h>>8), byte(h>>16)), body...)
	}
	if !shrunk {
		return nil
	}
	return dst
}

// literalsBlock is a compressed block holding chunk as four Huffman
// streams, or nil when that is not smaller.
func literalsBlock(chunk []byte) []byte {
	if len(chunk) < 1024 {
		return nil
	}
	out, _, err := huff0.Compress4X(chunk, &huff0.Scratch{Reuse: huff0.ReusePolicyNone})
	if err != nil {
		return nil
	}
	regen, comp := uint64(len(chunk)), uint64(len(out))
	var hdr []byte
	switch { // literals type 2 (compressed), size format 1..3 (four streams)
	case regen < 1<<10 && comp < 1<<10:
		v := 2 | 1<<2 | regen<<4 | comp<<14
		hdr = []byte{byte(v), byte(v >> 8), byte(v >> 16)}
	case regen < 1<<14 && comp < 1<<14:
		hdr = le32(nil, uint32(2|2<<2|regen<<4|comp<<18))
	default:
		v := 2 | 3<<2 | regen<<4 | comp<<22
		hdr = []byte{byte(v), byte(v >> 8), byte(v >> 16), byte(v >> 24), byte(v >> 32)}
	}
	body := append(append(hdr, out...), 0) // zero sequences
	if len(body) >= len(chunk) {
		return nil
	}
	return body
}

// smallerLiterals returns the literals-only frame for raw when it is
// smaller than best and decodes back to raw, else nil.
func smallerLiterals(raw []byte, best int) []byte {
	f := literalsFrame(raw)
	if f == nil || len(f) >= best {
		return nil
	}
	back, err := zstd.Decompress(f, zstd.WithMaxSize(max(len(raw), 1)))
	if err != nil || !bytes.Equal(back, raw) {
		return nil
	}
	return f
}
