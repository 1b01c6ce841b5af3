package core

import "encoding/binary"

// DType is one of the 15 element types of Tensogram v3 (docs/metadata.md, "Dtypes").
type DType uint8

// The 15 dtypes. The zero value is invalid.
const (
	DTypeInvalid DType = iota
	Float16
	BFloat16
	Float32
	Float64
	Complex64
	Complex128
	Int8
	Int16
	Int32
	Int64
	Uint8
	Uint16
	Uint32
	Uint64
	Bitmask
)

var dtypeNames = [...]string{
	"", "float16", "bfloat16", "float32", "float64", "complex64", "complex128",
	"int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "bitmask",
}

var dtypeSizes = [...]int{0, 2, 2, 4, 8, 8, 16, 1, 2, 4, 8, 1, 2, 4, 8, 0}

// AllDTypes lists the 15 dtypes in the order of the DType constants:
// floats, complex, signed then unsigned integers by width, bitmask.
var AllDTypes = []DType{Float16, BFloat16, Float32, Float64, Complex64, Complex128,
	Int8, Int16, Int32, Int64, Uint8, Uint16, Uint32, Uint64, Bitmask}

// String returns the wire name ("float32", …).
func (d DType) String() string {
	if int(d) < len(dtypeNames) {
		return dtypeNames[d]
	}
	return ""
}

// ParseDType maps a wire name (exact, lower case) to a DType.
func ParseDType(name string) (DType, bool) {
	for i := 1; i < len(dtypeNames); i++ {
		if dtypeNames[i] == name {
			return DType(i), true
		}
	}
	return DTypeInvalid, false
}

// Size returns the element size in bytes; 0 for bitmask (1 bit per element).
func (d DType) Size() int {
	if int(d) < len(dtypeSizes) {
		return dtypeSizes[d]
	}
	return 0
}

// SwapUnit returns the byte-swap unit: the element size, except 4 for
// complex64, 8 for complex128 and 0 (no swap) for 1-byte types and bitmask.
func (d DType) SwapUnit() int {
	switch d {
	case Complex64:
		return 4
	case Complex128:
		return 8
	case Int8, Uint8, Bitmask:
		return 0
	}
	return d.Size()
}

// IsFloat reports whether d holds IEEE floats (scanned for NaN/Inf).
func (d DType) IsFloat() bool {
	switch d {
	case Float16, BFloat16, Float32, Float64, Complex64, Complex128:
		return true
	}
	return false
}

// ByteSize returns the payload byte length of n elements of d (bitmask:
// ceil(n/8)); ok is false on overflow.
func (d DType) ByteSize(n uint64) (uint64, bool) {
	if d == Bitmask {
		return n/8 + boolU64(n%8 != 0), true
	}
	s := uint64(d.Size())
	if s == 0 {
		return 0, false
	}
	if n > ^uint64(0)/s {
		return 0, false
	}
	return n * s, true
}

func boolU64(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// ByteOrder is a payload byte order.
type ByteOrder uint8

// Byte orders.
const (
	BigEndian ByteOrder = iota + 1
	LittleEndian
)

// String returns "big" or "little".
func (o ByteOrder) String() string {
	switch o {
	case BigEndian:
		return "big"
	case LittleEndian:
		return "little"
	}
	return ""
}

// NativeOrder is the byte order of the running host.
var NativeOrder = func() ByteOrder {
	var b [2]byte
	binary.NativeEndian.PutUint16(b[:], 1)
	if b[0] == 1 {
		return LittleEndian
	}
	return BigEndian
}()

// ParseByteOrder maps "big"/"little" to a ByteOrder.
func ParseByteOrder(s string) (ByteOrder, bool) {
	switch s {
	case "big":
		return BigEndian, true
	case "little":
		return LittleEndian, true
	}
	return 0, false
}

// copySwap copies src into dst (same length), reversing every unit-byte group
// when unit > 1. unit 0 or 1 is a plain copy.
func copySwap(dst, src []byte, unit int) {
	switch unit {
	case 2:
		n := len(src) &^ 1
		for i := 0; i < n; i += 2 {
			binary.LittleEndian.PutUint16(dst[i:], binary.BigEndian.Uint16(src[i:]))
		}
	case 4:
		n := len(src) &^ 3
		for i := 0; i < n; i += 4 {
			binary.LittleEndian.PutUint32(dst[i:], binary.BigEndian.Uint32(src[i:]))
		}
	case 8:
		n := len(src) &^ 7
		for i := 0; i < n; i += 8 {
			binary.LittleEndian.PutUint64(dst[i:], binary.BigEndian.Uint64(src[i:]))
		}
	default:
		copyCached(dst, src)
	}
}

// swapInPlace reverses every unit-byte group of b.
func swapInPlace(b []byte, unit int) {
	if unit > 1 {
		copySwap(b, b, unit)
	}
}
