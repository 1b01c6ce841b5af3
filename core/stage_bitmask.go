package core

import "github.com/tensogram-go/tensogram-go/core/codec/mask"

// rle and roaring compression stages of the bitmask dtype (docs/codecs.md,
// "rle, roaring (as compressors)"), adapting package mask.

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
