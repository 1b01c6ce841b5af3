// Package zstd implements Tensogram's "zstd" compression on top of
// github.com/klauspost/compress/zstd.
//
// The payload is one (or, on decode, any sequence of) standard zstd
// frame(s). Upstream Tensogram writes frames with libzstd 1.5.7; this
// pure-Go encoder produces different but fully interoperable frames (no
// checksum, no dictionary), so byte identity with upstream is not a goal
// here — decoding of upstream frames and decoding of ours by upstream are.
//
// Encoders and decoders are expensive to build, so the package keeps one
// shared encoder per klauspost level (safe for concurrent use through
// EncodeAll) and pools of single-block decoders, one per concurrent decode.
package zstd

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"sync"

	kzstd "github.com/klauspost/compress/zstd"
	"github.com/tensogram-go/tensogram-go/core/codec/internal/codecerr"
)

// DefaultLevel is upstream's zstd_level when the descriptor has none.
const DefaultLevel = 3

// Errors returned by Decompress; test with errors.Is.
var (
	// ErrCorrupt reports an invalid or truncated zstd stream.
	ErrCorrupt = codecerr.New(codecerr.Corrupt, "zstd: corrupt stream")
	// ErrSizeLimit reports output that would exceed the caller's limit.
	ErrSizeLimit = codecerr.New(codecerr.SizeLimit, "zstd: decompressed size exceeds limit")
	// ErrShort reports content shorter than DecompressInto's destination.
	ErrShort = codecerr.New(codecerr.Length, "zstd: decompressed size below the expected size")
)

// EncoderLevel maps an upstream zstd_level (libzstd scale, any int32) onto
// klauspost's four encoder levels:
//
//	level ≤ 2 (incl. negative "fast" levels) → SpeedFastest   (≈ zstd 1)
//	0, 3 … 6                                  → SpeedDefault   (≈ zstd 3)
//	7 … 12                                    → SpeedBetterCompression (≈ zstd 7–8)
//	≥ 13                                      → SpeedBestCompression   (≈ zstd 11+)
//
// Level 0 means "default" in libzstd, hence SpeedDefault.
func EncoderLevel(level int) kzstd.EncoderLevel {
	switch {
	case level == 0:
		return kzstd.SpeedDefault
	case level <= 2:
		return kzstd.SpeedFastest
	case level <= 6:
		return kzstd.SpeedDefault
	case level <= 12:
		return kzstd.SpeedBetterCompression
	}
	return kzstd.SpeedBestCompression
}

var (
	encMu    sync.Mutex
	encoders = map[kzstd.EncoderLevel]*kzstd.Encoder{}
)

// encoder returns the shared encoder for a klauspost level.
func encoder(l kzstd.EncoderLevel) (*kzstd.Encoder, error) {
	encMu.Lock()
	defer encMu.Unlock()
	if e, ok := encoders[l]; ok {
		return e, nil
	}
	e, err := kzstd.NewWriter(nil,
		kzstd.WithEncoderLevel(l),
		kzstd.WithEncoderCRC(false),
		kzstd.WithZeroFrames(true),
		kzstd.WithEncoderConcurrency(runtime.GOMAXPROCS(0)))
	if err != nil {
		return nil, err
	}
	encoders[l] = e
	return e, nil
}

// Compress returns one zstd frame holding src, compressed at the given
// upstream zstd_level (see EncoderLevel). Empty input yields a valid empty
// frame.
func Compress(src []byte, level int) ([]byte, error) {
	return AppendCompress(nil, src, level)
}

// AppendCompress appends one zstd frame holding src to dst. A dst without
// capacity is allocated at CompressBound(len(src)) first, so the frame is
// written in place (klauspost grows a nil dst by appending each block,
// which for a 4 MB input allocates about five times its size).
func AppendCompress(dst, src []byte, level int) ([]byte, error) {
	e, err := encoder(EncoderLevel(level))
	if err != nil {
		return dst, fmt.Errorf("zstd: creating encoder: %w", err)
	}
	if cap(dst) == 0 {
		dst = make([]byte, 0, CompressBound(len(src)))
	}
	return e.EncodeAll(src, dst), nil
}

// CompressBound returns the largest frame Compress writes for n input
// bytes: libzstd's ZSTD_COMPRESSBOUND (n + n/256, plus up to 64 bytes for
// inputs under 128 KiB), which also covers klauspost's frames (a header
// of at most 18 bytes and 3 bytes per block of up to 128 KiB stored raw).
func CompressBound(n int) int {
	b := n + n>>8
	if n < 128<<10 {
		b += (128<<10 - n) >> 11
	}
	return b
}

// Decoders for DecodeAll come from two pools (plain and capped at the
// destination's capacity) of single-block decoders, one per concurrent
// call. A decoder shared between calls serves at most its concurrency
// (GOMAXPROCS) calls at once and parks the others on a channel: with more
// caller threads than CPUs every zstd decode then paid a context switch
// (blosc2, one frame per byte plane, dozens per call). Pooled decoders start
// no goroutines and hold no buffers of the content (DecodeAll writes into
// the caller's destination).
var (
	decAllPool    sync.Pool
	decCappedPool sync.Pool
	// streamPool holds synchronous streaming decoders used for
	// size-limited decoding.
	streamPool sync.Pool
)

// decodeAll runs DecodeAll of a pooled decoder (capped: WithDecodeAllCapLimit,
// never growing dst beyond its capacity).
func decodeAll(src, dst []byte, capped bool) ([]byte, error) {
	pool := &decAllPool
	if capped {
		pool = &decCappedPool
	}
	d, _ := pool.Get().(*kzstd.Decoder)
	if d == nil {
		var err error
		d, err = kzstd.NewReader(nil, kzstd.WithDecoderConcurrency(1), kzstd.WithDecodeAllCapLimit(capped))
		if err != nil {
			return dst, fmt.Errorf("zstd: creating decoder: %w", err)
		}
	}
	out, err := d.DecodeAll(src, dst)
	pool.Put(d)
	if err != nil {
		return out, codecerr.Errorf(ErrCorrupt, "%v", err)
	}
	return out, nil
}

// eagerLimit reports whether a limit is small enough relative to the
// input to allocate it up front and use the faster DecodeAll path.
func eagerLimit(limit, srcLen int) bool {
	return uint64(limit) <= 1024*uint64(srcLen)+1<<20
}

// Option configures Decompress.
type Option func(*options)

type options struct{ maxSize int }

// WithMaxSize limits the decompressed size to n bytes (for example the
// descriptor's expected decoded size). Decoding stops as soon as the
// output would exceed n and ErrSizeLimit is returned; memory use grows
// with the actual output, never beyond about n bytes.
func WithMaxSize(n int) Option { return func(o *options) { o.maxSize = n } }

// Decompress decodes every zstd frame in src (concatenated and skippable
// frames are accepted, with or without content size and checksum) and
// returns the concatenated content.
func Decompress(src []byte, opts ...Option) ([]byte, error) {
	var o options
	for _, f := range opts {
		f(&o)
	}
	if len(src) == 0 {
		return nil, codecerr.Errorf(ErrCorrupt, "empty input")
	}
	if o.maxSize > 0 {
		if eagerLimit(o.maxSize, len(src)) {
			out, err := decodeAll(src, make([]byte, 0, o.maxSize), true)
			if err == nil {
				return out, nil
			}
			// klauspost reports an exceeded cap with several different
			// errors; re-run the streaming decoder to classify it.
		}
		return decodeLimited(src, o.maxSize)
	}
	out, err := decodeAll(src, nil, false)
	if err != nil {
		return nil, err
	}
	if out == nil {
		out = []byte{}
	}
	return out, nil
}

// DecompressInto decodes every zstd frame in src into dst, whose length
// must be exactly the decompressed size: shorter content and content that
// would not fit are errors (ErrSizeLimit when it would exceed len(dst)).
// dst is written in place; nothing of its size is allocated.
func DecompressInto(dst, src []byte) error {
	return decompressInto(dst[:len(dst):len(dst)], src)
}

// DecompressIntoSpare is DecompressInto for a dst whose spare capacity
// dst[len(dst):cap(dst)] holds nothing the caller needs: the decoder may
// leave scratch bytes there. With at least SpareBytes of spare capacity it
// copies matches without per-copy bounds care (about 10% faster on small
// blocks); the content must still decode to exactly len(dst) bytes.
func DecompressIntoSpare(dst, src []byte) error {
	return decompressInto(dst, src)
}

// SpareBytes is the spare capacity after dst that lets DecompressIntoSpare
// use the decoder's fast copies.
const SpareBytes = 16

func decompressInto(dst, src []byte) error {
	if len(src) == 0 {
		return codecerr.Errorf(ErrCorrupt, "empty input")
	}
	out, err := decodeAll(src, dst[:0], true)
	if err != nil {
		// Classify the failure (corrupt or too large) the way Decompress
		// does; this slow path runs only on bad input.
		if _, err2 := Decompress(src, WithMaxSize(max(len(dst), 1))); err2 != nil {
			return err2
		}
		return err
	}
	if len(out) != len(dst) {
		if len(out) > len(dst) {
			return codecerr.Errorf(ErrSizeLimit, "more than %d bytes", len(dst))
		}
		return codecerr.Errorf(ErrShort, "%d bytes decoded, %d expected", len(out), len(dst))
	}
	if len(dst) > 0 && &out[0] != &dst[0] {
		copy(dst, out) // not reached: the capped decoder never grows its buffer
	}
	return nil
}

// decodeLimited streams src through a pooled synchronous decoder, reading
// at most limit+1 bytes.
func decodeLimited(src []byte, limit int) ([]byte, error) {
	d, _ := streamPool.Get().(*kzstd.Decoder)
	if d == nil {
		var err error
		d, err = kzstd.NewReader(nil, kzstd.WithDecoderConcurrency(1))
		if err != nil {
			return nil, fmt.Errorf("zstd: creating decoder: %w", err)
		}
	}
	defer func() {
		_ = d.Reset(nil)
		streamPool.Put(d)
	}()
	if err := d.Reset(bytes.NewReader(src)); err != nil {
		return nil, codecerr.Errorf(ErrCorrupt, "%v", err)
	}
	var buf bytes.Buffer
	buf.Grow(min(limit, 8*len(src)+4096))
	n, err := buf.ReadFrom(io.LimitReader(d, int64(limit)+1))
	if err != nil {
		return nil, codecerr.Errorf(ErrCorrupt, "%v", err)
	}
	if n > int64(limit) {
		return nil, codecerr.Errorf(ErrSizeLimit, "more than %d bytes", limit)
	}
	return buf.Bytes(), nil
}
