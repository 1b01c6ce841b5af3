package core

import (
	"sync"

	"github.com/tensogram-go/tensogram-go/core/codec/lz4"
)

// lz4 compression stage (docs/codecs.md, "lz4"), adapting package lz4.

// lz4Stage compresses with the lz4 block format.
type lz4Stage struct{}

func lz4Factory(*StageContext) (Stage, error) { return lz4Stage{}, nil }

// Output buffers from lz4MinRecycled to lz4MaxRecycled bytes of capacity
// are recycled: below, a fresh allocation costs little; above, the pool
// would hold a rare giant buffer until the next collections.
const (
	lz4MinRecycled = 256 << 10
	lz4MaxRecycled = 256 << 20
)

// lz4Outputs holds output buffers (*[]byte) handed back by RecyclePayload.
var lz4Outputs sync.Pool

// Encode writes the size-prefixed LZ4 block, into a recycled buffer when
// one of the worst-case size is available.
func (lz4Stage) Encode(in []byte) ([]byte, error) {
	bound := lz4.CompressBound(len(in))
	var buf []byte
	if bound >= lz4MinRecycled {
		if bp, _ := lz4Outputs.Get().(*[]byte); bp != nil && cap(*bp) >= bound {
			buf = (*bp)[:0]
		}
	}
	if buf == nil {
		buf = make([]byte, 0, bound)
	}
	out, err := lz4.AppendCompress(buf, in)
	if err != nil {
		return nil, compressionErr(err)
	}
	return out, nil
}

// RecyclePayload keeps b for a later Encode: without it every call of a
// 4 MB encode leaves 4 MB of garbage, whose collection, zeroing and page
// faults took more CPU than the compression on two threads.
func (lz4Stage) RecyclePayload(b []byte) {
	if c := cap(b); c >= lz4MinRecycled && c <= lz4MaxRecycled {
		lz4Outputs.Put(&b)
	}
}

// Decode decompresses, refusing a size prefix above expected.
func (lz4Stage) Decode(in []byte, expected int) ([]byte, error) {
	if expected < 0 {
		return nil, encodingErr("compression error: lz4: decoded size unknown or too large")
	}
	if expected == 0 {
		// WithMaxSize(0) means "no limit": check the prefix here.
		if n, err := lz4.DeclaredSize(in); err != nil || n != 0 {
			if err == nil {
				err = lz4.ErrSizeLimit
			}
			return nil, compressionErr(err)
		}
	}
	out, err := lz4.Decompress(in, lz4.WithMaxSize(expected))
	if err != nil {
		return nil, compressionErr(err)
	}
	return checkDecodedLen(out, expected)
}

// DecodeInto decompresses exactly len(dst) bytes into dst.
func (s lz4Stage) DecodeInto(dst, in []byte) error {
	if len(dst) == 0 {
		_, err := s.Decode(in, 0) // its own checks of an empty result
		return err
	}
	n, err := lz4.DecompressInto(dst, in)
	if err != nil {
		return compressionErr(err)
	}
	_, err = checkDecodedLen(dst[:n], len(dst))
	return err
}
