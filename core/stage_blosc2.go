package core

import (
	"math"

	"github.com/tensogram-go/tensogram-go/core/codec/blosc2"
)

// blosc2 compression stage and NaN/Inf mask method (docs/codecs.md),
// adapting package blosc2. The payload is one c-blosc2 contiguous frame;
// the typesize is derived from the pipeline, never read from the
// descriptor (a blosc2_typesize key is carried through and ignored).

const (
	blosc2DefaultCodec  = "lz4"
	blosc2DefaultClevel = 5
)

type blosc2Stage struct {
	recyclesPayloads
	codec    blosc2.Codec
	clevel   int64 // checked against 0..9 on encode only, as upstream does
	typesize int   // 0 for bitmask: rejected on encode
	threads  int
	// encoded is the descriptor's encoded size (-1 when unknown): no frame
	// may decode to more.
	encoded int
}

func blosc2Factory(ctx *StageContext) (Stage, error) {
	codec, err := blosc2CodecParam(ctx.Params, "blosc2_codec")
	if err != nil {
		return nil, err
	}
	s := &blosc2Stage{codec: codec, clevel: blosc2DefaultClevel, threads: ctx.Threads, encoded: ctx.encodedSize()}
	if v, ok := ctx.Params["blosc2_clevel"]; ok {
		if !isIntValue(v) {
			return nil, metadataErr("expected integer for blosc2_clevel, got %s; if you meant to use the default (%d), omit the key", cborKind(v), blosc2DefaultClevel)
		}
		l, _, err := ParamInt64(ctx.Params, "blosc2_clevel", math.MinInt32, math.MaxInt32)
		if err != nil {
			return nil, metadataErr("blosc2_clevel value %v out of i32 range", v)
		}
		s.clevel = l
	}
	switch {
	case ctx.Encoding != "none":
		s.typesize = (ctx.EncodedBitsPerValue + 7) / 8
	case ctx.Filter == "shuffle":
		s.typesize = 1
	default:
		s.typesize = ctx.DType.Size()
	}
	return s, nil
}

// blosc2CodecParam reads a blosc2 codec name (default lz4).
func blosc2CodecParam(params map[string]any, key string) (blosc2.Codec, error) {
	v, ok := params[key]
	if !ok {
		return blosc2.LZ4, nil
	}
	name, isText := v.(string)
	if !isText {
		return 0, metadataErr("expected text for %s, got %s; if you meant to use the default (%q), omit the key", key, cborKind(v), blosc2DefaultCodec)
	}
	c, known := blosc2.ParseCodec(name)
	if !known {
		return 0, encodingErr("unknown blosc2 codec: %s", name)
	}
	return c, nil
}

// Encode writes one contiguous frame with upstream's defaults, into a
// recycled buffer when one is free (see RecyclePayload).
func (s *blosc2Stage) Encode(in []byte) ([]byte, error) {
	if s.clevel < 0 || s.clevel > 9 {
		return nil, encodingErr("compression error: blosc2 error: CodecParam")
	}
	if s.typesize < 1 || s.typesize > 255 {
		return nil, encodingErr("compression error: blosc2 error: InvalidParam")
	}
	p := blosc2.Params{Codec: s.codec, Clevel: int(s.clevel), Typesize: s.typesize, Threads: s.threads}
	var opts []blosc2.Option
	if size, err := blosc2.MaxSize(len(in), p); err == nil && size <= payloadCacheMax {
		opts = append(opts, blosc2.WithBuffer(stagePayloads.get(size)))
	}
	out, err := blosc2.Encode(in, p, opts...)
	if err != nil {
		return nil, compressionErr(err)
	}
	return out, nil
}

// Decode decodes the frame, which must hold exactly expected bytes.
func (s *blosc2Stage) Decode(in []byte, expected int) ([]byte, error) {
	if expected < 0 {
		return nil, encodingErr("compression error: blosc2: decoded size unknown or too large")
	}
	out, err := blosc2.Decode(in, blosc2.WithMaxSize(int64(expected)), blosc2.WithThreads(max(s.threads, 1)))
	if err != nil {
		return nil, compressionErr(err)
	}
	return checkDecodedLen(out, expected)
}

// DecodeInto decodes the frame into dst, which must be its decoded size.
func (s *blosc2Stage) DecodeInto(dst, in []byte) error {
	f, err := blosc2.ParseFrame(in, blosc2.WithMaxSize(int64(len(dst))))
	if err != nil {
		return compressionErr(err)
	}
	if f.DecodedSize() != int64(len(dst)) {
		// A frame of the wrong size is an error either way; Decode decides
		// which one (a corrupt chunk is reported before the size), so both
		// paths give the same error.
		if _, err := s.Decode(in, len(dst)); err != nil {
			return err
		}
		return encodingErr("descriptor size mismatch: expected %d bytes, got %d", len(dst), f.DecodedSize())
	}
	if err := f.DecodeInto(dst, blosc2.WithThreads(max(s.threads, 1))); err != nil {
		return compressionErr(err)
	}
	return nil
}

// DecodeRange decodes bytes [offset, offset+length), decompressing only
// the chunks and blocks they lie in.
func (s *blosc2Stage) DecodeRange(in []byte, offset, length uint64) ([]byte, error) {
	f, err := blosc2.ParseFrame(in, blosc2.WithMaxSize(int64(s.encoded)))
	if err != nil {
		return nil, compressionErr(err)
	}
	if offset > uint64(f.DecodedSize()) || length > uint64(f.DecodedSize())-offset {
		return nil, encodingErr("range (%d, %d) exceeds payload size", offset, length)
	}
	out, err := f.DecodeRange(int64(offset), int64(length), blosc2.WithThreads(max(s.threads, 1)))
	if err != nil {
		return nil, compressionErr(err)
	}
	return out, nil
}

// blosc2Mask is the "blosc2" mask method: the packed bits in a frame of
// typesize 1 with a bitshuffle filter; params "codec" (default lz4) and
// "level" (default 5, clamped to 1..9).
type blosc2Mask struct{}

// EncodeMask writes ceil(n/8) packed bytes as a frame (empty input: an
// empty blob).
func (blosc2Mask) EncodeMask(packed []byte, n uint64, params map[string]any) ([]byte, error) {
	if n > uint64(maxInt) || uint64(len(packed)) != n/8+boolU64(n%8 != 0) {
		return nil, encodingErr("mask of %d bytes does not hold %d bits", len(packed), n)
	}
	if len(packed) == 0 {
		return []byte{}, nil
	}
	codec, level, err := blosc2MaskParams(params)
	if err != nil {
		return nil, err
	}
	p := blosc2.Params{Codec: codec, Clevel: level, Typesize: 1, Filters: []byte{blosc2.FilterBitshuffle}}
	blob, err := blosc2.Encode(packed, p)
	if err != nil {
		return nil, wrapEncodingErr(err, "mask method blosc2: %v", err)
	}
	return blob, nil
}

// descriptorParams returns the "params" of the mask's descriptor entry for a
// blob EncodeMask wrote with params: the codec name and the clamped level,
// as upstream records them ({"codec": "lz4", "level": 5} by default).
func (blosc2Mask) descriptorParams(params map[string]any) (map[string]any, error) {
	codec, level, err := blosc2MaskParams(params)
	if err != nil {
		return nil, err
	}
	return map[string]any{"codec": codec.String(), "level": uint64(level)}, nil
}

// blosc2MaskParams resolves the mask method's "codec" (default lz4) and
// "level" (default 5, clamped to 1..9).
func blosc2MaskParams(params map[string]any) (blosc2.Codec, int, error) {
	codec, err := blosc2CodecParam(params, "codec")
	if err != nil {
		return 0, 0, err
	}
	level, ok, err := ParamInt64(params, "level", math.MinInt32, math.MaxInt32)
	if err != nil {
		return 0, 0, err
	}
	if !ok {
		level = blosc2DefaultClevel
	}
	return codec, int(min(max(level, 1), 9)), nil
}

// DecodeMask decodes a blob into exactly ceil(n/8) packed bytes.
func (blosc2Mask) DecodeMask(blob []byte, n uint64, _ map[string]any) ([]byte, error) {
	if n > uint64(maxInt) {
		return nil, encodingErr("mask of %d elements is too large", n)
	}
	want := int(n/8 + boolU64(n%8 != 0))
	if len(blob) == 0 && want == 0 {
		return []byte{}, nil
	}
	out, err := blosc2.Decode(blob, blosc2.WithMaxSize(int64(want)))
	if err == nil && len(out) != want {
		err = blosc2.ErrCorrupt
	}
	if err != nil {
		return nil, wrapEncodingErr(err, "mask method blosc2: %v", err)
	}
	return out, nil
}

// registerBlosc2 installs the blosc2 compression stage and mask method.
func registerBlosc2() {
	RegisterStage(StageCompression, "blosc2", blosc2Factory)
	RegisterMaskCodec("blosc2", blosc2Mask{})
}
