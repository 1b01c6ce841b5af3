package core

import (
	"github.com/tensogram-go/tensogram-go/core/codec/mask"
)

// NaN/Inf mask blob codecs (encodings.md §9.2–9.4), adapting package mask.
// blosc2 is registered by stage_blosc2.go.

type maskCodec struct{ method mask.Method }

// EncodeMask serialises n packed bits; params may hold a zstd "level".
func (c maskCodec) EncodeMask(packed []byte, n uint64, params map[string]any) ([]byte, error) {
	if n > uint64(maxInt) || uint64(len(packed)) != n/8+boolU64(n%8 != 0) {
		return nil, encodingErr("mask of %d bytes does not hold %d bits", len(packed), n)
	}
	level := 0
	if c.method == mask.MethodZstd {
		l, ok, err := ParamInt64(params, "level", -(1 << 31), 1<<31-1)
		if err != nil {
			return nil, err
		}
		if ok {
			level = int(l)
		}
	}
	blob, err := mask.EncodeBlob(&mask.Bitmap{N: int(n), Packed: packed}, c.method, level)
	if err != nil {
		return nil, wrapEncodingErr(err, "mask method %s: %v", c.method, err)
	}
	return blob, nil
}

// DecodeMask decodes a blob into ceil(n/8) packed bytes.
func (c maskCodec) DecodeMask(blob []byte, n uint64, _ map[string]any) ([]byte, error) {
	if n > uint64(maxInt) {
		return nil, encodingErr("mask of %d elements is too large", n)
	}
	b, err := mask.DecodeBlob(blob, int(n), c.method)
	if err != nil {
		return nil, wrapEncodingErr(err, "mask method %s: %v", c.method, err)
	}
	return b.Packed, nil
}
