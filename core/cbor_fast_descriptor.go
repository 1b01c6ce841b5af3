package core

import "unicode/utf8"

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
	seen := 0
	for i := 0; i < entries; i++ {
		k, ok := dec.fastRawText() // a fixed field's name is valid UTF-8
		if !ok {
			return nil, 0, false
		}
		bit, known, ok := dec.fastDescriptorField(d, k)
		if !known {
			ok = utf8.Valid(k) && dec.fastParam(d, k)
		} else if seen&bit != 0 {
			ok = false
		}
		if !ok {
			return nil, 0, false
		}
		seen |= bit
	}
	if seen&fdRequired != fdRequired {
		return nil, 0, false
	}
	return d, dec.pos, true
}

// Bits of the fixed descriptor fields fastDescriptor has seen.
const (
	fdType = 1 << iota
	fdNDim
	fdShape
	fdStrides
	fdDType
	fdByteOrder
	fdEncoding
	fdFilter
	fdCompression
	fdRequired = fdType | fdNDim | fdShape | fdStrides | fdDType | fdEncoding | fdFilter | fdCompression
)

// fastDescriptorField reads the value of fixed field key into d; known is
// false for a key that is not a fixed field (a codec parameter), ok false
// for a value of another shape ("masks" always: the generic path reads it).
func (dec *cborDecoder) fastDescriptorField(d *Descriptor, key []byte) (bit int, known, ok bool) {
	if text, bit := d.textField(key); text != nil {
		*text, ok = dec.fastInternedText()
		return bit, true, ok
	}
	switch string(key) {
	case "ndim":
		major, _, v, err := dec.head()
		d.NDim = v
		return fdNDim, true, err == nil && major == 0
	case "shape":
		d.Shape, ok = dec.fastUintArray()
		return fdShape, true, ok
	case "strides":
		d.Strides, ok = dec.fastUintArray()
		return fdStrides, true, ok
	case "dtype":
		s, _ := dec.fastInternedText() // "" when not a text: no dtype
		d.DType, ok = ParseDType(s)
		return fdDType, true, ok
	case "byte_order":
		s, _ := dec.fastInternedText() // "" when not a text: no byte order
		d.ByteOrder, ok = ParseByteOrder(s)
		return fdByteOrder, true, ok
	case "masks":
		return 0, true, false
	}
	return 0, false, false
}

// textField returns the text field of d named key (type and the three
// pipeline stage names) with its bit, or nil.
func (d *Descriptor) textField(key []byte) (*string, int) {
	switch string(key) {
	case "type":
		return &d.Type, fdType
	case "encoding":
		return &d.Encoding, fdEncoding
	case "filter":
		return &d.Filter, fdFilter
	case "compression":
		return &d.Compression, fdCompression
	}
	return nil, 0
}

// fastParam reads a codec parameter (any value, generic decoder) into
// d.Params; false for a repeated key or a decoding error.
func (dec *cborDecoder) fastParam(d *Descriptor, k []byte) bool {
	key := string(k)
	if v, in := internedText[key]; in {
		key = v.(string)
	}
	if _, dup := d.Params[key]; dup {
		return false
	}
	v, err := dec.value(1)
	if err != nil {
		return false
	}
	if d.Params == nil {
		d.Params = make(map[string]any)
	}
	d.Params[key] = v
	return true
}
