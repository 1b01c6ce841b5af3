package core

import (
	"fmt"
	"math/bits"
	"sort"
	"sync"
)

// StageKind names one step of the payload pipeline.
type StageKind int

// Pipeline stages, in encode order; StageMask is the NaN/Inf mask blob codec.
const (
	StageEncoding StageKind = iota + 1
	StageFilter
	StageCompression
	StageMask
)

// String returns "encoding", "filter", "compression" or "mask method".
func (k StageKind) String() string {
	switch k {
	case StageEncoding:
		return "encoding"
	case StageFilter:
		return "filter"
	case StageCompression:
		return "compression"
	case StageMask:
		return "mask method"
	}
	return "stage"
}

// knownStageNames lists every name wire format v3 defines per stage. A known
// name without a registered implementation yields *UnsupportedCodecError; an
// unknown name yields upstream's "unknown <stage>: X" Encoding error.
var knownStageNames = map[StageKind][]string{
	StageEncoding:    {"none", "simple_packing"},
	StageFilter:      {"none", "shuffle"},
	StageCompression: {"none", "szip", "zstd", "lz4", "blosc2", "zfp", "sz3", "rle", "roaring"},
	StageMask:        {"none", "rle", "roaring", "lz4", "zstd", "blosc2"},
}

// IsKnownStageName reports whether name is defined by the format for kind.
func IsKnownStageName(kind StageKind, name string) bool {
	for _, n := range knownStageNames[kind] {
		if n == name {
			return true
		}
	}
	return false
}

// StageContext is what a stage factory gets to configure one stage for one
// object. On encode, a stage may add keys to Params (e.g. simple_packing
// writes sp_*; szip writes szip_block_offsets); they end up in the
// descriptor written to the wire.
type StageContext struct {
	DType       DType
	ByteOrder   ByteOrder // the descriptor's (wire) byte order
	NumElements uint64
	Encoding    string
	Filter      string
	Compression string
	// Params are the descriptor's codec parameters (read/write on encode,
	// read-only on decode).
	Params map[string]any
	// Threads is the intra-codec thread budget (0 = sequential).
	Threads int
	// Encoding-stage output width in bits per value when the encoding is not
	// "none" (set by the pipeline builder from the encoding stage's
	// BitsPerValue, before filter and compression stages are created).
	EncodedBitsPerValue int
}

// Stage is one configured pipeline step for one object.
//
// Encode transforms the previous stage's output (the raw tensor bytes, in
// the descriptor's byte order, for the encoding stage). Decode inverts it;
// expectedSize is the exact size of the decoded output when known (≥ 0) or
// -1. Implementations may return their input slice unchanged but must never
// modify it.
//
// An encoding stage's Decode returns the tensor bytes in the descriptor's
// byte order (simple_packing: float64 values in that order).
type Stage interface {
	Encode(in []byte) ([]byte, error)
	Decode(in []byte, expectedSize int) ([]byte, error)
}

// IntoStage is implemented by stages that can decode straight into the
// caller's buffer. DecodeInto decodes in into dst, which is exactly the
// decoded size (Decode's expectedSize); output of any other size is an
// error. Like Decode, it never modifies in.
type IntoStage interface {
	DecodeInto(dst, in []byte) error
}

// RangeStage is implemented by compression stages that can return a byte
// range of their decoded output without decoding everything.
type RangeStage interface {
	// DecodeRange returns decoded bytes [offset, offset+length).
	DecodeRange(in []byte, offset, length uint64) ([]byte, error)
}

// RangeEncoding is implemented by encoding stages that support partial
// decode: they map an element range to the encoded byte range they need and
// decode elements from it.
type RangeEncoding interface {
	// EncodedRange returns the encoded byte range holding elements
	// [first, first+count).
	EncodedRange(first, count uint64) (offset, length uint64, err error)
	// DecodeRangeFrom decodes elements [first, first+count) from the bytes of
	// the range returned by EncodedRange; output in the descriptor's order.
	DecodeRangeFrom(chunk []byte, first, count uint64) ([]byte, error)
}

// BitsPerValuer is implemented by encoding stages whose output samples are
// not dtype-sized (simple_packing), so later stages can derive their sample
// width.
type BitsPerValuer interface {
	BitsPerValue() int
}

// RangeChecker is implemented by stages that can serve byte or element
// ranges only under a condition of the object (szip: stored
// szip_block_offsets). ObjectView.DecodeRange calls CheckRange on each of
// the three stages once the pipeline is configured and before any range
// is served; an error fails the call.
type RangeChecker interface {
	CheckRange() error
}

// PayloadFinding is a non-fatal defect a stage found in a payload that it
// decodes correctly.
type PayloadFinding struct {
	// Code is the validation issue code (e.g. "szip_block_offset_defective").
	Code string
	// Description is the issue text.
	Description string
}

// PayloadAuditor is implemented by stages that can find defects in a
// payload that still decodes correctly (szip: block offsets that do not
// match the stream). ValidateMessage calls AuditPayload on each stage of an
// object after its trial decode succeeded (integrity level) and reports
// every finding as a warning.
type PayloadAuditor interface {
	AuditPayload(payload []byte) []PayloadFinding
}

// FusedCodec is implemented by compression stages that can run together
// with the encoding stage in one pass when the filter is "none" (szip with
// simple_packing: no packed intermediate buffer). Both methods return
// ok=false, having done nothing, when the encoding stage or the input does
// not qualify; the pipeline then runs the stages one after the other.
// Output, recorded parameters and errors must be those of the staged path.
type FusedCodec interface {
	// EncodeFused encodes raw tensor bytes through enc and this stage.
	EncodeFused(enc Stage, raw []byte) (out []byte, ok bool, err error)
	// DecodeFusedInto decodes payload through this stage and enc into dst
	// (the decoded size); encodedSize is Pipeline.EncodedSize.
	DecodeFusedInto(enc Stage, dst, payload []byte, encodedSize int) (ok bool, err error)
}

// StageFactory configures a stage for one object.
type StageFactory func(ctx *StageContext) (Stage, error)

// StageRules are the checks of a named stage that apply to a descriptor
// whose pipeline is not (or not yet) configured with it. Register them
// with RegisterStageRules beside the stage's RegisterStage call; a stage
// without rules needs none.
type StageRules struct {
	// OutputParams are descriptor parameters the stage writes on encode
	// (szip: szip_block_offsets). Encode rejects a descriptor carrying one
	// of them when its pipeline uses another stage of this kind.
	OutputParams []string
	// CheckPreEncoded validates the caller-supplied parameters of a
	// pre-encoded object using this stage (the stage itself never runs on
	// that path), given the payload length. Encode calls it before the
	// pipeline is configured.
	CheckPreEncoded func(params map[string]any, payloadLen int) error
	// ResolveParams completes params from the tensor values before the
	// stage is configured on encode (simple_packing: reference value and
	// scale factors). data holds the caller's values in byte order order,
	// before NaN/Inf substitution. Encode calls it for the stages of the
	// pipeline, in encode order, unless the object is pre-encoded.
	ResolveParams func(dt DType, params map[string]any, data []byte, order ByteOrder) error
}

// MaskCodec encodes/decodes one NaN/Inf mask blob. Bits are packed MSB-first
// (element i is bit 7-(i%8) of byte i/8), ceil(n/8) bytes.
type MaskCodec interface {
	EncodeMask(packed []byte, n uint64, params map[string]any) ([]byte, error)
	DecodeMask(blob []byte, n uint64, params map[string]any) ([]byte, error)
}

var (
	registryMu sync.RWMutex
	stages     = map[StageKind]map[string]StageFactory{}
	stageRules = map[StageKind]map[string]StageRules{}
	// ruleNames lists the names in stageRules per kind, sorted.
	ruleNames  = map[StageKind][]string{}
	maskCodecs = map[string]MaskCodec{}
)

// RegisterStageRules installs (or replaces) the rules of a named stage.
func RegisterStageRules(kind StageKind, name string, r StageRules) {
	registryMu.Lock()
	defer registryMu.Unlock()
	if stageRules[kind] == nil {
		stageRules[kind] = map[string]StageRules{}
	}
	if _, ok := stageRules[kind][name]; !ok {
		ruleNames[kind] = append(ruleNames[kind], name)
		sort.Strings(ruleNames[kind])
	}
	stageRules[kind][name] = r
}

// pipelineKinds are the stage kinds of a pipeline, in encode order.
var pipelineKinds = [...]StageKind{StageEncoding, StageFilter, StageCompression}

// stageName returns d's stage name of kind (encoding, filter or compression).
func stageName(d *Descriptor, kind StageKind) string {
	switch kind {
	case StageEncoding:
		return d.Encoding
	case StageFilter:
		return d.Filter
	case StageCompression:
		return d.Compression
	}
	return ""
}

// resolveStageParams runs the ResolveParams rule of each stage of d's
// pipeline on params.
func resolveStageParams(d *Descriptor, params map[string]any, data []byte, order ByteOrder) error {
	for _, kind := range pipelineKinds {
		registryMu.RLock()
		r := stageRules[kind][stageName(d, kind)]
		registryMu.RUnlock()
		if r.ResolveParams != nil {
			if err := r.ResolveParams(d.DType, params, data, order); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkStageRules applies the registered StageRules to a descriptor about
// to be encoded: parameters owned by stages it does not use, then (for a
// pre-encoded payload of payloadLen bytes) its own stages' checks. Stages
// are visited in encode order, names of a kind in sorted order.
func checkStageRules(d *Descriptor, preEncoded bool, payloadLen int) error {
	registryMu.RLock()
	defer registryMu.RUnlock()
	for _, kind := range pipelineKinds {
		used := stageName(d, kind)
		for _, name := range ruleNames[kind] {
			if name == used {
				continue
			}
			for _, key := range stageRules[kind][name].OutputParams {
				if _, ok := d.Params[key]; ok {
					return encodingErr("%s provided but %s is %q, not %s", key, kind, used, name)
				}
			}
		}
	}
	if !preEncoded {
		return nil
	}
	for _, kind := range pipelineKinds {
		if r := stageRules[kind][stageName(d, kind)]; r.CheckPreEncoded != nil {
			if err := r.CheckPreEncoded(d.Params, payloadLen); err != nil {
				return err
			}
		}
	}
	return nil
}

// RegisterStage installs (or replaces) the implementation of a named stage.
// Codec packages are plugged in by a wiring file calling this from init.
func RegisterStage(kind StageKind, name string, f StageFactory) {
	registryMu.Lock()
	defer registryMu.Unlock()
	if stages[kind] == nil {
		stages[kind] = map[string]StageFactory{}
	}
	stages[kind][name] = f
}

// RegisterMaskCodec installs (or replaces) a NaN/Inf mask method.
func RegisterMaskCodec(name string, c MaskCodec) {
	registryMu.Lock()
	defer registryMu.Unlock()
	maskCodecs[name] = c
}

// SupportedStages returns the registered names of a stage kind.
func SupportedStages(kind StageKind) []string {
	registryMu.RLock()
	defer registryMu.RUnlock()
	var out []string
	for _, n := range knownStageNames[kind] {
		if kind == StageMask {
			if _, ok := maskCodecs[n]; ok {
				out = append(out, n)
			}
		} else if _, ok := stages[kind][n]; ok {
			out = append(out, n)
		}
	}
	return out
}

func lookupStage(kind StageKind, name string) (StageFactory, error) {
	registryMu.RLock()
	f := stages[kind][name]
	registryMu.RUnlock()
	if f != nil {
		return f, nil
	}
	if IsKnownStageName(kind, name) {
		return nil, &UnsupportedCodecError{Stage: kind, Name: name}
	}
	return nil, encodingErr("unknown %s: %s", kind, name)
}

func lookupMaskCodec(name string) (MaskCodec, error) {
	registryMu.RLock()
	c := maskCodecs[name]
	registryMu.RUnlock()
	if c != nil {
		return c, nil
	}
	if IsKnownStageName(StageMask, name) {
		return nil, &UnsupportedCodecError{Stage: StageMask, Name: name}
	}
	return nil, encodingErr("unknown mask method %q", name)
}

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
	n, err := d.NumElements()
	if err != nil {
		return nil, err
	}
	if params == nil {
		params = map[string]any{}
	}
	ctx := &StageContext{DType: d.DType, ByteOrder: d.ByteOrder, NumElements: n,
		Encoding: d.Encoding, Filter: d.Filter, Compression: d.Compression, Params: params, Threads: threads}
	p := &Pipeline{Ctx: ctx, Raw: d.Encoding == "none" && d.Filter == "none" && d.Compression == "none"}
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
	n := p.Ctx.NumElements
	if p.Ctx.Encoding == "none" {
		s, ok := p.Ctx.DType.ByteSize(n)
		if !ok || s > uint64(maxInt) {
			return -1
		}
		return int(s)
	}
	if b, ok := p.Encoding.(BitsPerValuer); ok {
		hi, lo := bits.Mul64(n, uint64(b.BitsPerValue()))
		if hi != 0 {
			return -1
		}
		s := lo/8 + boolU64(lo%8 != 0)
		if s > uint64(maxInt) {
			return -1
		}
		return int(s)
	}
	return -1
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

// describeStages renders the stage names of a descriptor for messages.
func describeStages(d *Descriptor) string {
	return fmt.Sprintf("encoding=%s filter=%s compression=%s", d.Encoding, d.Filter, d.Compression)
}
