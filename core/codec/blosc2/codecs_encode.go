package blosc2

import (
	"bytes"
	"sync"

	"github.com/klauspost/compress/zlib"
	"github.com/tensogram-go/tensogram-go/core/codec/lz4"
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
		dst = lz4.AppendBlock(dst, src)
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
