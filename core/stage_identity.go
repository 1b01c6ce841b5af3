package core

// identityStage implements the "none" encoding, filter and compression.
type identityStage struct{ elemSize uint64 }

func (identityStage) Encode(in []byte) ([]byte, error) { return in, nil }

func (identityStage) Decode(in []byte, expected int) ([]byte, error) {
	if expected >= 0 && len(in) != expected {
		return nil, encodingErr("descriptor size mismatch: expected %d bytes, got %d", expected, len(in))
	}
	return in, nil
}

// DecodeRange for compression "none" slices the input.
func (identityStage) DecodeRange(in []byte, offset, length uint64) ([]byte, error) {
	if offset > uint64(len(in)) || length > uint64(len(in))-offset {
		return nil, encodingErr("range [%d, +%d) out of bounds of %d payload bytes", offset, length, len(in))
	}
	return in[offset : offset+length], nil
}

// EncodedRange for encoding "none": element range × element size.
func (s identityStage) EncodedRange(first, count uint64) (uint64, uint64, error) {
	if s.elemSize == 0 {
		return 0, 0, encodingErr("partial range decode not supported for bitmask dtype")
	}
	if first > ^uint64(0)/s.elemSize || count > ^uint64(0)/s.elemSize {
		return 0, 0, encodingErr("range offset overflow")
	}
	return first * s.elemSize, count * s.elemSize, nil
}

// DecodeRangeFrom for encoding "none" returns the chunk itself.
func (identityStage) DecodeRangeFrom(chunk []byte, _, _ uint64) ([]byte, error) {
	return chunk, nil
}

func identityFactory(ctx *StageContext) (Stage, error) {
	return identityStage{elemSize: uint64(ctx.DType.Size())}, nil
}

func init() {
	RegisterStage(StageEncoding, "none", identityFactory)
	RegisterStage(StageFilter, "none", identityFactory)
	RegisterStage(StageCompression, "none", identityFactory)
}
