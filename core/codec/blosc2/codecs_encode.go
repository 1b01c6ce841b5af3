package blosc2

import (
	"bytes"
	"slices"
	"sync"

	"github.com/klauspost/compress/zlib"
	pierrec "github.com/pierrec/lz4/v4"
	"github.com/tensogram-go/tensogram-go/core/codec/zstd"
)

// compressStream appends the compressed form of src to dst; ok is false
// when the result would not be shorter than src (the caller then stores
// src as is).
func compressStream(dst, src []byte, p *Params) ([]byte, bool, error) {
	base := len(dst)
	var err error
	switch p.Codec {
	case BloscLZ:
		var ok bool
		if dst, ok = blosclzEncode(dst, src, len(src)); !ok {
			return dst[:base], false, nil
		}
	case LZ4, LZ4HC:
		var ok bool
		if dst, ok, err = lz4Encode(dst, src, p); !ok || err != nil {
			return dst[:base], false, err
		}
	case Zlib:
		dst, err = zlibEncode(dst, src, p.Clevel)
	case Zstd:
		dst, err = zstd.AppendCompress(dst, src, zstdLevel(p.Clevel))
	}
	if err != nil {
		return dst[:base], false, err
	}
	if len(dst)-base >= len(src) {
		return dst[:base], false, nil
	}
	return dst, true, nil
}

// zstdLevel maps a blosc2 clevel to the zstd level c-blosc2 uses.
func zstdLevel(clevel int) int {
	if clevel >= 9 {
		return 22
	}
	return 2*clevel - 1
}

// zlibWriters pools zlib writers per level (index = clevel).
var zlibWriters [10]sync.Pool

// zlibEncode appends the zlib stream of src at the given level to dst.
func zlibEncode(dst, src []byte, level int) ([]byte, error) {
	buf := bytes.NewBuffer(dst)
	w, ok := zlibWriters[level].Get().(*zlib.Writer)
	if ok {
		w.Reset(buf)
	} else {
		var err error
		if w, err = zlib.NewWriterLevel(buf, level); err != nil {
			return dst, err
		}
	}
	defer zlibWriters[level].Put(w)
	if _, err := w.Write(src); err != nil {
		return dst, err
	}
	if err := w.Close(); err != nil {
		return dst, err
	}
	return buf.Bytes(), nil
}

// lz4Compressors pools pierrec's fast LZ4 compressors (each holds its hash
// table).
var lz4Compressors = sync.Pool{New: func() any { return new(pierrec.Compressor) }}

// lz4Encode appends the LZ4 block of src (LZ4HC: pierrec's high-compression
// search at the clevel) to dst; ok is false when it would not be shorter
// than src. pierrec needs len(src)-1 bytes to write into, so dst grows to
// that room first (encodeBlock has made it already).
func lz4Encode(dst, src []byte, p *Params) ([]byte, bool, error) {
	base := len(dst)
	dst = slices.Grow(dst, len(src))
	n := lz4Block(dst[base:base+len(src)-1], src, p)
	return dst[:base+n], n > 0, nil
}

// lz4Block writes the LZ4 block of src into out and returns its length,
// 0 when it does not fit.
func lz4Block(out, src []byte, p *Params) int {
	var n int
	var err error
	if p.Codec == LZ4HC {
		c := pierrec.CompressorHC{Level: pierrec.CompressionLevel(1 << (8 + p.Clevel))}
		n, err = c.CompressBlock(src, out)
	} else {
		c := lz4Compressors.Get().(*pierrec.Compressor)
		n, err = c.CompressBlock(src, out)
		lz4Compressors.Put(c)
	}
	if err != nil {
		return 0
	}
	return n
}
