package core

// AggregateHash selects where aggregate hash frames go (upstream
// aggregate_hash policy).
type AggregateHash int

// Aggregate hash policies.
const (
	// HashAuto is upstream's default: header in buffered mode, footer in streaming mode.
	HashAuto AggregateHash = iota
	HashPolicyNone
	HashHeader
	HashFooter
	HashBoth
)

// ParseAggregateHash maps upstream's names ("auto", "none", "header",
// "footer", "both"; "" = auto) to a policy.
func ParseAggregateHash(s string) (AggregateHash, error) {
	switch s {
	case "", "auto":
		return HashAuto, nil
	case "none":
		return HashPolicyNone, nil
	case "header":
		return HashHeader, nil
	case "footer":
		return HashFooter, nil
	case "both":
		return HashBoth, nil
	}
	return 0, encodingErr("unknown aggregate_hash policy %q (expected auto, none, header, footer or both)", s)
}

// parseHashName maps upstream's hash argument ("xxh3", or "none"/"" for no
// hashing) to EncodeOptions.NoHash.
func parseHashName(s string) (noHash bool, err error) {
	switch s {
	case HashAlgorithmXXH3:
		return false, nil
	case "", "none":
		return true, nil
	}
	return false, metadataErr("unknown hash type: %s", s)
}

// checkMaskMethodName validates a mask method name given as an option.
func checkMaskMethodName(name string) error {
	if name == "" || IsKnownStageName(StageMask, name) {
		return nil
	}
	return encodingErr("unknown mask method %q; expected one of \"none\", \"rle\", \"roaring\", \"lz4\", \"zstd\", \"blosc2\"", name)
}

// EncodeOptions tune Encode. The zero value gives upstream's defaults:
// hashing on, aggregate policy auto, NaN/Inf rejected, masks "roaring" with a
// 128-byte small-mask threshold, sequential, fresh provenance.
type EncodeOptions struct {
	// NoHash disables frame hashing (upstream hash=None).
	NoHash bool
	// AggregateHash places the aggregate hash frame(s).
	AggregateHash AggregateHash
	// AllowNaN / AllowInf substitute non-finite floats with 0 and record masks.
	AllowNaN, AllowInf bool
	// Mask methods per kind; "" = "roaring".
	NaNMaskMethod, PosInfMaskMethod, NegInfMaskMethod string
	// SmallMaskThreshold: masks of at most this many bytes use method
	// "none". 0 = default (128); negative = disabled.
	SmallMaskThreshold int
	// PreEncoded stores each object's Data verbatim as the encoded payload
	// (upstream encode_pre_encoded): no NaN/Inf scan, no pipeline run.
	PreEncoded bool
	// Threads prepares and writes objects in parallel (output is identical
	// for every value); 0 = sequential unless TENSOGRAM_THREADS is set.
	Threads int
	// Alloc obtains the output buffer of exactly n bytes (default make).
	Alloc func(n int) []byte
	// Provenance pins `_reserved_` (nil = NewProvenance()).
	Provenance *Provenance
}

func (o *EncodeOptions) orDefault() *EncodeOptions {
	if o == nil {
		return &EncodeOptions{}
	}
	return o
}

func (o *EncodeOptions) maskMethod(kind string) string {
	m := map[string]string{MaskNaN: o.NaNMaskMethod, MaskPosInf: o.PosInfMaskMethod, MaskNegInf: o.NegInfMaskMethod}[kind]
	if m == "" {
		return "roaring"
	}
	return m
}

func (o *EncodeOptions) checkMaskMethods() error {
	for _, m := range []string{o.NaNMaskMethod, o.PosInfMaskMethod, o.NegInfMaskMethod} {
		if err := checkMaskMethodName(m); err != nil {
			return err
		}
	}
	return nil
}

func (o *EncodeOptions) threshold() int {
	switch {
	case o.SmallMaskThreshold == 0:
		return 128
	case o.SmallMaskThreshold < 0:
		return 0
	}
	return o.SmallMaskThreshold
}
