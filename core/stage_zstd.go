package core

import (
	"errors"
	"math"

	"github.com/tensogram-go/tensogram-go/core/codec/zstd"
)

// zstd compression stage (docs/codecs.md, "zstd"), adapting package zstd.
// Like every compression stage, decompressed output is bounded by the
// encoded size the descriptor declares (Stage.Decode's expectedSize) and
// must match it exactly (checkDecodedLen).

// zstdStage compresses at the zstd_level parameter's level.
type zstdStage struct {
	level int
	recyclesPayloads
}

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

// Encode compresses into one zstd frame, written into a recycled buffer
// when one is free (see RecyclePayload).
func (s zstdStage) Encode(in []byte) ([]byte, error) {
	out, err := zstd.AppendCompress(stagePayloads.get(zstd.CompressBound(len(in))), in, s.level)
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
