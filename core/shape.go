package core

import "strconv"

// Shape helpers: the text form of shapes, empty lists for nil ones. The
// strides are computed in descriptor.go (COrderStrides,
// CheckedCOrderStrides).

// nonNilU64 returns s, or an empty slice for nil (CBOR writes [] instead of
// null).
func nonNilU64(s []uint64) []uint64 {
	if s == nil {
		return []uint64{}
	}
	return s
}

// FormatShape renders a shape the way upstream's messages do: "[2, 3, 4]",
// "[]" for a scalar; core/pyapi uses it to word errors like upstream.
func FormatShape(shape []uint64) string {
	b := make([]byte, 0, 2+len(shape)*4)
	b = append(b, '[')
	for i, s := range shape {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = strconv.AppendUint(b, s, 10)
	}
	return string(append(b, ']'))
}
