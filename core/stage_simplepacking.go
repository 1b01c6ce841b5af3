package core

import (
	"encoding/binary"
	"math"

	"github.com/tensogram-go/tensogram-go/core/codec/simplepacking"
)

// simple_packing encoding stage (docs/codecs.md, "simple_packing"), adapting package
// simplepacking. Decoded output is float64 in the descriptor's byte order.

// maxConstantFieldValues bounds the element count of a 0-bit simple_packing
// object, whose output size no payload byte limits (every value is the
// reference value): 2^27 values = 1 GiB of float64.
const maxConstantFieldValues = 1 << 27

// Simple-packing parameter keys.
const (
	spReference = "sp_reference_value"
	spBinary    = "sp_binary_scale_factor"
	spDecimal   = "sp_decimal_scale_factor"
	spBits      = "sp_bits_per_value"
)

type simplePackingStage struct {
	p       simplepacking.Params
	n       uint64
	big     bool
	threads int
}

func checkSimplePackingDType(d DType) error {
	if d != Float64 {
		return encodingErr("simple_packing only supports float64 dtype; got %s", debugName(d))
	}
	return nil
}

// readSimplePackingParams reads the four sp_* keys (all required).
func readSimplePackingParams(params map[string]any) (simplepacking.Params, error) {
	var p simplepacking.Params
	bits, err := reqUint32(params, spBits)
	if err != nil {
		return p, err
	}
	r, ok, err := ParamFloat(params, spReference)
	if err != nil {
		return p, err
	}
	if !ok {
		return p, MissingParam(spReference)
	}
	if math.IsNaN(r) || math.IsInf(r, 0) {
		return p, metadataErr("sp_reference_value must be finite, got %v", r)
	}
	e, err := reqInt32(params, spBinary)
	if err != nil {
		return p, err
	}
	dsf, err := reqInt32(params, spDecimal)
	if err != nil {
		return p, err
	}
	if bits > simplepacking.MaxBits {
		return p, encodingErr("bits_per_value %d exceeds maximum of %d", bits, simplepacking.MaxBits)
	}
	return simplepacking.Params{ReferenceValue: r, BinaryScaleFactor: e, DecimalScaleFactor: dsf, BitsPerValue: bits}, nil
}

func simplePackingFactory(ctx *StageContext) (Stage, error) {
	if err := checkSimplePackingDType(ctx.DType); err != nil {
		return nil, err
	}
	p, err := readSimplePackingParams(ctx.Params)
	if err != nil {
		return nil, err
	}
	return &simplePackingStage{p: p, n: ctx.NumElements, big: bigEndian(ctx.ByteOrder), threads: ctx.Threads}, nil
}

// BitsPerValue returns sp_bits_per_value.
func (s *simplePackingStage) BitsPerValue() int { return int(s.p.BitsPerValue) }

func (s *simplePackingStage) opts() []simplepacking.Option {
	return []simplepacking.Option{simplepacking.WithThreads(s.threads)}
}

// Encode quantises float64 bytes (descriptor order) into the packed stream.
func (s *simplePackingStage) Encode(in []byte) ([]byte, error) {
	if uint64(len(in)) != s.n*8 {
		return nil, metadataErr("data_len %d does not match expected %d bytes from shape and dtype", len(in), s.n*8)
	}
	out, err := simplepacking.EncodeBytes(in, s.big, s.p, s.opts()...)
	if err != nil {
		return nil, simplePackingErr(err)
	}
	return out, nil
}

// Decode unpacks N values into float64 bytes in the descriptor's order.
func (s *simplePackingStage) Decode(in []byte, _ int) ([]byte, error) {
	if err := s.checkDecodable(in); err != nil {
		return nil, err
	}
	dst := make([]byte, s.n*8)
	if err := s.decodeInto(dst, in); err != nil {
		return nil, err
	}
	return dst, nil
}

// DecodeInto unpacks N values into dst (8N bytes, float64 in the
// descriptor's order).
func (s *simplePackingStage) DecodeInto(dst, in []byte) error {
	if err := s.checkDecodable(in); err != nil {
		return err
	}
	if uint64(len(dst)) != s.n*8 {
		return encodingErr("decoded size %d does not match expected %d bytes", s.n*8, len(dst))
	}
	return s.decodeInto(dst, in)
}

// checkDecodable rejects, before any allocation, element counts that do not
// fit and packed input shorter than N values need.
func (s *simplePackingStage) checkDecodable(in []byte) error {
	need, err := simplepacking.PackedSize(int(min(s.n, uint64(maxInt))), s.p.BitsPerValue)
	if err != nil || s.n > uint64(maxInt)/8 {
		return encodingErr("simple_packing: element count %d too large", s.n)
	}
	if len(in) < need {
		return encodingErr("insufficient data: expected at least %d bytes, got %d", need, len(in))
	}
	if s.p.BitsPerValue == 0 && s.n > maxConstantFieldValues {
		return encodingErr("simple_packing: %d values with 0 bits per value exceed the limit of %d", s.n, maxConstantFieldValues)
	}
	return nil
}

func (s *simplePackingStage) decodeInto(dst, in []byte) error {
	if err := simplepacking.DecodeBytesInto(dst, s.big, in, s.p, s.opts()...); err != nil {
		return simplePackingErr(err)
	}
	return nil
}

// EncodedRange maps elements to the bytes of the packed stream holding them.
func (s *simplePackingStage) EncodedRange(first, count uint64) (uint64, uint64, error) {
	if first > uint64(maxInt) || count > uint64(maxInt) {
		return 0, 0, encodingErr("range offset overflow")
	}
	sp, err := simplepacking.RangeSpan(int(first), int(count), s.p.BitsPerValue)
	if err != nil {
		return 0, 0, simplePackingErr(err)
	}
	return uint64(sp.Lo), uint64(sp.Hi - sp.Lo), nil
}

// DecodeRangeFrom decodes count values from the span chosen by EncodedRange.
func (s *simplePackingStage) DecodeRangeFrom(chunk []byte, first, count uint64) ([]byte, error) {
	if count > uint64(maxInt)/8 || count > s.n {
		return nil, encodingErr("range count %d too large", count)
	}
	sp, err := simplepacking.RangeSpan(int(first), int(count), s.p.BitsPerValue)
	if err != nil {
		return nil, simplePackingErr(err)
	}
	dst := make([]byte, count*8)
	if err := simplepacking.DecodeSpanBytesInto(dst, s.big, chunk, sp.BitOffset, s.p); err != nil {
		return nil, simplePackingErr(err)
	}
	return dst, nil
}

func simplePackingErr(err error) error {
	return wrapEncodingErr(err, "%s", err.Error())
}

// resolveSimplePacking completes the sp_* keys of params before a normal
// (not pre-encoded) encode (docs/codecs.md, "simple_packing"): sp_bits_per_value is
// required; sp_reference_value and sp_binary_scale_factor are both given or
// both auto-computed from the original (unsubstituted) values in data
// (float64 in order); sp_decimal_scale_factor defaults to 0.
func resolveSimplePacking(d DType, params map[string]any, data []byte, order ByteOrder) error {
	if err := checkSimplePackingDType(d); err != nil {
		return err
	}
	bits, ok, err := ParamUint64(params, spBits, math.MaxUint32)
	if err != nil {
		return err
	}
	if !ok {
		return metadataErr("simple_packing requires sp_bits_per_value (the encoder can auto-compute sp_reference_value + sp_binary_scale_factor from the data, but the bit-width and decimal scale are the user knobs).  Provide at least sp_bits_per_value, or the full explicit 4-key set.")
	}
	_, hasR := params[spReference]
	_, hasE := params[spBinary]
	if hasR != hasE {
		set, unset := spReference, spBinary
		if hasE {
			set, unset = spBinary, spReference
		}
		return metadataErr("simple_packing: descriptor sets %s but not %s.  Provide both for explicit-params encoding, or neither to let the encoder auto-compute them from the data.", set, unset)
	}
	dsf, hasD, err := ParamInt64(params, spDecimal, math.MinInt32, math.MaxInt32)
	if err != nil {
		return err
	}
	if !hasD {
		params[spDecimal] = uint64(0)
	}
	if hasR {
		return nil
	}
	if len(data)%8 != 0 {
		return metadataErr("simple_packing: data length %d is not a multiple of 8", len(data))
	}
	vals, native := float64View(data, order)
	if !native {
		var bo binary.ByteOrder = binary.LittleEndian
		if order == BigEndian {
			bo = binary.BigEndian
		}
		vals = make([]float64, len(data)/8)
		for i := range vals {
			vals[i] = math.Float64frombits(bo.Uint64(data[8*i:]))
		}
	}
	p, err := simplepacking.ComputeParams(vals, uint32(bits), int32(dsf))
	if err != nil {
		return simplePackingErr(err)
	}
	params[spReference] = p.ReferenceValue
	params[spBinary] = intParam(int64(p.BinaryScaleFactor))
	params[spDecimal] = intParam(int64(p.DecimalScaleFactor))
	return nil
}
