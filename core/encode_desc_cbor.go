package core

import "unicode/utf8"

// descriptorCBOR returns the canonical CBOR of the descriptor d to write
// into a data frame: the bytes of d.MarshalCBOR(), written directly (no
// map, no reflective encoder) in the common case of a descriptor without
// codec parameters or masks, and by d.MarshalCBOR() otherwise.
func descriptorCBOR(d *Descriptor) ([]byte, error) {
	bo := d.ByteOrder
	if bo == 0 {
		bo = NativeOrder
	}
	texts := [...]string{d.Type, d.DType.String(), d.Filter, d.Encoding, bo.String(), d.Compression}
	for _, s := range texts {
		if !utf8.ValidString(s) {
			return d.MarshalCBOR()
		}
	}
	if len(d.Params) > 0 || len(d.Masks) > 0 {
		return d.MarshalCBOR()
	}
	b := make([]byte, 0, 128+9*(len(d.Shape)+len(d.Strides)))
	// Canonical key order: shorter keys first, equal lengths by their text.
	b = cborAppendHead(b, 5, 9)
	b = cborAppendHead(cborAppendText(b, "ndim"), 0, d.NDim)
	b = cborAppendText(cborAppendText(b, "type"), texts[0])
	b = cborAppendText(cborAppendText(b, "dtype"), texts[1])
	b = cborAppendUints(cborAppendText(b, "shape"), d.Shape)
	b = cborAppendText(cborAppendText(b, "filter"), texts[2])
	b = cborAppendUints(cborAppendText(b, "strides"), d.Strides)
	b = cborAppendText(cborAppendText(b, "encoding"), texts[3])
	b = cborAppendText(cborAppendText(b, "byte_order"), texts[4])
	return cborAppendText(cborAppendText(b, "compression"), texts[5]), nil
}
