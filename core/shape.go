package core

// Shape helpers: strides and the text form of shapes.

import (
	"math/bits"
	"strconv"
)

// COrderStrides returns the row-major element strides of shape.
func COrderStrides(shape []uint64) []uint64 {
	s := make([]uint64, len(shape))
	acc := uint64(1)
	for i := len(shape) - 1; i >= 0; i-- {
		s[i] = acc
		acc *= shape[i]
	}
	return s
}

// nonNilU64 returns s, or an empty slice for nil (CBOR writes [] instead of
// null).
func nonNilU64(s []uint64) []uint64 {
	if s == nil {
		return []uint64{}
	}
	return s
}

// CheckedCOrderStrides returns the row-major element strides of shape like
// COrderStrides, or ok=false when a stride does not fit in a uint64 (the
// product of the dimensions after the first overflows). A zero dimension
// makes every stride before it zero.
func CheckedCOrderStrides(shape []uint64) (strides []uint64, ok bool) {
	s := make([]uint64, len(shape))
	acc := uint64(1)
	for i := len(shape) - 1; i >= 0; i-- {
		s[i] = acc
		if i > 0 {
			hi, lo := bits.Mul64(acc, shape[i])
			if hi != 0 {
				return nil, false
			}
			acc = lo
		}
	}
	return s, true
}

// FormatShape renders a shape the way upstream's messages do: "[2, 3, 4]",
// "[]" for a scalar.
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
