package core

import (
	"maps"
	"slices"

	"github.com/tensogram-go/tensogram-go/core/codec/mask"
)

// NaN/Inf mask blob codecs (docs/codecs.md, "NaN and Inf masks"), adapting
// package mask. blosc2 is registered by stage_blosc2.go.

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

// maskParamsReporter is implemented by mask codecs whose descriptor entry
// records the parameters a blob was written with (blosc2: "codec" and
// "level"); methods without it write no "params" (none, rle, roaring, lz4,
// zstd, as upstream does).
type maskParamsReporter interface {
	descriptorParams(params map[string]any) (map[string]any, error)
}

// maskDescriptorParams returns the "params" to record for a blob codec
// wrote with params, or nil when the method records none.
func maskDescriptorParams(codec MaskCodec, params map[string]any) (map[string]any, error) {
	r, ok := codec.(maskParamsReporter)
	if !ok {
		return nil, nil
	}
	return r.descriptorParams(params)
}

func checkMaskMethod(method string, params map[string]any) error {
	allowed := map[string][]string{"none": nil, "rle": nil, "roaring": nil, "lz4": nil,
		"zstd": {"level"}, "blosc2": {"codec", "level"}}
	keys, ok := allowed[method]
	if !ok {
		return encodingErr("unknown mask method %q; expected one of \"none\", \"rle\", \"roaring\", \"lz4\", \"zstd\", \"blosc2\"", method)
	}
	// Sorted, so several unknown parameters always name the same one.
	for _, k := range slices.Sorted(maps.Keys(params)) {
		found := false
		for _, a := range keys {
			found = found || a == k
		}
		if !found {
			return encodingErr("mask method %q does not accept parameter %q", method, k)
		}
	}
	return nil
}
