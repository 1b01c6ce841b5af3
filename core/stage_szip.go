package core

import (
	"fmt"
	"math"

	"github.com/tensogram-go/tensogram-go/core/codec/szip"
)

// szip compression stage (docs/codecs.md, "szip"), adapting package szip.

const szipOffsetsKey = "szip_block_offsets"

type szipStage struct {
	ctx     *StageContext
	p       szip.Params
	flags   uint32 // szip_flags as stored (before the implicit bits)
	spBits  int    // sp_bits_per_value when encoding = simple_packing, else 0
	threads int
	// offsets are the stored szip_block_offsets (nil when absent).
	offsets []uint64
	// starts are the true RSI starts scanned so far by DecodeRange (the
	// stage decodes one payload), so several ranges scan each RSI once;
	// File.DecodeRange hands in the ones kept for the object.
	starts *szip.RSIStarts
}

func szipErr(format string, args ...any) error {
	return encodingErr("compression error: szip error: "+format, args...)
}

func szipFactory(ctx *StageContext) (Stage, error) {
	rsi, err := reqUint32(ctx.Params, "szip_rsi")
	if err != nil {
		return nil, err
	}
	bs, err := reqUint32(ctx.Params, "szip_block_size")
	if err != nil {
		return nil, err
	}
	flags, err := reqUint32(ctx.Params, "szip_flags")
	if err != nil {
		return nil, err
	}
	bps := szipBitsPerSample(ctx)
	if bps < 1 || bps > 32 {
		return nil, szipErr("bits_per_sample must be 1..=32, got %d", bps)
	}
	if rsi < 1 || rsi > szip.MaxRSI {
		return nil, szipErr("rsi must be 1..=%d, got %d", szip.MaxRSI, rsi)
	}
	if flags&uint32(szip.FlagNotEnforce) == 0 && bs != 8 && bs != 16 && bs != 32 && bs != 64 {
		return nil, szipErr("block_size must be 8, 16, 32, or 64, got %d", bs)
	}
	eff := flags
	if ctx.Encoding == "simple_packing" {
		eff |= uint32(szip.FlagMSB)
	}
	if bps > 16 && bps <= 24 {
		eff |= uint32(szip.Flag3Byte)
	}
	p := szip.Params{BitsPerSample: bps, BlockSize: int(min(bs, math.MaxInt32)), RSI: int(rsi), Flags: szip.Flags(eff)}
	if err := p.Validate(); err != nil {
		return nil, wrapEncodingErr(err, "compression error: %v", err)
	}
	s := &szipStage{ctx: ctx, p: p, flags: flags, threads: ctx.Threads, starts: &szip.RSIStarts{}}
	if ctx.Encoding == "simple_packing" {
		s.spBits = ctx.EncodedBitsPerValue
	}
	if raw, ok := ctx.Params[szipOffsetsKey]; ok {
		if s.offsets, err = parseSzipOffsets(raw); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// szipBitsPerSample derives the sample width (docs/codecs.md, "Descriptor parameters").
func szipBitsPerSample(ctx *StageContext) int {
	switch {
	case ctx.Encoding != "none":
		return ctx.EncodedBitsPerValue
	case ctx.Filter == "shuffle":
		return 8
	}
	return ctx.DType.Size() * 8
}

// parseSzipOffsets reads szip_block_offsets: an array of unsigned integers.
func parseSzipOffsets(raw any) ([]uint64, error) {
	arr, ok := raw.([]any)
	if !ok {
		return nil, metadataErr("%s must be an array, got %s", szipOffsetsKey, cborKind(raw))
	}
	out := make([]uint64, len(arr))
	for i, v := range arr {
		switch x := v.(type) {
		case uint64:
			out[i] = x
		case int64:
			return nil, metadataErr("%s[%d] = %d out of u64 range", szipOffsetsKey, i, x)
		default:
			return nil, metadataErr("%s[%d] must be an unsigned integer, got %s", szipOffsetsKey, i, cborKind(v))
		}
	}
	return out, nil
}

// checkPreEncodedSzipOffsets validates caller-supplied szip_block_offsets on
// the pre-encoded path (docs/codecs.md, "Descriptor parameters"), with upstream's messages: a
// non-empty array of unsigned integers, first 0, strictly increasing, each
// at most 8 × payload bytes.
func checkPreEncodedSzipOffsets(params map[string]any, payloadLen int) error {
	raw, ok := params[szipOffsetsKey]
	if !ok {
		return nil
	}
	offs, err := parseSzipOffsets(raw)
	if err != nil {
		return err
	}
	if len(offs) == 0 {
		return metadataErr("%s must not be empty; first offset must be 0", szipOffsetsKey)
	}
	if offs[0] != 0 {
		return metadataErr("%s[0] must be 0, got %d", szipOffsetsKey, offs[0])
	}
	limit := uint64(payloadLen) * 8
	for i, o := range offs {
		if i > 0 && o <= offs[i-1] {
			return metadataErr("%s must be strictly increasing: %s[%d] = %d, %s[%d] = %d", szipOffsetsKey, szipOffsetsKey, i-1, offs[i-1], szipOffsetsKey, i, o)
		}
		if o > limit {
			return metadataErr("%s[%d] = %d exceeds bit bound %d (encoded_bytes_len = %d bytes, %d bits)", szipOffsetsKey, i, o, limit, payloadLen, limit)
		}
	}
	return nil
}

// checkEncodable rejects, on encode, the combinations upstream silently
// corrupts (docs/codecs.md, "szip").
func (s *szipStage) checkEncodable() error {
	if s.ctx.Encoding == "simple_packing" {
		switch s.spBits {
		case 8, 16, 24, 32:
		default:
			return encodingErr("simple_packing with szip requires sp_bits_per_value of 8, 16, 24 or 32, got %d (other widths are not byte-aligned samples and upstream would corrupt them)", s.spBits)
		}
	}
	if s.flags&uint32(szip.FlagPadRSI) != 0 {
		return encodingErr("szip_flags bit 32 (PAD_RSI) is not supported on encode: libaec's encoder ignores it while its decoder honours it")
	}
	return nil
}

// Encode compresses and records the true RSI start offsets.
func (s *szipStage) Encode(in []byte) ([]byte, error) {
	if err := s.checkEncodable(); err != nil {
		return nil, err
	}
	out, offs, err := szip.Encode(in, s.p, szip.WithThreads(s.threads))
	if err != nil {
		return nil, wrapEncodingErr(err, "compression error: %v", err)
	}
	s.recordOffsets(offs)
	return out, nil
}

// recordOffsets stores the RSI start offsets as szip_block_offsets.
func (s *szipStage) recordOffsets(offs []uint64) {
	arr := make([]any, len(offs))
	for i, o := range offs {
		arr[i] = o
	}
	s.ctx.Params[szipOffsetsKey] = arr
}

// samples returns the number of samples in expected decoded bytes.
func (s *szipStage) samples(expected int) (int, error) {
	cw := s.p.SampleWidth()
	if expected < 0 {
		return 0, szipErr("decoded size unknown or too large")
	}
	if expected%cw != 0 {
		return 0, szipErr("decoded size %d is not a multiple of the sample width %d", expected, cw)
	}
	return expected / cw, nil
}

// plausible rejects a declared size no stream of len(in) bytes could
// produce: every RSI takes at least one bit.
func (s *szipStage) plausible(in []byte, nSamples int) error {
	rsis := uint64(nSamples)/uint64(s.p.RSISamples()) + 1
	if nSamples > 0 && rsis > uint64(len(in))*8+1 {
		return szipErr("%d-byte stream cannot hold %d samples", len(in), nSamples)
	}
	return nil
}

// Decode decompresses exactly expected bytes.
func (s *szipStage) Decode(in []byte, expected int) ([]byte, error) {
	if err := s.checkDecodable(in, expected); err != nil {
		return nil, err
	}
	dst := make([]byte, expected)
	if err := s.decodeInto(dst, in); err != nil {
		return nil, err
	}
	return dst, nil
}

// DecodeInto decompresses exactly len(dst) bytes into dst.
func (s *szipStage) DecodeInto(dst, in []byte) error {
	if err := s.checkDecodable(in, len(dst)); err != nil {
		return err
	}
	return s.decodeInto(dst, in)
}

// checkDecodable rejects, before any allocation, sizes that are not whole
// samples or that no stream of len(in) bytes could produce.
func (s *szipStage) checkDecodable(in []byte, expected int) error {
	n, err := s.samples(expected)
	if err != nil {
		return err
	}
	return s.plausible(in, n)
}

func (s *szipStage) decodeInto(dst, in []byte) error {
	opts := []szip.Option{szip.WithThreads(s.threads)}
	if len(s.offsets) > 0 {
		opts = append(opts, szip.WithOffsets(s.offsets))
	}
	if err := szip.Decode(dst, in, s.p, opts...); err != nil {
		return wrapEncodingErr(err, "compression error: %v", err)
	}
	return nil
}

// DecodeRange decodes bytes [offset, offset+length) of the sample buffer.
// The stored szip_block_offsets are not trusted (upstream writes them
// through libaec, whose tables can be defective): the start of the RSI
// holding offset is found by scanning the RSIs before it, never the RSIs
// after it, and the scanned starts are kept for the stage's later ranges.
func (s *szipStage) DecodeRange(in []byte, offset, length uint64) ([]byte, error) {
	if s.offsets == nil {
		return nil, encodingErr("missing szip_block_offsets in payload metadata (required for partial range decode)")
	}
	total := s.ctx.encodedSize()
	if total < 0 || offset > uint64(total) || length > uint64(total)-offset {
		return nil, encodingErr("range exceeds the decoded size")
	}
	n, err := s.samples(total)
	if err != nil {
		return nil, err
	}
	if err := s.plausible(in, n); err != nil {
		return nil, err
	}
	dst := make([]byte, length)
	if err := szip.DecodeRange(dst, in, s.p, s.offsets, int(offset), szip.WithRSIStarts(s.starts)); err != nil {
		return nil, wrapEncodingErr(err, "compression error: %v", err)
	}
	return dst, nil
}

// CheckRange refuses range decoding without stored szip_block_offsets
// (RangeChecker).
func (s *szipStage) CheckRange() error {
	if s.offsets == nil {
		return encodingErr("missing szip_block_offsets in payload metadata (required for partial range decode)")
	}
	return nil
}

// szipRules are szip's StageRules: szip_block_offsets belongs to szip, and
// caller-supplied offsets of a pre-encoded payload are checked.
var szipRules = StageRules{
	OutputParams:    []string{szipOffsetsKey},
	CheckPreEncoded: checkPreEncodedSzipOffsets,
}

// szipDefectiveOffsets reports the entries of an object's stored
// szip_block_offsets that do not match the true RSI starts of its payload
// (see szip.DefectiveOffsets; validators report them with code
// szip.DefectiveOffsetWarning). It returns nil for objects that are not
// szip-compressed or carry no offsets.
func (o *ObjectView) szipDefectiveOffsets() ([]int, error) {
	d := o.Descriptor
	if d.Compression != "szip" {
		return nil, nil
	}
	if _, ok := d.Params[szipOffsetsKey]; !ok {
		return nil, nil
	}
	p, err := BuildPipeline(d, d.Params, 0)
	if err != nil {
		return nil, err
	}
	s, ok := p.Compression.(*szipStage)
	if !ok {
		return nil, encodingErr("szip stage not available")
	}
	return s.defectiveOffsets(o.Payload, p.EncodedSize())
}

// defectiveOffsets returns the stored offsets that do not match the RSI
// starts of payload, which decodes to encodedSize bytes.
func (s *szipStage) defectiveOffsets(payload []byte, encodedSize int) ([]int, error) {
	n, err := s.samples(encodedSize)
	if err != nil {
		return nil, err
	}
	if err := s.plausible(payload, n); err != nil {
		return nil, err
	}
	bad, err := szip.DefectiveOffsets(payload, s.p, s.offsets, n)
	if err != nil {
		return nil, wrapEncodingErr(err, "szip_block_offsets: %v", err)
	}
	return bad, nil
}

// AuditPayload reports szip.DefectiveOffsetWarning
// ("szip_block_offset_defective") when the stored szip_block_offsets
// disagree with the true RSI starts of the payload, as upstream writes
// them through libaec (docs/codecs.md, "szip"). The payload stays valid and
// decode_range still returns correct data (PayloadAuditor).
func (s *szipStage) AuditPayload(payload []byte) []PayloadFinding {
	if s.offsets == nil {
		return nil
	}
	bad, err := s.defectiveOffsets(payload, s.ctx.encodedSize())
	if err != nil || len(bad) == 0 {
		return nil
	}
	return []PayloadFinding{{Code: szip.DefectiveOffsetWarning,
		Description: fmt.Sprintf("szip_block_offsets entries %v do not match the RSI starts of the payload (libaec defect; decode_range scans instead)", bad)}}
}
