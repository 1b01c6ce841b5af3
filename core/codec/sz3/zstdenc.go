package sz3

import (
	"sync"

	kzstd "github.com/klauspost/compress/zstd"
)

// SZ3's lossless stage writes one zstd frame (libzstd level 3). Its inner
// buffers are mostly Huffman-coded bits whose byte distribution is
// skewed but matchless, which klauspost's faster levels leave unentropy-
// coded by default; entropy coding all literals recovers what libzstd
// gains there.

var (
	encOnce  sync.Once
	encInner *kzstd.Encoder // inner buffers
	encRaw   *kzstd.Encoder // raw doubles, larger fields
	encSmall *kzstd.Encoder // strongest: raw short fields, the stored payload
	encErr   error
)

func encoders() error {
	encOnce.Do(func() {
		mk := func(l kzstd.EncoderLevel) *kzstd.Encoder {
			e, err := kzstd.NewWriter(nil, kzstd.WithEncoderLevel(l), kzstd.WithAllLitEntropyCompression(true),
				kzstd.WithEncoderConcurrency(1), kzstd.WithEncoderCRC(false))
			if err != nil && encErr == nil {
				encErr = err
			}
			return e
		}
		encInner = mk(kzstd.SpeedDefault)
		encRaw = mk(kzstd.SpeedBetterCompression)
		encSmall = mk(kzstd.SpeedBestCompression)
	})
	return encErr
}

// deflate is SZ3's lossless stage: inner size u64 then one zstd frame.
func deflate(inner []byte) ([]byte, error) {
	if err := encoders(); err != nil {
		return nil, err
	}
	// Huffman-coded buffers barely shrink: room for all of inner avoids
	// regrowing the output.
	return encInner.EncodeAll(inner, le64(make([]byte, 0, len(inner)+len(inner)/64+64), uint64(len(inner)))), nil
}

// deflateFinal is deflate for the payload actually stored: it also tries
// klauspost's strongest level and keeps the smaller frame. That level
// finds the long repeats of periodic fields that libzstd's level 3 finds
// and klauspost's faster levels miss (a 1M-value field of two sines at abs
// 0.01: 196 KB at SpeedBetterCompression, 160 KB at SpeedBestCompression,
// upstream 177 KB); on fields without such repeats it costs about as much
// as the faster levels and changes little.
func deflateFinal(inner []byte) ([]byte, error) {
	out, err := deflate(inner)
	if err != nil {
		return nil, err
	}
	if o := encSmall.EncodeAll(inner, le64(make([]byte, 0, cap(out)), uint64(len(inner)))); len(o) < len(out) {
		out = o
	}
	return out, nil
}

// deflateRaw is deflate for values stored losslessly, with stronger
// settings.
func deflateRaw(raw []byte) ([]byte, error) {
	if err := encoders(); err != nil {
		return nil, err
	}
	out := encRaw.EncodeAll(raw, le64(make([]byte, 0, len(raw)/2+64), uint64(len(raw))))
	if len(raw) <= 1<<16 { // short fields: keep the smallest of three settings
		for _, e := range []*kzstd.Encoder{encSmall, encInner} {
			if o := e.EncodeAll(raw, le64(nil, uint64(len(raw)))); len(o) < len(out) {
				out = o
			}
		}
	}
	if f := smallerLiterals(raw, len(out)-8); f != nil {
		out = append(le64(make([]byte, 0, 8+len(f)), uint64(len(raw))), f...)
	}
	return out, nil
}
