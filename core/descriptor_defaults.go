package core

// needsDefaults reports whether any field of d is left at a zero value that
// WithDefaults fills.
func (d *Descriptor) needsDefaults() bool {
	return (d.NDim == 0 && len(d.Shape) > 0) || (d.Strides == nil && len(d.Shape) > 0) ||
		d.ByteOrder == 0 || d.Encoding == "" || d.Filter == "" || d.Compression == ""
}

// WithDefaults returns d with the fields that follow from Shape, or have an
// obvious default, filled in where they are left at their zero value:
//
//	NDim         0 with a non-empty Shape  → len(Shape)
//	Strides      nil with a non-empty Shape → row-major (C-order) strides
//	ByteOrder    0                         → NativeOrder
//	Encoding     ""                        → "none"
//	Filter       ""                        → "none"
//	Compression  ""                        → "none"
//
// Fields the caller set are kept as they are; Encode checks them against
// Shape. A descriptor literal therefore needs only Type, Shape and DType,
// and encodes to the same bytes as the same descriptor with every field set
// explicitly. When nothing is missing WithDefaults returns d itself;
// otherwise it returns a modified copy (d is not changed; Shape, Params and
// Masks are shared with d).
func (d *Descriptor) WithDefaults() *Descriptor {
	if !d.needsDefaults() {
		return d
	}
	c := *d
	if c.NDim == 0 {
		c.NDim = uint64(len(c.Shape))
	}
	if c.Strides == nil && len(c.Shape) > 0 {
		c.Strides = COrderStrides(c.Shape)
	}
	if c.ByteOrder == 0 {
		c.ByteOrder = NativeOrder
	}
	c.Encoding = orNone(c.Encoding)
	c.Filter = orNone(c.Filter)
	c.Compression = orNone(c.Compression)
	return &c
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
