package blosc2

import (
	"bytes"
	"io"
	"sync"

	"github.com/klauspost/compress/zlib"
	"github.com/tensogram-go/tensogram-go/core/codec/lz4"
	"github.com/tensogram-go/tensogram-go/core/codec/zstd"
)

// Compressor codes in the chunk flags (bits 5..7).
const (
	codeBloscLZ = 0
	codeLZ4     = 1 // lz4 and lz4hc
	codeZlib    = 3
	codeZstd    = 4
)

// decompressStream decodes one compressed stream of a block into dst,
// which must come out exactly full. The codec may overwrite
// dst[len(dst):cap(dst)] (callers pass streams in order, so the spare room
// is the next stream's or scratch slack).
func decompressStream(code int, dst, src []byte) error {
	var n int
	var err error
	switch code {
	case codeBloscLZ:
		n, err = blosclzDecode(dst, src)
	case codeLZ4:
		n, err = lz4.DecompressBlock(dst, src)
	case codeZlib:
		n, err = zlibDecode(dst, src)
	case codeZstd:
		if err = zstd.DecompressIntoSpare(dst, src); err == nil {
			n = len(dst)
		}
	default:
		return unsupported("compressor code %d", code)
	}
	if err != nil {
		return corrupt("%s stream: %v", codeName(code), err)
	}
	if n != len(dst) {
		return corrupt("%s stream decoded to %d bytes, block needs %d", codeName(code), n, len(dst))
	}
	return nil
}

// codeName names a compressor code for messages.
func codeName(code int) string {
	switch code {
	case codeBloscLZ:
		return "blosclz"
	case codeLZ4:
		return "lz4"
	case codeZlib:
		return "zlib"
	case codeZstd:
		return "zstd"
	}
	return "unknown"
}

// zlibReaders pools zlib readers (each holds a 32 KiB window).
var zlibReaders sync.Pool

// zlibDecode inflates one zlib stream into dst; output beyond len(dst) is
// an error, and the count of bytes produced is returned.
func zlibDecode(dst, src []byte) (int, error) {
	br := bytes.NewReader(src)
	var r io.ReadCloser
	if p, ok := zlibReaders.Get().(io.ReadCloser); ok {
		if err := p.(zlib.Resetter).Reset(br, nil); err != nil {
			return 0, err
		}
		r = p
	} else {
		var err error
		if r, err = zlib.NewReader(br); err != nil {
			return 0, err
		}
	}
	defer zlibReaders.Put(r)
	n, err := io.ReadFull(r, dst)
	if err == io.ErrUnexpectedEOF || err == io.EOF {
		return n, nil
	}
	if err != nil {
		return n, err
	}
	var one [1]byte
	if m, _ := r.Read(one[:]); m != 0 {
		return n + 1, nil
	}
	return n, nil
}
