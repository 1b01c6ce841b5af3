package core

import (
	"errors"
	"math"
	"math/big"

	"github.com/tensogram-go/tensogram-go/core/codec/lz4"
	"github.com/tensogram-go/tensogram-go/core/codec/mask"
	"github.com/tensogram-go/tensogram-go/core/codec/zstd"
)

// zstd, lz4, rle and roaring compression stages (docs/codecs.md,
// "Compressors"). Decompressed output is bounded by the encoded size the descriptor
// declares (Stage.Decode's expectedSize) and must match it exactly.

type zstdStage struct{ level int }

func zstdFactory(ctx *StageContext) (Stage, error) {
	if v, ok := ctx.Params["zstd_level"]; ok && !isIntValue(v) {
		return nil, metadataErr("expected integer for zstd_level, got %s; if you meant to use the default (%d), omit the key", cborKind(v), zstd.DefaultLevel)
	}
	lvl, ok, err := ParamInt64(ctx.Params, "zstd_level", math.MinInt32, math.MaxInt32)
	if err != nil {
		return nil, err
	}
	if !ok {
		lvl = zstd.DefaultLevel
	}
	return zstdStage{level: int(lvl)}, nil
}

// isIntValue reports whether v is a CBOR integer as decoded by this package.
func isIntValue(v any) bool {
	switch v.(type) {
	case uint64, int64, big.Int:
		return true
	}
	return false
}

// Encode compresses into one zstd frame.
func (s zstdStage) Encode(in []byte) ([]byte, error) {
	out, err := zstd.Compress(in, s.level)
	if err != nil {
		return nil, compressionErr(err)
	}
	return out, nil
}

// Decode decompresses, never producing more than expected bytes.
func (s zstdStage) Decode(in []byte, expected int) ([]byte, error) {
	if expected < 0 {
		return nil, encodingErr("compression error: zstd: decoded size unknown or too large")
	}
	// WithMaxSize(0) would mean "no limit": allow one byte, then reject it.
	out, err := zstd.Decompress(in, zstd.WithMaxSize(max(expected, 1)))
	if err != nil {
		return nil, compressionErr(err)
	}
	return checkDecodedLen(out, expected)
}

// DecodeInto decompresses exactly len(dst) bytes into dst.
func (s zstdStage) DecodeInto(dst, in []byte) error {
	if len(dst) == 0 {
		_, err := s.Decode(in, 0)
		return err
	}
	err := zstd.DecompressInto(dst, in)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, zstd.ErrShort):
		// Decompress the copying way for its exact size mismatch error.
		_, err = s.Decode(in, len(dst))
		return err
	}
	return compressionErr(err)
}

// checkDecodedLen enforces the descriptor's encoded size (docs/codecs.md, "Limits on untrusted
// input").
func checkDecodedLen(out []byte, expected int) ([]byte, error) {
	if len(out) != expected {
		return nil, encodingErr("descriptor size mismatch: expected %d bytes, got %d", expected, len(out))
	}
	return out, nil
}

type lz4Stage struct{}

func lz4Factory(*StageContext) (Stage, error) { return lz4Stage{}, nil }

// Encode writes the size-prefixed LZ4 block.
func (lz4Stage) Encode(in []byte) ([]byte, error) {
	out, err := lz4.Compress(in)
	if err != nil {
		return nil, compressionErr(err)
	}
	return out, nil
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

// bitmaskStage is the rle or roaring main codec (bitmask dtype only).
type bitmaskStage struct{ roaring bool }

func bitmaskFactory(roaring bool) StageFactory {
	name := "rle"
	if roaring {
		name = "roaring"
	}
	return func(ctx *StageContext) (Stage, error) {
		if ctx.DType != Bitmask {
			return nil, encodingErr("compression %q only supports dtype=bitmask, got dtype=%s", name, debugName(ctx.DType))
		}
		return bitmaskStage{roaring: roaring}, nil
	}
}

// Encode compresses packed bitmask bytes.
func (s bitmaskStage) Encode(in []byte) ([]byte, error) {
	var out []byte
	var err error
	if s.roaring {
		out, err = mask.CompressBitmaskRoaring(in)
	} else {
		out, err = mask.CompressBitmaskRLE(in)
	}
	if err != nil {
		return nil, compressionErr(err)
	}
	return out, nil
}

// Decode decompresses to exactly expected bytes.
func (s bitmaskStage) Decode(in []byte, expected int) ([]byte, error) {
	if expected < 0 {
		return nil, encodingErr("compression error: bitmask: decoded size unknown or too large")
	}
	var out []byte
	var err error
	if s.roaring {
		out, err = mask.DecompressBitmaskRoaring(in, expected)
	} else {
		out, err = mask.DecompressBitmaskRLE(in, expected)
	}
	if err != nil {
		return nil, compressionErr(err)
	}
	return checkDecodedLen(out, expected)
}
