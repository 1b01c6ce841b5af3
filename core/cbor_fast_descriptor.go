package core

// fastDescriptor reads a descriptor in the shape encoders write (a
// definite-length map with text keys, each key once, untagged fixed fields
// of the right types, known dtype and byte order, no masks) straight into
// the struct; codec parameters and unknown keys are decoded with the
// generic CBOR decoder, as the generic path does. Any other shape returns
// ok=false and ParseDescriptor takes the generic path, which also produces
// every error. For accepted input both paths give equal descriptors
// (TestDescriptorFastPathMatchesGeneric, FuzzDescriptor). n is the
// length of the CBOR item.
func fastDescriptor(data []byte) (d *Descriptor, n int, ok bool) {
	dec := cborDecoder{b: data}
	entries, ok := dec.fastMap()
	if !ok {
		return nil, 0, false
	}
	d = &Descriptor{ByteOrder: NativeOrder}
	const (
		fType = 1 << iota
		fNDim
		fShape
		fStrides
		fDType
		fByteOrder
		fEncoding
		fFilter
		fCompression
		required = fType | fNDim | fShape | fStrides | fDType | fEncoding | fFilter | fCompression
	)
	seen := 0
	text := func(dst *string) bool {
		s, ok := dec.fastText()
		if !ok {
			return false
		}
		if v, in := internedText[string(s)]; in {
			*dst = v.(string)
		} else {
			*dst = string(s)
		}
		return true
	}
	for i := 0; i < entries; i++ {
		k, ok := dec.fastText()
		if !ok {
			return nil, 0, false
		}
		var bit int
		switch string(k) {
		case "type":
			bit, ok = fType, text(&d.Type)
		case "ndim":
			major, _, v, err := dec.head()
			bit, ok, d.NDim = fNDim, err == nil && major == 0, v
		case "shape":
			bit = fShape
			d.Shape, ok = dec.fastUintArray()
		case "strides":
			bit = fStrides
			d.Strides, ok = dec.fastUintArray()
		case "dtype":
			var s string
			bit, ok = fDType, text(&s)
			if ok {
				d.DType, ok = ParseDType(s)
			}
		case "byte_order":
			var s string
			bit, ok = fByteOrder, text(&s)
			if ok {
				d.ByteOrder, ok = ParseByteOrder(s)
			}
		case "encoding":
			bit, ok = fEncoding, text(&d.Encoding)
		case "filter":
			bit, ok = fFilter, text(&d.Filter)
		case "compression":
			bit, ok = fCompression, text(&d.Compression)
		case "masks":
			return nil, 0, false
		default:
			key := string(k)
			if v, in := internedText[key]; in {
				key = v.(string)
			}
			if _, dup := d.Params[key]; dup {
				return nil, 0, false
			}
			v, err := dec.value(1)
			if err != nil {
				return nil, 0, false
			}
			if d.Params == nil {
				d.Params = make(map[string]any)
			}
			d.Params[key] = v
			continue
		}
		if !ok || seen&bit != 0 {
			return nil, 0, false
		}
		seen |= bit
	}
	if seen&required != required {
		return nil, 0, false
	}
	return d, dec.pos, true
}
