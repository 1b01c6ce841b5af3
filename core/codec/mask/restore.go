package mask

// Restore writes the canonical NaN / +Inf / −Inf bit pattern of dt (in the
// given byte order) at every position marked in m. data must hold exactly
// N elements of dt, where N is the bitmaps' element count.
//
//	float16 7E00/7C00/FC00, bfloat16 7FC0/7F80/FF80,
//	float32 7FC00000/7F800000/FF800000,
//	float64 7FF8…/7FF0…/FFF0…; complex: the pattern in both components.
func Restore(data []byte, dt DType, bigEndian bool, m Masks) error {
	return RestoreRange(data, dt, bigEndian, 0, m)
}

// RestoreRange is Restore for a slice of elements: data holds elements
// [start, start+len(data)/width) of the full array the masks describe.
func RestoreRange(data []byte, dt DType, bigEndian bool, start int, m Masks) error {
	w := dt.Width()
	if w == 0 {
		return ErrDType
	}
	if len(data)%w != 0 {
		return sizeErr("data length %d is not a multiple of the %s element size %d", len(data), dt, w)
	}
	count := len(data) / w
	f, comps := dt.component()
	for k := NaN; k <= NegInf; k++ {
		b := m[k]
		if b == nil {
			continue
		}
		if start < 0 || start > b.N || count > b.N-start {
			return sizeErr("elements [%d, %d) outside the %d-element %s mask", start, start+count, b.N, k)
		}
		pat := f.pattern(k)
		for i := start; i < start+count; i++ {
			if b.Packed[i>>3] == 0 {
				i |= 7 // skip the rest of an empty byte
				continue
			}
			if !b.Get(i) {
				continue
			}
			e := data[(i-start)*w:]
			for c := 0; c < comps; c++ {
				store(e[c*f.width:], f.width, bigEndian, pat)
			}
		}
	}
	return nil
}
