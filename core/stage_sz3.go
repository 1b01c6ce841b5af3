package core

import (
	"encoding/binary"
	"math"
	"unsafe"

	"github.com/tensogram-go/tensogram-go/core/codec/sz3"
)

// sz3 compression stage (docs/codecs.md, "sz3"), adapting package sz3: the
// payload is an SZ3 3.3.2 stream of the object's float64 values. Upstream
// hands SZ3 whatever bytes the earlier stages produce, reinterpreted as
// native doubles; this build accepts sz3 only on raw float64 data
// (encoding=none, filter=none) and honours the descriptor's byte order.
// Encoded streams are not byte-identical to SZ3's (the tuner and zstd
// differ) but SZ3 decodes them, within the same error bound.

type sz3Stage struct {
	ctx   *StageContext
	mode  sz3.Mode
	bound float64
}

func sz3Factory(ctx *StageContext) (Stage, error) {
	modeName, ok, err := ParamText(ctx.Params, "sz3_error_bound_mode")
	if err != nil || !ok {
		return nil, MissingParam("sz3_error_bound_mode") // upstream: also for a non-text value
	}
	bound, ok, err := ParamFloat(ctx.Params, "sz3_error_bound")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, MissingParam("sz3_error_bound")
	}
	s := &sz3Stage{ctx: ctx, bound: bound}
	switch modeName {
	case "abs":
		s.mode = sz3.ModeAbs
	case "rel":
		s.mode = sz3.ModeRel
	case "psnr":
		s.mode = sz3.ModePSNR
	default:
		return nil, encodingErr("unknown sz3_error_bound_mode: %s", modeName)
	}
	if ctx.Encoding != "none" || ctx.Filter != "none" || ctx.DType != Float64 {
		return nil, encodingErr("sz3 requires encoding=none, filter=none, dtype=float64; got encoding=%s, filter=%s, dtype=%s",
			ctx.Encoding, ctx.Filter, ctx.DType)
	}
	return s, nil
}

// Encode compresses the object's float64 values (in the descriptor's byte
// order) into an SZ3 stream within the descriptor's error bound.
func (s *sz3Stage) Encode(in []byte) ([]byte, error) {
	if len(in)%8 != 0 || uint64(len(in)/8) != s.ctx.NumElements {
		return nil, encodingErr("data_len %d does not match expected %d bytes from shape and dtype", len(in), 8*s.ctx.NumElements)
	}
	vals, ok := s.floatView(in)
	if !ok {
		vals = make([]float64, len(in)/8)
		big := bigEndian(s.ctx.ByteOrder)
		for i := range vals {
			if big {
				vals[i] = math.Float64frombits(binary.BigEndian.Uint64(in[8*i:]))
			} else {
				vals[i] = math.Float64frombits(binary.LittleEndian.Uint64(in[8*i:]))
			}
		}
	}
	out, err := sz3.Encode(vals, s.mode, s.bound) // reads vals only
	if err != nil {
		return nil, compressionErr(err)
	}
	return out, nil
}

// Decode decodes the SZ3 stream into expected bytes of float64 values in
// the descriptor's byte order.
func (s *sz3Stage) Decode(in []byte, expected int) ([]byte, error) {
	if expected < 0 {
		return nil, encodingErr("compression error: sz3: decoded size unknown or too large")
	}
	out := make([]byte, expected)
	if err := s.DecodeInto(out, in); err != nil {
		return nil, err
	}
	return out, nil
}

// DecodeInto decodes the SZ3 stream into dst (8 bytes per value).
func (s *sz3Stage) DecodeInto(dst, in []byte) error {
	if len(dst)%8 != 0 || uint64(len(dst)/8) != s.ctx.NumElements {
		return encodingErr("descriptor size mismatch: %d elements, %d bytes", s.ctx.NumElements, len(dst))
	}
	if vals, ok := s.floatView(dst); ok {
		if err := sz3.DecodeInto(vals, in); err != nil {
			return compressionErr(err)
		}
		return nil
	}
	vals := make([]float64, s.ctx.NumElements)
	if err := sz3.DecodeInto(vals, in); err != nil {
		return compressionErr(err)
	}
	putFloat64s(dst, vals, bigEndian(s.ctx.ByteOrder))
	return nil
}

// floatView returns b as float64 values when the descriptor's byte order
// is the host's and b is 8-byte aligned (no copy, no byte swapping).
func (s *sz3Stage) floatView(b []byte) ([]float64, bool) {
	return float64View(b, s.ctx.ByteOrder)
}

// float64View returns b as float64 values when order is the host's and b
// is non-empty and 8-byte aligned (no copy, no byte swapping).
func float64View(b []byte, order ByteOrder) ([]float64, bool) {
	if len(b) == 0 || order != NativeOrder || uintptr(unsafe.Pointer(&b[0]))%8 != 0 {
		return nil, false
	}
	return unsafe.Slice((*float64)(unsafe.Pointer(&b[0])), len(b)/8), true
}

// putFloat64s writes vals into dst (8 bytes each) in the given byte order.
func putFloat64s(dst []byte, vals []float64, big bool) {
	if big {
		for i, v := range vals {
			binary.BigEndian.PutUint64(dst[8*i:], math.Float64bits(v))
		}
		return
	}
	for i, v := range vals {
		binary.LittleEndian.PutUint64(dst[8*i:], math.Float64bits(v))
	}
}
