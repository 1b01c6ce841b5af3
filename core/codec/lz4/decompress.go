package lz4

import (
	"encoding/binary"

	"github.com/tensogram-go/tensogram-go/core/codec/internal/codecerr"
)

// Errors returned by Decompress; test with errors.Is.
var (
	// ErrTruncated reports a payload shorter than its 4-byte size prefix.
	ErrTruncated = codecerr.New(codecerr.Truncated, "lz4: payload shorter than the 4-byte size prefix")
	// ErrSizeLimit reports a declared size above the caller's limit or
	// above what the block could possibly expand to.
	ErrSizeLimit = codecerr.New(codecerr.SizeLimit, "lz4: declared size exceeds limit")
	// ErrCorrupt reports a malformed LZ4 block.
	ErrCorrupt = codecerr.New(codecerr.Corrupt, "lz4: corrupt block")
)

// maxExpansion bounds the output of an LZ4 block: every input byte can
// produce at most 255 output bytes (one length-extension byte), plus a
// small constant for the tokens.
const maxExpansion = 255

// Option configures Decompress.
type Option func(*options)

type options struct{ maxSize int }

// WithMaxSize rejects payloads whose size prefix exceeds n bytes (for
// example the descriptor's expected decoded size). n ≤ 0 means no limit
// beyond the intrinsic LZ4 expansion bound.
func WithMaxSize(n int) Option { return func(o *options) { o.maxSize = n } }

// DeclaredSize returns the size prefix of a payload.
func DeclaredSize(payload []byte) (int, error) {
	if len(payload) < 4 {
		return 0, ErrTruncated
	}
	return int(binary.LittleEndian.Uint32(payload)), nil
}

// Decompress decodes a size-prefixed LZ4 payload. As upstream does, the
// result is truncated to the bytes the block actually produced, which may
// be fewer than the prefix announces.
func Decompress(payload []byte, opts ...Option) ([]byte, error) {
	var o options
	for _, f := range opts {
		f(&o)
	}
	size, err := DeclaredSize(payload)
	if err != nil {
		return nil, err
	}
	block := payload[4:]
	if o.maxSize > 0 && size > o.maxSize {
		return nil, codecerr.Errorf(ErrSizeLimit, "prefix %d > %d", size, o.maxSize)
	}
	if uint64(size) > uint64(len(block))*maxExpansion+16 {
		return nil, codecerr.Errorf(ErrSizeLimit, "prefix %d cannot come from a %d-byte block", size, len(block))
	}
	dst := make([]byte, size)
	n, err := DecompressBlock(dst, block)
	if err != nil {
		return nil, err
	}
	return dst[:n], nil
}

// DecompressInto decodes a size-prefixed LZ4 payload into dst and returns
// the number of bytes the block produced (which, as for Decompress, may be
// fewer than the prefix announces). A prefix larger than len(dst) is
// ErrSizeLimit; nothing is allocated.
func DecompressInto(dst, payload []byte) (int, error) {
	size, err := DeclaredSize(payload)
	if err != nil {
		return 0, err
	}
	block := payload[4:]
	if size > len(dst) {
		return 0, codecerr.Errorf(ErrSizeLimit, "prefix %d > %d", size, len(dst))
	}
	if uint64(size) > uint64(len(block))*maxExpansion+16 {
		return 0, codecerr.Errorf(ErrSizeLimit, "prefix %d cannot come from a %d-byte block", size, len(block))
	}
	return DecompressBlock(dst[:size], block)
}

// DecompressBlock decodes a raw LZ4 block into dst and returns the number
// of bytes written; output that would exceed len(dst) is an error. Bytes
// of dst past the returned count may be overwritten.
func DecompressBlock(dst, block []byte) (int, error) {
	if len(block) == 0 {
		return 0, codecerr.Errorf(ErrCorrupt, "empty block")
	}
	n, ok := decodeBlock(dst, block)
	if !ok {
		return 0, codecerr.Errorf(ErrCorrupt, "invalid block")
	}
	return n, nil
}
