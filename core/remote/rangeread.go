package remote

import (
	"context"

	"github.com/tensogram-go/tensogram-go/core"
)

// DecodeRange decodes element ranges of object j of message i, as a local
// decode_range does (masked NaN/Inf restored unless opts.KeepNonFinite).
// Frames up to 64 KiB are read whole. For larger frames of uncompressed,
// unfiltered objects only the frame's edges (header, descriptor, footer),
// the mask blobs and the payload bytes of the ranges are read; other
// pipelines read the whole frame.
func (f *File) DecodeRange(ctx context.Context, i, j int, ranges []core.Range, opts *core.DecodeOptions) ([][]byte, error) {
	_, parts, err := f.DecodeRangeDescribed(ctx, i, j, ranges, opts)
	return parts, err
}

// DecodeRangeDescribed is DecodeRange that also returns the object's
// descriptor (read anyway, so callers need no extra request for it).
func (f *File) DecodeRangeDescribed(ctx context.Context, i, j int, ranges []core.Range, opts *core.DecodeOptions) (*core.Descriptor, [][]byte, error) {
	_, sp, err := f.objectSpan(ctx, i, j)
	if err != nil {
		return nil, nil, err
	}
	return f.decodeRangeSpan(ctx, sp, j, ranges, opts)
}

// decodeRangeSpan is DecodeRange of the frame at sp.
func (f *File) decodeRangeSpan(ctx context.Context, sp Span, j int, ranges []core.Range, opts *core.DecodeOptions) (*core.Descriptor, [][]byte, error) {
	if sp.Len <= wholeFrameMax {
		return f.rangeFromWholeFrame(ctx, sp, j, ranges, opts)
	}
	parts, err := f.readEdges(ctx, []Span{sp})
	if err != nil {
		return nil, nil, err
	}
	p := parts[0]
	if err := f.descriptor(ctx, p); err != nil {
		return nil, nil, err
	}
	d := p.desc
	if d.Filter != "none" || d.DType == core.Bitmask {
		return f.rangeFromWholeFrame(ctx, sp, j, ranges, opts)
	}
	frame, ok, err := f.sparseFrame(ctx, p, ranges)
	if err != nil {
		return nil, nil, err
	}
	if !ok {
		return f.rangeFromWholeFrame(ctx, sp, j, ranges, opts)
	}
	return rangeOfFrame(frame, j, ranges, opts)
}

func (f *File) rangeFromWholeFrame(ctx context.Context, sp Span, j int, ranges []core.Range, opts *core.DecodeOptions) (*core.Descriptor, [][]byte, error) {
	frame, err := f.obj.ReadRange(ctx, sp.Off, sp.Len)
	if err != nil {
		return nil, nil, err
	}
	return rangeOfFrame(frame, j, ranges, opts)
}

// rangeOfFrame decodes the ranges of data frame j; it returns the frame's
// descriptor with them.
func rangeOfFrame(frame []byte, j int, ranges []core.Range, opts *core.DecodeOptions) (*core.Descriptor, [][]byte, error) {
	ov, err := core.ParseDataFrame(frame, j, false)
	if err != nil {
		return nil, nil, err
	}
	parts, err := ov.DecodeRange(ranges, opts)
	if err != nil {
		return nil, nil, err
	}
	return ov.Descriptor, parts, nil
}

// sparseFrame builds a frame-sized buffer holding the edges, the
// descriptor, the mask blobs and the payload bytes the ranges need (one
// coalesced fetch); every other payload byte is zero and never read by the
// range decode: for an uncompressed payload the ranges' bytes, else what
// the compressor reports (szip with block offsets: a prefix; zfp
// fixed_rate: the ranges' blocks).
// Payload spans closer than the range_coalesce_gap option (default 4 KiB)
// share a request: raise it to trade bytes for fewer requests on
// high-latency stores. ok is false when the pipeline needs the whole frame.
func (f *File) sparseFrame(ctx context.Context, p *frameParts, ranges []core.Range) ([]byte, bool, error) {
	d := p.desc
	regionLen := p.regionEnd - p.regionStart
	payloadLen := regionLen
	var spans []Span
	if len(d.Masks) > 0 {
		lo, hi := regionLen, int64(0)
		for _, m := range d.Masks {
			if m.Offset > uint64(regionLen) || m.Length > uint64(regionLen)-m.Offset {
				continue // core reports the bad mask
			}
			lo, hi = min(lo, int64(m.Offset)), max(hi, int64(m.Offset+m.Length))
		}
		if lo < hi {
			payloadLen = lo
			spans = append(spans, Span{p.regionStart + lo, hi - lo})
		}
	}
	pl, err := core.BuildPipeline(d, d.Params, 0)
	if err != nil {
		return nil, false, err
	}
	payload, ok := payloadSpans(pl, d.Compression, ranges, payloadLen)
	if !ok {
		return nil, false, nil
	}
	for _, s := range payload {
		spans = append(spans, Span{p.regionStart + s.Off, s.Len})
	}
	abs := make([]Span, len(spans))
	for k, s := range spans {
		abs[k] = Span{p.span.Off + s.Off, s.Len}
	}
	bufs, err := f.obj.readRanges(ctx, abs, f.obj.cfg.rangeGap)
	if err != nil {
		return nil, false, err
	}
	frame := make([]byte, p.span.Len)
	copy(frame, p.head)
	copy(frame[p.span.Len-int64(len(p.tail)):], p.tail)
	copy(frame[p.cborOff:], p.descRaw)
	for k, s := range spans {
		copy(frame[s.Off:], bufs[k])
	}
	return frame, true, nil
}

// payloadSpans returns the payload-relative byte spans a range decode
// reads: the ranges' encoded bytes when the payload is uncompressed, the
// spans a compressor reports (core.RangeSpanStage: szip with block offsets
// a prefix, zfp fixed_rate the blocks), or ok=false. Ranges that do not
// map (out of bounds) are left out: the decode reports them.
func payloadSpans(pl *core.Pipeline, compression string, ranges []core.Range, payloadLen int64) ([]Span, bool) {
	enc, ok := pl.Encoding.(core.RangeEncoding)
	if !ok {
		return nil, false
	}
	var spans []Span
	for _, r := range ranges {
		bo, bl, err := enc.EncodedRange(r.Offset, r.Count)
		if err != nil || bo > 1<<62 || bl > 1<<62 {
			continue
		}
		if compression != "none" || bo <= uint64(payloadLen) && bl <= uint64(payloadLen)-bo {
			spans = append(spans, Span{int64(bo), int64(bl)})
		}
	}
	if compression == "none" {
		return spans, true
	}
	st, ok := pl.Compression.(core.RangeSpanStage)
	if !ok {
		return nil, false
	}
	var out []Span
	for _, sp := range spans {
		a, b, ok := st.EncodedSpan(uint64(sp.Off), uint64(sp.Len), int(payloadLen))
		if !ok {
			return nil, false
		}
		out = append(out, Span{int64(a), int64(b - a)})
	}
	return out, true
}
