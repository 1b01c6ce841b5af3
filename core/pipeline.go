package core

import (
	"fmt"
)

// Pipeline is the configured encoding → filter → compression chain of one object.
type Pipeline struct {
	Ctx         *StageContext
	Encoding    Stage
	Filter      Stage
	Compression Stage
	// Raw is true when all three stages are "none" (payload = raw tensor).
	Raw bool
}

// BuildPipeline configures the pipeline for a descriptor. params is the map
// the stages read (and, on encode, write); pass d.Params (or a copy).
func BuildPipeline(d *Descriptor, params map[string]any, threads int) (*Pipeline, error) {
	if params == nil {
		params = map[string]any{}
	}
	return buildPipeline(d, params, threads)
}

// pipelineBlock holds a pipeline and its context in one allocation.
type pipelineBlock struct {
	p   Pipeline
	ctx StageContext
}

// buildPipeline is BuildPipeline with params used as given.
func buildPipeline(d *Descriptor, params map[string]any, threads int) (*Pipeline, error) {
	n, err := d.NumElements()
	if err != nil {
		return nil, err
	}
	blk := &pipelineBlock{}
	ctx := &blk.ctx
	*ctx = StageContext{DType: d.DType, ByteOrder: d.ByteOrder, NumElements: n,
		Encoding: d.Encoding, Filter: d.Filter, Compression: d.Compression, Params: params, Threads: threads}
	p := &blk.p
	*p = Pipeline{Ctx: ctx, Raw: d.Encoding == "none" && d.Filter == "none" && d.Compression == "none"}
	ef, err := lookupStage(StageEncoding, d.Encoding)
	if err != nil {
		return nil, err
	}
	ff, err := lookupStage(StageFilter, d.Filter)
	if err != nil {
		return nil, err
	}
	cf, err := lookupStage(StageCompression, d.Compression)
	if err != nil {
		return nil, err
	}
	if p.Encoding, err = ef(ctx); err != nil {
		return nil, err
	}
	if b, ok := p.Encoding.(BitsPerValuer); ok {
		ctx.EncodedBitsPerValue = b.BitsPerValue()
	}
	if p.Filter, err = ff(ctx); err != nil {
		return nil, err
	}
	if p.Compression, err = cf(ctx); err != nil {
		return nil, err
	}
	return p, nil
}

// Encode runs encoding → filter → compression on raw tensor bytes (in
// one pass when the compression stage is a FusedCodec and accepts).
func (p *Pipeline) Encode(raw []byte) ([]byte, error) {
	if fc, ok := p.fused(); ok {
		if out, ok, err := fc.EncodeFused(p.Encoding, raw); ok {
			return out, err
		}
	}
	return p.encodeStaged(raw)
}

// fused returns the compression stage as a FusedCodec when it is one and
// the filter is "none".
func (p *Pipeline) fused() (FusedCodec, bool) {
	fc, ok := p.Compression.(FusedCodec)
	if !ok {
		return nil, false
	}
	_, noFilter := p.Filter.(identityStage)
	return fc, noFilter
}

// encodeStaged runs the three stages one after the other.
func (p *Pipeline) encodeStaged(raw []byte) ([]byte, error) {
	b, err := p.Encoding.Encode(raw)
	if err != nil {
		return nil, err
	}
	if b, err = p.Filter.Encode(b); err != nil {
		return nil, err
	}
	return p.Compression.Encode(b)
}

// EncodedSize returns the exact byte length of the encoding stage's output
// (what decompression must yield): N×W for "none" (bitmask ceil(N/8)),
// ceil(N×B/8) for encodings reporting BitsPerValue; -1 when unknown or too
// large.
func (p *Pipeline) EncodedSize() int {
	if _, ok := p.Encoding.(BitsPerValuer); !ok && p.Ctx.Encoding != "none" {
		return -1
	}
	// BuildPipeline set Ctx.EncodedBitsPerValue from the encoding stage.
	return p.Ctx.encodedSize()
}

// Decode runs decompression → unfilter → decoding; the result is in the
// descriptor's byte order and has length outSize. Compression and filter
// stages receive the exact encoded size when it is known (else -1).
func (p *Pipeline) Decode(payload []byte, outSize int) ([]byte, error) {
	es := p.EncodedSize()
	b, err := p.Compression.Decode(payload, es)
	if err != nil {
		return nil, err
	}
	if b, err = p.Filter.Decode(b, es); err != nil {
		return nil, err
	}
	if b, err = p.Encoding.Decode(b, outSize); err != nil {
		return nil, err
	}
	if len(b) != outSize {
		return nil, encodingErr("decoded size %d does not match expected %d bytes", len(b), outSize)
	}
	return b, nil
}

// DecodeInto runs decompression → unfilter → decoding like Decode, writing
// the result (descriptor byte order) into dst, which must be exactly the
// decoded size. The last stage that is not "none" writes into dst directly
// when it implements IntoStage, so the decoded tensor is produced once,
// with no intermediate buffer of its size and no copy; otherwise its output
// is copied. A FusedCodec compression stage may decode in one pass.
func (p *Pipeline) DecodeInto(dst, payload []byte) error {
	es := p.EncodedSize()
	if fc, ok := p.fused(); ok {
		if ok, err := fc.DecodeFusedInto(p.Encoding, dst, payload, es); ok {
			return err
		}
	}
	stages := [3]Stage{p.Compression, p.Filter, p.Encoding}
	sizes := [3]int{es, es, len(dst)}
	last := -1
	for i, s := range stages {
		if _, id := s.(identityStage); !id {
			last = i
		}
	}
	if last < 2 && len(dst) != es {
		// The "none" encoding keeps the size; let it report the mismatch.
		last = -1
	}
	b := payload
	for i, s := range stages {
		if i == last {
			if into, ok := s.(IntoStage); ok {
				return into.DecodeInto(dst, b)
			}
		}
		var err error
		if b, err = s.Decode(b, sizes[i]); err != nil {
			return err
		}
	}
	if len(b) != len(dst) {
		return encodingErr("decoded size %d does not match expected %d bytes", len(b), len(dst))
	}
	copyCached(dst, b)
	return nil
}

// describeStages renders the stage names of a descriptor for messages.
func describeStages(d *Descriptor) string {
	return fmt.Sprintf("encoding=%s filter=%s compression=%s", d.Encoding, d.Filter, d.Compression)
}
