package core

import (
	"encoding/binary"
	"math"
)

// nonFinitePattern returns the canonical bit pattern of a mask kind for one
// float component of dtype d, and the component width in bytes.
func nonFinitePattern(d DType, kind string) (uint64, int) {
	idx := map[string]int{MaskNaN: 0, MaskPosInf: 1, MaskNegInf: 2}[kind]
	switch d {
	case Float16:
		return [3]uint64{0x7E00, 0x7C00, 0xFC00}[idx], 2
	case BFloat16:
		return [3]uint64{0x7FC0, 0x7F80, 0xFF80}[idx], 2
	case Float32, Complex64:
		return [3]uint64{0x7FC00000, 0x7F800000, 0xFF800000}[idx], 4
	case Float64, Complex128:
		return [3]uint64{0x7FF8000000000000, 0x7FF0000000000000, 0xFFF0000000000000}[idx], 8
	}
	return 0, 0
}

func putUint(b []byte, v uint64, w int, o ByteOrder) {
	var bo binary.ByteOrder = binary.BigEndian
	if o == LittleEndian {
		bo = binary.LittleEndian
	}
	switch w {
	case 2:
		bo.PutUint16(b, uint16(v))
	case 4:
		bo.PutUint32(b, uint32(v))
	case 8:
		bo.PutUint64(b, v)
	}
}

func getUint(b []byte, w int, o ByteOrder) uint64 {
	var bo binary.ByteOrder = binary.BigEndian
	if o == LittleEndian {
		bo = binary.LittleEndian
	}
	switch w {
	case 2:
		return uint64(bo.Uint16(b))
	case 4:
		return uint64(bo.Uint32(b))
	case 8:
		return bo.Uint64(b)
	}
	return 0
}

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

// restoreNonFinite writes canonical NaN/Inf patterns at masked positions of
// dst, which holds elements [first, first+len(dst)/elemSize) in byte order.
func (o *ObjectView) restoreNonFinite(dst []byte, order ByteOrder, first uint64) error {
	d := o.Descriptor
	if d.DType == Bitmask {
		return encodingErr("NaN/Inf masks are not allowed on a bitmask dtype")
	}
	if !d.DType.IsFloat() {
		return nil
	}
	bits, err := o.MaskBits()
	if err != nil {
		return err
	}
	es := uint64(d.DType.Size())
	count := uint64(len(dst)) / es
	for _, kind := range maskKinds {
		b, ok := bits[kind]
		if !ok {
			continue
		}
		pat, w := nonFinitePattern(d.DType, kind)
		for i := uint64(0); i < count; i++ {
			e := first + i
			if b[e>>3]&(0x80>>(e&7)) == 0 {
				continue
			}
			for c := uint64(0); c < es; c += uint64(w) {
				putUint(dst[i*es+c:], pat, w, order)
			}
		}
	}
	return nil
}

// classify returns "", MaskNaN, MaskPosInf or MaskNegInf for one element.
func classifyElement(b []byte, d DType, order ByteOrder) string {
	w := d.Size()
	comp := 1
	if d == Complex64 || d == Complex128 {
		w /= 2
		comp = 2
	}
	kind := ""
	for c := 0; c < comp; c++ {
		v := getUint(b[c*w:], w, order)
		var k string
		switch d {
		case Float16:
			k = classBits(v, 0x7C00, 0x03FF, 0x8000)
		case BFloat16:
			k = classBits(v, 0x7F80, 0x007F, 0x8000)
		case Float32, Complex64:
			f := math.Float32frombits(uint32(v))
			k = classF64(float64(f))
		default:
			k = classF64(math.Float64frombits(v))
		}
		if k == MaskNaN {
			return MaskNaN
		}
		if k == MaskPosInf || (k == MaskNegInf && kind == "") {
			if kind != MaskPosInf {
				kind = k
			}
		}
	}
	return kind
}

func classBits(v, exp, mant, sign uint64) string {
	if v&exp != exp {
		return ""
	}
	if v&mant != 0 {
		return MaskNaN
	}
	if v&sign != 0 {
		return MaskNegInf
	}
	return MaskPosInf
}

func classF64(f float64) string {
	switch {
	case math.IsNaN(f):
		return MaskNaN
	case math.IsInf(f, 1):
		return MaskPosInf
	case math.IsInf(f, -1):
		return MaskNegInf
	}
	return ""
}

// substituteNonFinite applies the encode NaN/Inf policy (metadata.md §4.1).
// It returns data unchanged (same slice) when no element is non-finite;
// otherwise a copy with the offending elements zeroed plus packed masks.
func substituteNonFinite(data []byte, d DType, order ByteOrder, allowNaN, allowInf bool) ([]byte, map[string][]byte, error) {
	if !d.IsFloat() {
		return data, nil, nil
	}
	first := firstNonFinite(data, d, order)
	if first < 0 {
		return data, nil, nil
	}
	es := d.Size()
	n := len(data) / es
	var out []byte
	var masks map[string][]byte
	for i := first; i < n; i++ {
		el := data[i*es : (i+1)*es]
		k := classifyElement(el, d, order)
		if k == "" {
			continue
		}
		if k == MaskNaN && !allowNaN {
			return nil, nil, encodingErr("strict-NaN check: NaN at element %d of %s array; pass allow_nan=true to substitute with 0.0 and record positions in a mask", i, d)
		}
		if k != MaskNaN && !allowInf {
			sign := "+Inf"
			if k == MaskNegInf {
				sign = "-Inf"
			}
			return nil, nil, encodingErr("strict-Inf check: %s at element %d of %s array; pass allow_inf=true to substitute with 0.0 and record positions in a mask", sign, i, d)
		}
		if out == nil {
			out = make([]byte, len(data))
			copy(out, data)
			masks = map[string][]byte{}
		}
		clear(out[i*es : (i+1)*es])
		mb := masks[k]
		if mb == nil {
			mb = make([]byte, (n+7)/8)
			masks[k] = mb
		}
		mb[i>>3] |= 0x80 >> (i & 7)
	}
	if out == nil {
		return data, nil, nil
	}
	return out, masks, nil
}
