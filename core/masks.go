package core

import (
	"github.com/tensogram-go/tensogram-go/core/codec/mask"
)

// maxMaskElements bounds the element count of a masked object whose
// decoded size cannot be checked against its payload before the masks are
// decoded (2^34 elements = 2 GiB per packed mask).
const maxMaskElements = 1 << 34

// MaskBits decodes the packed bits (MSB-first, ceil(N/8) bytes) of every
// mask the object carries, keyed by kind.
func (o *ObjectView) MaskBits() (map[string][]byte, error) {
	d := o.Descriptor
	if len(d.Masks) == 0 {
		return map[string][]byte{}, nil
	}
	n, err := d.NumElements()
	if err != nil {
		return nil, err
	}
	// Every mask allocates ceil(N/8) bytes whatever its blob size, so N is
	// bounded first: by the payload for raw pipelines (size gate), by
	// maxMaskElements otherwise.
	if err := o.Precheck(); err != nil {
		return nil, err
	}
	if n > maxMaskElements {
		return nil, encodingErr("masks of %d elements exceed the limit of %d", n, uint64(maxMaskElements))
	}
	out := make(map[string][]byte, len(d.Masks))
	for _, kind := range maskKinds {
		mi, ok := d.Masks[kind]
		if !ok {
			continue
		}
		codec, err := lookupMaskCodec(mi.Method)
		if err != nil {
			return nil, err
		}
		start := mi.Offset - o.MaskBase
		if mi.Offset < o.MaskBase || start > uint64(len(o.MaskRegion)) || mi.Length > uint64(len(o.MaskRegion))-start {
			return nil, framingErr("mask %s slice [%d, +%d) exceeds the mask region (%d bytes)", kind, start, mi.Length, len(o.MaskRegion))
		}
		blob := o.MaskRegion[start : start+mi.Length]
		bits, err := codec.DecodeMask(blob, n, mi.Params)
		if err != nil {
			return nil, err
		}
		if uint64(len(bits)) < n/8+boolU64(n%8 != 0) {
			return nil, encodingErr("mask %s decodes to %d bytes, need %d bits", kind, len(bits), n)
		}
		out[kind] = bits
	}
	return out, nil
}

// Masks returns the decoded masks as one bool per element, keyed by kind
// (upstream decode_with_masks); empty when the object has none.
func (o *ObjectView) Masks() (map[string][]bool, error) {
	bits, err := o.MaskBits()
	if err != nil {
		return nil, err
	}
	n, _ := o.Descriptor.NumElements()
	out := make(map[string][]bool, len(bits))
	for k, b := range bits {
		if n > uint64(len(b))*8 {
			return nil, encodingErr("mask %s too short", k)
		}
		bs := make([]bool, n)
		for i := range bs {
			bs[i] = b[i>>3]&(0x80>>(i&7)) != 0
		}
		out[k] = bs
	}
	return out, nil
}

// maskDType maps a float dtype to package mask's dtype (ok false for
// dtypes masks never apply to).
func maskDType(d DType) (mask.DType, bool) {
	return mask.ParseDType(d.String())
}

// restoreNonFinite writes canonical NaN/Inf patterns at masked positions of
// dst, which holds elements [first, first+len(dst)/elemSize) in byte order
// (package mask does the restoration; docs/codecs.md, "NaN and Inf masks").
func (o *ObjectView) restoreNonFinite(dst []byte, order ByteOrder, first uint64) error {
	d := o.Descriptor
	if d.DType == Bitmask {
		return encodingErr("NaN/Inf masks are not allowed on a bitmask dtype")
	}
	md, ok := maskDType(d.DType)
	if !ok {
		return nil
	}
	bits, err := o.MaskBits()
	if err != nil {
		return err
	}
	n, err := d.NumElements()
	if err != nil || n > uint64(maxInt) || first > n {
		return encodingErr("mask restoration: element range out of bounds")
	}
	var m mask.Masks
	for kind, b := range bits {
		k, ok := mask.ParseKind(kind)
		if !ok {
			continue
		}
		m[k] = &mask.Bitmap{N: int(n), Packed: b[:mask.PackedLen(int(n))]}
	}
	if m.Empty() {
		return nil
	}
	if err := mask.RestoreRange(dst, md, order == BigEndian, int(first), m); err != nil {
		return wrapEncodingErr(err, "mask restoration: %v", err)
	}
	return nil
}

// substituteNonFinite applies the encode NaN/Inf policy (docs/codecs.md,
// "NaN and Inf masks") with package mask. It returns data unchanged (same
// slice) when no element is non-finite; otherwise a copy with the offending
// elements zeroed plus packed masks keyed by kind.
func substituteNonFinite(data []byte, d DType, order ByteOrder, allowNaN, allowInf bool) ([]byte, map[string][]byte, error) {
	md, ok := maskDType(d)
	if !ok {
		return data, nil, nil
	}
	// Fast path: a word-wise exponent scan finds no non-finite value (the
	// common case), so there is nothing to substitute.
	if len(data)%d.Size() == 0 && firstNonFinite(data, d, order) < 0 {
		return data, nil, nil
	}
	out, m, err := mask.Substitute(data, md, order == BigEndian, mask.Policy{AllowNaN: allowNaN, AllowInf: allowInf})
	if err != nil {
		return nil, nil, wrapEncodingErr(err, "%v", err)
	}
	if m.Empty() {
		return data, nil, nil
	}
	masks := make(map[string][]byte, 3)
	for k, b := range m {
		if b != nil {
			masks[mask.Kind(k).String()] = b.Packed
		}
	}
	return out, masks, nil
}
