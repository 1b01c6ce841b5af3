package mask

// Kind is a non-finite value class. NaN, PosInf and NegInf index Masks.
type Kind int

// Kinds, in the order their blobs are laid out.
const (
	NaN Kind = iota
	PosInf
	NegInf
	// Finite is the classification of ordinary values.
	Finite Kind = -1
)

// String returns the descriptor key of the kind: "nan", "inf+", "inf-".
func (k Kind) String() string {
	switch k {
	case NaN:
		return "nan"
	case PosInf:
		return "inf+"
	case NegInf:
		return "inf-"
	}
	return "finite"
}

// ParseKind maps a descriptor key ("nan", "inf+", "inf-") to a Kind.
func ParseKind(s string) (Kind, bool) {
	switch s {
	case "nan":
		return NaN, true
	case "inf+":
		return PosInf, true
	case "inf-":
		return NegInf, true
	}
	return 0, false
}

// Bitmap is a packed MSB-first set of element positions out of N.
type Bitmap struct {
	N      int
	Packed []byte // ceil(N/8) bytes
}

// NewBitmap returns an empty bitmap for n elements.
func NewBitmap(n int) *Bitmap {
	return &Bitmap{N: n, Packed: make([]byte, PackedLen(n))}
}

// PackedLen returns ceil(n/8).
func PackedLen(n int) int { return n/8 + boolInt(n%8 != 0) }

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Set marks element i.
func (b *Bitmap) Set(i int) { b.Packed[i>>3] |= 0x80 >> uint(i&7) }

// Get reports whether element i is marked.
func (b *Bitmap) Get(i int) bool { return b.Packed[i>>3]&(0x80>>uint(i&7)) != 0 }

// Count returns the number of marked elements.
func (b *Bitmap) Count() int {
	c := 0
	for _, v := range b.Packed {
		for ; v != 0; v &= v - 1 {
			c++
		}
	}
	return c
}

// Masks holds the bitmap of each kind (nil when the kind never occurs),
// indexed by NaN, PosInf, NegInf.
type Masks [3]*Bitmap

// Empty reports whether no kind is present.
func (m Masks) Empty() bool { return m[0] == nil && m[1] == nil && m[2] == nil }
