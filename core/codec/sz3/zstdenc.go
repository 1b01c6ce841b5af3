package sz3

import (
	"runtime"
	"slices"

	kzstd "github.com/klauspost/compress/zstd"
)

// SZ3's lossless stage writes one zstd frame (libzstd level 3). Its inner
// buffers are mostly Huffman-coded bits whose byte distribution is
// skewed but matchless, which klauspost's faster levels leave unentropy-
// coded by default; entropy coding all literals recovers what libzstd
// gains there.

// encSet holds one encoder per setting. Each is made with concurrency 1,
// so a set serves one call at a time: concurrent encodes take separate
// sets from encSets rather than queueing on one shared encoder.
type encSet struct {
	inner *kzstd.Encoder // inner buffers
	raw   *kzstd.Encoder // raw doubles, larger fields
	small *kzstd.Encoder // strongest: raw short fields, the stored payload
}

// encSets keeps idle sets for the next encodes. A set holds about 40 MB
// of encoder tables, so idle sets are kept across garbage collections
// (not in a sync.Pool, which would drop them and have the next encode
// rebuild them), at most GOMAXPROCS of them.
var encSets = make(chan *encSet, max(runtime.GOMAXPROCS(0), 1))

func newEncSet() (*encSet, error) {
	var err error
	mk := func(l kzstd.EncoderLevel) *kzstd.Encoder {
		e, e2 := kzstd.NewWriter(nil, kzstd.WithEncoderLevel(l), kzstd.WithAllLitEntropyCompression(true),
			kzstd.WithEncoderConcurrency(1), kzstd.WithEncoderCRC(false))
		if e2 != nil && err == nil {
			err = e2
		}
		return e
	}
	s := &encSet{inner: mk(kzstd.SpeedDefault), raw: mk(kzstd.SpeedBetterCompression), small: mk(kzstd.SpeedBestCompression)}
	if err != nil {
		return nil, err
	}
	return s, nil
}

// withEncoders runs fn with a set of encoders that no other call uses
// meanwhile.
func withEncoders(fn func(s *encSet) []byte) ([]byte, error) {
	var s *encSet
	select {
	case s = <-encSets:
	default:
		var err error
		if s, err = newEncSet(); err != nil {
			return nil, err
		}
	}
	defer func() {
		select {
		case encSets <- s:
		default: // enough idle sets: this one goes
		}
	}()
	return fn(s), nil
}

// deflate is SZ3's lossless stage: inner size u64 then one zstd frame,
// appended to dst[:0].
func (s *encSet) deflate(dst, inner []byte) []byte {
	return s.inner.EncodeAll(inner, frameStart(dst, inner))
}

// frameStart returns dst[:0] with inner's size u64 appended and room for
// a frame of inner (Huffman-coded buffers barely shrink: room for all of
// inner avoids regrowing the output).
func frameStart(dst, inner []byte) []byte {
	return le64(slices.Grow(dst[:0], len(inner)+len(inner)/64+64), uint64(len(inner)))
}

// deflatedLen is the length of deflate's output for inner (the tuner
// needs no more).
func deflatedLen(inner []byte) (int, error) {
	bp := bytePool.get(0)
	defer putBytes(bp)
	_, err := withEncoders(func(s *encSet) []byte {
		*bp = s.deflate(*bp, inner)
		return nil
	})
	return len(*bp), err
}

// deflateFinal is deflate for the payload actually stored, returned in a
// buffer of bytePool. Unless the default level leaves inner nearly as it
// is and inner has almost no repeated content (see skipStrong), it also
// tries klauspost's strongest level and keeps the smaller frame. That level
// finds the long repeats of periodic fields that libzstd's level 3 finds
// and klauspost's faster levels miss (a 1M-value field of two sines at
// abs 0.01: 196 KB at SpeedBetterCompression, 160 KB at
// SpeedBestCompression, upstream 177 KB), but costs about 7 times the
// default level, wasted on buffers without repeats (1M standard-normal
// values at abs 0.01: 0.04 % smaller).
func deflateFinal(inner []byte) (*[]byte, error) {
	a, b := bytePool.get(0), bytePool.get(0)
	_, err := withEncoders(func(s *encSet) []byte {
		*a = s.deflate(*a, inner)
		if !skipStrong(inner, len(*a)) {
			*b = s.small.EncodeAll(inner, frameStart(*b, inner))
		}
		return nil
	})
	if err != nil {
		putBytes(a)
		putBytes(b)
		return nil, err
	}
	if len(*b) != 0 && len(*b) < len(*a) {
		a, b = b, a
	}
	putBytes(b)
	return a, nil
}

// skipStrong reports whether deflateFinal can leave out the strongest
// level for inner (at least 64 KiB), whose default frame is deflated
// bytes long: when that frame is no more than 1 % smaller than inner and
// the second half of inner (the Huffman-coded indices, past the tree and
// the verbatim values, whose regular layout the default level compresses
// as well) repeats less than 1 in 200 of its content-defined anchors.
// Measured on fields of 0.1M-1M values: standard-normal ones at abs
// 0.01-0.1 and a smooth one repeat none, two-sine fields 2.3-79 %.
func skipStrong(inner []byte, deflated int) bool {
	if len(inner) < 1<<16 || deflated < len(inner)-len(inner)/100 {
		return false
	}
	r, a := repeatedAnchors(inner[len(inner)/2:])
	return 200*r < a
}

// deflateRaw is deflate for values stored losslessly, with stronger
// settings.
func deflateRaw(raw []byte) ([]byte, error) {
	out, err := withEncoders(func(s *encSet) []byte {
		out := s.raw.EncodeAll(raw, le64(make([]byte, 0, len(raw)/2+64), uint64(len(raw))))
		if len(raw) <= 1<<16 { // short fields: keep the smallest of three settings
			for _, e := range []*kzstd.Encoder{s.small, s.inner} {
				if o := e.EncodeAll(raw, le64(nil, uint64(len(raw)))); len(o) < len(out) {
					out = o
				}
			}
		}
		return out
	})
	if err != nil {
		return nil, err
	}
	if f := smallerLiterals(raw, len(out)-8); f != nil {
		out = append(le64(make([]byte, 0, 8+len(f)), uint64(len(raw))), f...)
	}
	return out, nil
}
