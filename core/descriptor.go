package core

import (
	"math/bits"
	"slices"
)

// Descriptor is the per-object CBOR map inside every NTensorFrame
// (docs/metadata.md, "Descriptor"). For encoding, a literal setting Type,
// Shape and DType is enough: NDim, Strides, ByteOrder and the pipeline
// fields are derived when left zero (see WithDefaults).
type Descriptor struct {
	Type        string // object kind, upstream writes "ntensor"
	NDim        uint64
	Shape       []uint64
	Strides     []uint64 // element strides
	DType       DType
	ByteOrder   ByteOrder // payload byte order; absent on the wire ⇒ NativeOrder
	Encoding    string    // "none" or "simple_packing"
	Filter      string    // "none" or "shuffle"
	Compression string    // "none", "zstd", "lz4", "szip", "blosc2", "zfp", "sz3", "rle", "roaring"
	// Masks describes NaN/Inf companion masks, keyed "nan", "inf+", "inf-";
	// nil when the descriptor has no `masks` key.
	Masks map[string]MaskInfo
	// Params holds every other key (codec parameters and unknown keys).
	Params map[string]any
	// Raw is the CBOR item the descriptor was parsed from (nil if built in code).
	Raw []byte
}

// MaskInfo is one entry of the descriptor's `masks` map.
type MaskInfo struct {
	Offset uint64         // byte offset of the blob within the payload region
	Length uint64         // blob length in bytes
	Method string         // "none", "rle", "roaring", "lz4", "zstd", "blosc2"
	Params map[string]any // method parameters (nil when absent)
}

// Mask kinds, in wire order.
const (
	MaskNaN    = "nan"
	MaskPosInf = "inf+"
	MaskNegInf = "inf-"
)

var maskKinds = []string{MaskNaN, MaskPosInf, MaskNegInf}

var fixedDescriptorKeys = map[string]bool{
	"type": true, "ndim": true, "shape": true, "strides": true, "dtype": true,
	"byte_order": true, "encoding": true, "filter": true, "compression": true, "masks": true,
}

// NewDescriptor returns a descriptor for a C-order tensor with the given
// dtype and shape, type "ntensor", host byte order and an all-"none" pipeline.
func NewDescriptor(dtype DType, shape []uint64) *Descriptor {
	return &Descriptor{
		Type: "ntensor", NDim: uint64(len(shape)), Shape: shape, Strides: COrderStrides(shape),
		DType: dtype, ByteOrder: NativeOrder, Encoding: "none", Filter: "none", Compression: "none",
	}
}

// COrderStrides returns the row-major element strides of shape (products
// that overflow uint64 wrap; CheckedCOrderStrides reports them).
func COrderStrides(shape []uint64) []uint64 {
	s, _ := CheckedCOrderStrides(shape)
	return s
}

// CheckedCOrderStrides returns the row-major element strides of shape and
// false when a stride overflows uint64 (the product of all extents but the
// first is what must fit).
func CheckedCOrderStrides(shape []uint64) ([]uint64, bool) {
	s := make([]uint64, len(shape))
	acc, ok := uint64(1), true
	for i := len(shape) - 1; i >= 0; i-- {
		s[i] = acc
		if i > 0 {
			hi, lo := bits.Mul64(acc, shape[i])
			ok = ok && hi == 0
			acc = lo
		}
	}
	return s, ok
}

// NumElements returns the product of the shape (1 for a scalar), failing with
// a Metadata error on overflow.
func (d *Descriptor) NumElements() (uint64, error) {
	n := uint64(1)
	for _, s := range d.Shape {
		hi, lo := bits.Mul64(n, s)
		if hi != 0 {
			return 0, metadataErr("shape product overflow")
		}
		n = lo
	}
	return n, nil
}

// DecodedSize returns the byte length of the decoded tensor: N × dtype size
// (bitmask: ceil(N/8)).
func (d *Descriptor) DecodedSize() (uint64, error) {
	n, err := d.NumElements()
	if err != nil {
		return 0, err
	}
	s, ok := d.DType.ByteSize(n)
	if !ok {
		return 0, metadataErr("shape product overflow: %d elements of %s", n, d.DType)
	}
	return s, nil
}

// Clone returns a deep-enough copy: slices and maps of the descriptor are fresh.
func (d *Descriptor) Clone() *Descriptor {
	c := *d
	c.Shape = append([]uint64(nil), d.Shape...)
	c.Strides = append([]uint64(nil), d.Strides...)
	c.Params = cloneMap(d.Params)
	if d.Masks != nil {
		c.Masks = make(map[string]MaskInfo, len(d.Masks))
		for k, v := range d.Masks {
			c.Masks[k] = v
		}
	}
	return &c
}

// ParseDescriptor parses a descriptor CBOR item (trailing bytes ignored) and
// returns it with the number of bytes the item occupied.
func ParseDescriptor(data []byte) (*Descriptor, int, error) {
	if d, n, ok := fastDescriptor(data); ok {
		d.Raw = data[:n]
		return d, n, nil
	}
	return parseDescriptorGeneric(data)
}

func parseDescriptorGeneric(data []byte) (*Descriptor, int, error) {
	v, n, err := UnmarshalLenient(data)
	if err != nil {
		return nil, 0, metadataErr("failed to parse descriptor CBOR: %v", err)
	}
	d, err := descriptorFromValue(v)
	if err != nil {
		return nil, 0, err
	}
	d.Raw = data[:n]
	return d, n, nil
}

// descriptorFromValue builds a Descriptor from a decoded CBOR map with the
// strict typing of upstream's struct deserialisation.
func descriptorFromValue(v any) (*Descriptor, error) {
	m, ok := textKeyed(v)
	if !ok {
		return nil, metadataErr("failed to deserialize descriptor: expected a map with text keys, got %s", cborKind(v))
	}
	d := &Descriptor{}
	var err error
	if d.Type, err = reqText(m, "type"); err != nil {
		return nil, err
	}
	if d.NDim, err = reqUint(m, "ndim"); err != nil {
		return nil, err
	}
	if d.Shape, err = reqUintArray(m, "shape"); err != nil {
		return nil, err
	}
	if d.Strides, err = reqUintArray(m, "strides"); err != nil {
		return nil, err
	}
	dt, err := reqText(m, "dtype")
	if err != nil {
		return nil, err
	}
	var okd bool
	if d.DType, okd = ParseDType(dt); !okd {
		return nil, metadataErr("failed to deserialize descriptor: unknown dtype %q", dt)
	}
	if bo, present := m["byte_order"]; present {
		s, ok := untag(bo).(string)
		if !ok {
			return nil, metadataErr("failed to deserialize descriptor: byte_order must be text, got %s", cborKind(bo))
		}
		if d.ByteOrder, ok = ParseByteOrder(s); !ok {
			return nil, metadataErr("failed to deserialize descriptor: unknown byte_order %q", s)
		}
	} else {
		d.ByteOrder = NativeOrder
	}
	if d.Encoding, err = reqText(m, "encoding"); err != nil {
		return nil, err
	}
	if d.Filter, err = reqText(m, "filter"); err != nil {
		return nil, err
	}
	if d.Compression, err = reqText(m, "compression"); err != nil {
		return nil, err
	}
	if mv, present := m["masks"]; present {
		if d.Masks, err = parseMasks(mv); err != nil {
			return nil, err
		}
	}
	for k, val := range m {
		if !fixedDescriptorKeys[k] {
			if d.Params == nil {
				d.Params = make(map[string]any)
			}
			d.Params[k] = val
		}
	}
	return d, nil
}

func parseMasks(v any) (map[string]MaskInfo, error) {
	mm, ok := textKeyed(v)
	if !ok {
		return nil, metadataErr("failed to deserialize descriptor: masks must be a map with text keys, got %s", cborKind(v))
	}
	out := make(map[string]MaskInfo, len(mm))
	for _, kind := range maskKinds {
		ev, present := mm[kind]
		if !present || ev == nil {
			continue
		}
		em, ok := textKeyed(ev)
		if !ok {
			return nil, metadataErr("failed to deserialize descriptor: masks.%s must be a map, got %s", kind, cborKind(ev))
		}
		var mi MaskInfo
		var err error
		if mi.Offset, err = reqUint(em, "offset"); err != nil {
			return nil, err
		}
		if mi.Length, err = reqUint(em, "length"); err != nil {
			return nil, err
		}
		if mi.Method, err = reqText(em, "method"); err != nil {
			return nil, err
		}
		if p, present := em["params"]; present && p != nil {
			pm, ok := textKeyed(p)
			if !ok {
				return nil, metadataErr("failed to deserialize descriptor: masks.%s.params must be a map, got %s", kind, cborKind(p))
			}
			mi.Params = pm
		}
		out[kind] = mi
	}
	return out, nil
}

func reqText(m map[string]any, k string) (string, error) {
	v, ok := m[k]
	if !ok {
		return "", metadataErr("failed to deserialize descriptor: missing field `%s`", k)
	}
	s, ok := untag(v).(string)
	if !ok {
		return "", metadataErr("failed to deserialize descriptor: field `%s` must be text, got %s", k, cborKind(v))
	}
	return s, nil
}

func reqUint(m map[string]any, k string) (uint64, error) {
	v, ok := m[k]
	if !ok {
		return 0, metadataErr("failed to deserialize descriptor: missing field `%s`", k)
	}
	u, ok := untag(v).(uint64)
	if !ok {
		return 0, metadataErr("failed to deserialize descriptor: field `%s` must be an unsigned integer, got %s", k, cborKind(v))
	}
	return u, nil
}

func reqUintArray(m map[string]any, k string) ([]uint64, error) {
	v, ok := m[k]
	if !ok {
		return nil, metadataErr("failed to deserialize descriptor: missing field `%s`", k)
	}
	arr, ok := untag(v).([]any)
	if !ok {
		return nil, metadataErr("failed to deserialize descriptor: field `%s` must be an array, got %s", k, cborKind(v))
	}
	out := make([]uint64, len(arr))
	for i, e := range arr {
		u, ok := untag(e).(uint64)
		if !ok {
			return nil, metadataErr("failed to deserialize descriptor: %s[%d] must be an unsigned integer, got %s", k, i, cborKind(e))
		}
		out[i] = u
	}
	return out, nil
}

// ToMap returns the flat CBOR map of the descriptor (fixed keys, masks when
// present, params). It fails when a param collides with a fixed key.
func (d *Descriptor) ToMap() (map[string]any, error) {
	shape, strides := nonNilU64(d.Shape), nonNilU64(d.Strides)
	bo := d.ByteOrder
	if bo == 0 {
		bo = NativeOrder
	}
	m := make(map[string]any, 10+len(d.Params))
	var clash []string
	for k, v := range d.Params {
		if fixedDescriptorKeys[k] {
			clash = append(clash, k)
		}
		m[k] = v
	}
	if len(clash) > 0 {
		return nil, metadataErr("descriptor parameter %q collides with a fixed descriptor key", slices.Min(clash))
	}
	m["type"] = d.Type
	m["ndim"] = d.NDim
	m["shape"] = shape
	m["strides"] = strides
	m["dtype"] = d.DType.String()
	m["byte_order"] = bo.String()
	m["encoding"] = d.Encoding
	m["filter"] = d.Filter
	m["compression"] = d.Compression
	if len(d.Masks) > 0 {
		mm := make(map[string]any, len(d.Masks))
		for k, mi := range d.Masks {
			e := map[string]any{"offset": mi.Offset, "length": mi.Length, "method": mi.Method}
			if len(mi.Params) > 0 {
				e["params"] = mi.Params
			}
			mm[k] = e
		}
		m["masks"] = mm
	}
	return m, nil
}

// MarshalCBOR encodes the descriptor canonically.
func (d *Descriptor) MarshalCBOR() ([]byte, error) {
	m, err := d.ToMap()
	if err != nil {
		return nil, err
	}
	return MarshalCanonical(m)
}

// validateForEncode applies the encoder's structural checks of a
// descriptor (docs/metadata.md, "Descriptor").
func (d *Descriptor) validateForEncode() error {
	if d.Type == "" {
		return metadataErr("descriptor type must not be empty")
	}
	if d.DType == DTypeInvalid || d.DType.String() == "" {
		return metadataErr("descriptor dtype is not set")
	}
	if d.NDim != uint64(len(d.Shape)) {
		return metadataErr("ndim %d does not match shape length %d", d.NDim, len(d.Shape))
	}
	if len(d.Strides) != len(d.Shape) {
		return metadataErr("strides length %d does not match shape length %d", len(d.Strides), len(d.Shape))
	}
	if _, err := d.DecodedSize(); err != nil {
		return err
	}
	if d.ByteOrder != BigEndian && d.ByteOrder != LittleEndian {
		return metadataErr("descriptor byte_order is not set")
	}
	return nil
}
