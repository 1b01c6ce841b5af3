package mask

import "math"

// DefaultSmallMaskThreshold is upstream's small_mask_threshold_bytes: a
// mask whose packed form is at most this many bytes is stored with method
// "none" whatever was requested.
const DefaultSmallMaskThreshold = 128

// Entry describes one mask blob of the descriptor's "masks" sub-map:
// masks[Kind.String()] = {method, offset, length[, params]}.
type Entry struct {
	Kind   Kind
	Method Method
	// Offset and Length locate the blob relative to the start of the
	// payload region.
	Offset, Length int
	// HasLevel reports an explicit zstd level, stored as params
	// {"level": ZstdLevel}; absent when the default was used.
	HasLevel  bool
	ZstdLevel int
}

// EncodeOption configures AppendBlobs.
type EncodeOption func(*encodeConfig)

type encodeConfig struct {
	methods   [3]Method
	levels    [3]int
	hasLevel  [3]bool
	threshold int
}

// WithMethod requests method for kind k (default roaring).
func WithMethod(k Kind, m Method) EncodeOption {
	return func(c *encodeConfig) {
		if k >= NaN && k <= NegInf {
			c.methods[k] = m
		}
	}
}

// WithZstdLevel sets an explicit zstd level for kind k's blob; it is then
// recorded as params {"level": level} when zstd is the method used.
func WithZstdLevel(k Kind, level int) EncodeOption {
	return func(c *encodeConfig) {
		if k >= NaN && k <= NegInf {
			c.levels[k], c.hasLevel[k] = level, true
		}
	}
}

// WithSmallMaskThreshold sets small_mask_threshold_bytes (default 128;
// 0 disables the fallback to method "none").
func WithSmallMaskThreshold(bytes int) EncodeOption {
	return func(c *encodeConfig) { c.threshold = bytes }
}

// AppendBlobs appends the blob of every present mask to region (the
// encoded payload), in the order nan, inf+, inf-, and returns the grown
// region with one Entry per blob (offsets relative to region start).
func AppendBlobs(region []byte, m Masks, opts ...EncodeOption) ([]byte, []Entry, error) {
	c := encodeConfig{threshold: DefaultSmallMaskThreshold}
	for i := range c.methods {
		c.methods[i] = DefaultMethod
	}
	for _, o := range opts {
		o(&c)
	}
	var entries []Entry
	for k := NaN; k <= NegInf; k++ {
		b := m[k]
		if b == nil {
			continue
		}
		method := c.methods[k]
		if _, err := ParseMethod(string(method)); err != nil {
			return nil, nil, err
		}
		if c.threshold > 0 && len(b.Packed) <= c.threshold {
			method = MethodNone
		}
		blob, err := EncodeBlob(b, method, c.levels[k])
		if err != nil {
			return nil, nil, err
		}
		e := Entry{Kind: k, Method: method, Offset: len(region), Length: len(blob)}
		if method == MethodZstd && c.hasLevel[k] {
			e.HasLevel, e.ZstdLevel = true, c.levels[k]
		}
		region = append(region, blob...)
		entries = append(entries, e)
	}
	return region, entries, nil
}

// PayloadEnd returns where the encoded payload ends inside a payload
// region of regionLen bytes: the smallest entry offset, or regionLen when
// there are no entries. Every blob must lie inside the region.
func PayloadEnd(regionLen int, entries []Entry) (int, error) {
	end := regionLen
	for _, e := range entries {
		if e.Offset < 0 || e.Length < 0 || e.Offset > regionLen || e.Length > regionLen-e.Offset {
			return 0, sizeErr("%s mask blob [offset %d, length %d] outside the %d-byte payload region", e.Kind, e.Offset, e.Length, regionLen)
		}
		end = min(end, e.Offset)
	}
	return end, nil
}

// DecodeMasks splits a payload region into the encoded payload and the
// decoded bitmaps of entries, each for n elements. Each bitmap allocates
// ceil(n/8) bytes, so n (the descriptor's element count) must already have
// been checked against the decoded payload by the caller.
func DecodeMasks(region []byte, entries []Entry, n int) (payload []byte, m Masks, err error) {
	end, err := PayloadEnd(len(region), entries)
	if err != nil {
		return nil, m, err
	}
	if n < 0 || uint64(n) > math.MaxInt-7 {
		return nil, m, sizeErr("invalid element count %d", n)
	}
	for _, e := range entries {
		if e.Kind < NaN || e.Kind > NegInf {
			return nil, Masks{}, sizeErr("invalid mask kind %d", e.Kind)
		}
		if m[e.Kind] != nil {
			return nil, Masks{}, corrupt("duplicate %s mask", e.Kind)
		}
		b, err := DecodeBlob(region[e.Offset:e.Offset+e.Length], n, e.Method)
		if err != nil {
			return nil, Masks{}, err
		}
		m[e.Kind] = b
	}
	return region[:end], m, nil
}
