package mask

// DType identifies an element type that may carry NaN/Inf values.
type DType int

// The float dtypes masks apply to.
const (
	Float16 DType = iota + 1
	BFloat16
	Float32
	Float64
	Complex64
	Complex128
)

var dtypeNames = [...]string{"", "float16", "bfloat16", "float32", "float64", "complex64", "complex128"}

// String returns the Tensogram dtype name.
func (d DType) String() string {
	if d < Float16 || d > Complex128 {
		return "invalid"
	}
	return dtypeNames[d]
}

// ParseDType maps a Tensogram dtype name to a DType. ok is false for every
// other dtype (integers, bitmask, unknown), which are never scanned.
func ParseDType(name string) (d DType, ok bool) {
	for i := Float16; i <= Complex128; i++ {
		if dtypeNames[i] == name {
			return i, true
		}
	}
	return 0, false
}

// Width returns the element size in bytes.
func (d DType) Width() int {
	switch d {
	case Float16, BFloat16:
		return 2
	case Float32:
		return 4
	case Float64, Complex64:
		return 8
	case Complex128:
		return 16
	}
	return 0
}

// format describes the IEEE-style bit layout of one scalar component.
type format struct {
	width          int    // bytes
	exp, mant      uint64 // exponent and mantissa masks
	sign           uint64
	nan, pinf, neg uint64 // canonical patterns (neg = −Inf)
}

var (
	fmtF16  = format{2, 0x7C00, 0x03FF, 0x8000, 0x7E00, 0x7C00, 0xFC00}
	fmtBF16 = format{2, 0x7F80, 0x007F, 0x8000, 0x7FC0, 0x7F80, 0xFF80}
	fmtF32  = format{4, 0x7F800000, 0x007FFFFF, 0x80000000, 0x7FC00000, 0x7F800000, 0xFF800000}
	fmtF64  = format{8, 0x7FF0000000000000, 0x000FFFFFFFFFFFFF, 1 << 63, 0x7FF8000000000000, 0x7FF0000000000000, 0xFFF0000000000000}
)

// component returns the scalar format and the number of components.
func (d DType) component() (format, int) {
	switch d {
	case Float16:
		return fmtF16, 1
	case BFloat16:
		return fmtBF16, 1
	case Float32:
		return fmtF32, 1
	case Float64:
		return fmtF64, 1
	case Complex64:
		return fmtF32, 2
	case Complex128:
		return fmtF64, 2
	}
	return format{}, 0
}

// classify returns the kind of one component's bits (Finite, NaN, PosInf
// or NegInf).
func (f format) classify(v uint64) Kind {
	if v&f.exp != f.exp {
		return Finite
	}
	if v&f.mant != 0 {
		return NaN
	}
	if v&f.sign != 0 {
		return NegInf
	}
	return PosInf
}

func (f format) pattern(k Kind) uint64 {
	switch k {
	case NaN:
		return f.nan
	case PosInf:
		return f.pinf
	}
	return f.neg
}

func load(b []byte, width int, big bool) uint64 {
	var v uint64
	if big {
		for i := 0; i < width; i++ {
			v = v<<8 | uint64(b[i])
		}
		return v
	}
	for i := width - 1; i >= 0; i-- {
		v = v<<8 | uint64(b[i])
	}
	return v
}

func store(b []byte, width int, big bool, v uint64) {
	if big {
		for i := width - 1; i >= 0; i-- {
			b[i] = byte(v)
			v >>= 8
		}
		return
	}
	for i := 0; i < width; i++ {
		b[i] = byte(v)
		v >>= 8
	}
}

// Components returns the number of scalar components of an element (2 for
// the complex dtypes, else 1) and the width of each in bytes; (0, 0) for
// an invalid dtype.
func (d DType) Components() (n, width int) {
	f, c := d.component()
	return c, f.width
}

// ClassifyComponent returns the kind (Finite, NaN, PosInf or NegInf) of
// one scalar component stored at the start of b in the given byte order:
// a whole element, or one part of a complex element. This and Substitute's
// element classification are the one NaN/Inf classifier of the module.
func (d DType) ClassifyComponent(b []byte, bigEndian bool) Kind {
	f, c := d.component()
	if c == 0 {
		return Finite
	}
	return f.classify(load(b, f.width, bigEndian))
}
