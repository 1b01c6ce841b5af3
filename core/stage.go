package core

// The stage API: kinds and names of pipeline stages, what a stage is given
// (StageContext), the Stage interface and its optional interfaces, and the
// rules a stage can register. Codec adapters (stage_<codec>.go) implement
// them; the registry is in stage_registry.go, the pipeline in pipeline.go.

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

// PayloadRecycler is implemented by compression stages that can take back
// the buffer their Encode returned: Encode and StreamingEncoder hand it
// back once the data frame holding a copy of it is written, so the stage
// can reuse it for a later object (zstd, lz4, zfp and blosc2;
// core/stage_payloads.go).
// RecyclePayload must not assume b came from the stage: it may keep it or
// drop it.
type PayloadRecycler interface {
	RecyclePayload(b []byte)
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
