package core

import (
	"encoding/binary"
	"strings"

	"github.com/tensogram-go/tensogram-go/core/codec/zfp"
)

// zfp compression stage (docs/codecs.md), adapting package zfp: the
// payload is a raw zfp 1.0 stream of the object's N float64 values as a
// 1-D field; the mode comes from the descriptor (zfp_mode with zfp_rate,
// zfp_precision or zfp_tolerance). Values are read and written in the
// descriptor's byte order (upstream reads native order on encode, which is
// the same bytes for little-endian data).

type zfpStage struct {
	recyclesPayloads
	p     zfp.Params
	n     uint64
	order binary.ByteOrder
	// opts carries the thread budget (fixed_rate codes segments
	// concurrently, with identical output).
	opts []zfp.Option
}

// zfpErr reports a codec failure like upstream's "compression error: zfp
// error: …", keeping the codec's error as the cause.
func zfpErr(cause error) error {
	return wrapEncodingErr(cause, "compression error: zfp error: %s", strings.TrimPrefix(cause.Error(), "zfp: "))
}

func zfpFactory(ctx *StageContext) (Stage, error) {
	p, err := zfpParams(ctx.Params)
	if err != nil {
		return nil, err
	}
	if ctx.DType != Float64 || ctx.Encoding != "none" || ctx.Filter != "none" {
		return nil, encodingErr("zfp requires encoding=none, filter=none, dtype=float64; got encoding=%s, filter=%s, dtype=%s (zfp codes float64 values only)",
			ctx.Encoding, ctx.Filter, ctx.DType)
	}
	if err := p.Validate(); err != nil {
		return nil, zfpErr(err)
	}
	var order binary.ByteOrder = binary.LittleEndian
	if ctx.ByteOrder == BigEndian {
		order = binary.BigEndian
	}
	return &zfpStage{p: p, n: ctx.NumElements, order: order, opts: []zfp.Option{zfp.WithThreads(ctx.Threads)}}, nil
}

// zfpParams reads zfp_mode and the parameter its mode requires, with
// upstream's errors for missing keys and unknown modes.
func zfpParams(params map[string]any) (zfp.Params, error) {
	name, ok, err := ParamText(params, "zfp_mode")
	if err != nil {
		return zfp.Params{}, err
	}
	if !ok {
		return zfp.Params{}, MissingParam("zfp_mode")
	}
	mode, known := zfp.ParseMode(name)
	if !known {
		return zfp.Params{}, encodingErr("unknown zfp_mode: %s", name)
	}
	p := zfp.Params{Mode: mode}
	switch mode {
	case zfp.FixedRate:
		p.Rate, err = reqFloat(params, "zfp_rate")
	case zfp.FixedPrecision:
		p.Precision, err = reqUint32(params, "zfp_precision")
	case zfp.FixedAccuracy:
		p.Tolerance, err = reqFloat(params, "zfp_tolerance")
	}
	return p, err
}

// reqFloat reads a required number parameter.
func reqFloat(params map[string]any, key string) (float64, error) {
	v, ok, err := ParamFloat(params, key)
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, MissingParam(key)
	}
	return v, nil
}

// Encode compresses the N float64 values of in, into a recycled buffer
// when one is free (see RecyclePayload).
func (s *zfpStage) Encode(in []byte) ([]byte, error) {
	if uint64(len(in)) != s.n*8 || uint64(len(in))/8 != s.n {
		return nil, encodingErr("zfp: data length %d does not match %d float64 values", len(in), s.n)
	}
	opts := s.opts
	if size, err := zfp.MaxSize(s.n, s.p); err == nil && size <= payloadCacheMax {
		opts = append(opts[:len(opts):len(opts)], zfp.WithBuffer(stagePayloads.get(int(size))))
	}
	out, err := zfp.EncodeBytes(in, s.order, s.p, opts...)
	if err != nil {
		return nil, zfpErr(err)
	}
	return out, nil
}

// check rejects, before any allocation, an output size other than 8N and a
// stream that cannot hold N values in the mode.
func (s *zfpStage) check(in []byte, expected int) error {
	if expected < 0 || uint64(expected)/8 != s.n || expected%8 != 0 {
		return encodingErr("compression error: zfp error: decoded size %d does not hold %d float64 values", expected, s.n)
	}
	if err := zfp.CheckStream(in, s.n, s.p); err != nil {
		return zfpErr(err)
	}
	return nil
}

// Decode decompresses N float64 values (expected must be 8N).
func (s *zfpStage) Decode(in []byte, expected int) ([]byte, error) {
	if err := s.check(in, expected); err != nil {
		return nil, err
	}
	dst := make([]byte, expected)
	if err := s.DecodeInto(dst, in); err != nil {
		return nil, err
	}
	return dst, nil
}

// DecodeInto decompresses N float64 values into dst (len 8N).
func (s *zfpStage) DecodeInto(dst, in []byte) error {
	if err := s.check(in, len(dst)); err != nil {
		return err
	}
	if err := zfp.DecodeBytes(dst, in, s.order, s.p, s.opts...); err != nil {
		return zfpErr(err)
	}
	return nil
}

// DecodeRange returns decoded bytes [offset, offset+length), which must
// cover whole values. In fixed_rate mode only the 4-value blocks the range
// touches are decoded; in the other modes decoding stops after the last
// block touched.
func (s *zfpStage) DecodeRange(in []byte, offset, length uint64) ([]byte, error) {
	if offset%8 != 0 || length%8 != 0 {
		return nil, encodingErr("zfp range [%d, +%d) does not cover whole float64 values", offset, length)
	}
	first, count := offset/8, length/8
	if first > s.n || count > s.n-first {
		return nil, encodingErr("range exceeds the decoded size")
	}
	if err := zfp.CheckStream(in, s.n, s.p); err != nil {
		return nil, zfpErr(err)
	}
	dst := make([]byte, length)
	if err := zfp.DecodeRangeBytes(dst, in, s.n, first, s.order, s.p, s.opts...); err != nil {
		return nil, zfpErr(err)
	}
	return dst, nil
}
