package mask

import "encoding/binary"

// Policy selects which non-finite kinds are substituted (true) rather than
// rejected (false, upstream's default for both).
type Policy struct {
	AllowNaN bool
	AllowInf bool
}

func (p Policy) allows(k Kind) bool {
	if k == NaN {
		return p.AllowNaN
	}
	return p.AllowInf
}

// Substitute scans data — len(data)/width elements of dt in the given byte
// order — for NaN and ±Inf. A kind the policy forbids yields a
// *NonFiniteError for the first offending element. Allowed kinds are
// recorded in that kind's bitmap and the element is overwritten with zero
// bytes (+0.0, both components for complex). Complex elements are
// classified once: NaN in either component, else +Inf in either, else −Inf.
//
// When nothing was substituted, out is data itself (not a copy) and m is
// empty; otherwise out is a modified copy and data is left untouched.
func Substitute(data []byte, dt DType, bigEndian bool, p Policy) (out []byte, m Masks, err error) {
	w := dt.Width()
	if w == 0 {
		return nil, m, ErrDType
	}
	if len(data)%w != 0 {
		return nil, m, sizeErr("data length %d is not a multiple of the %s element size %d", len(data), dt, w)
	}
	f, comps := dt.component()
	s := scanner{data: data, dt: dt, f: f, comps: comps, policy: p}
	switch {
	case f.width == 8 && bigEndian:
		err = scan(&s, be64{})
	case f.width == 8:
		err = scan(&s, le64{})
	case f.width == 4 && bigEndian:
		err = scan(&s, be32{})
	case f.width == 4:
		err = scan(&s, le32{})
	case bigEndian:
		err = scan(&s, be16{})
	default:
		err = scan(&s, le16{})
	}
	if err != nil {
		return nil, Masks{}, err
	}
	if s.out == nil {
		return data, Masks{}, nil
	}
	return s.out, s.masks, nil
}

type scanner struct {
	data   []byte
	dt     DType
	f      format
	comps  int
	policy Policy
	out    []byte
	masks  Masks
}

type loader interface{ load(b []byte) uint64 }

type le16 struct{}
type be16 struct{}
type le32 struct{}
type be32 struct{}
type le64 struct{}
type be64 struct{}

func (le16) load(b []byte) uint64 { return uint64(binary.LittleEndian.Uint16(b)) }
func (be16) load(b []byte) uint64 { return uint64(binary.BigEndian.Uint16(b)) }
func (le32) load(b []byte) uint64 { return uint64(binary.LittleEndian.Uint32(b)) }
func (be32) load(b []byte) uint64 { return uint64(binary.BigEndian.Uint32(b)) }
func (le64) load(b []byte) uint64 { return binary.LittleEndian.Uint64(b) }
func (be64) load(b []byte) uint64 { return binary.BigEndian.Uint64(b) }

func scan[L loader](s *scanner, l L) error {
	cw := s.f.width
	exp := s.f.exp
	data := s.data
	if s.comps == 1 {
		n := len(data) / cw
		for i := 0; i < n; i++ {
			v := l.load(data[i*cw:])
			if v&exp != exp {
				continue
			}
			if err := s.hit(i, s.f.classify(v), ""); err != nil {
				return err
			}
		}
		return nil
	}
	ew := 2 * cw
	n := len(data) / ew
	for i := 0; i < n; i++ {
		re := l.load(data[i*ew:])
		im := l.load(data[i*ew+cw:])
		if re&exp != exp && im&exp != exp {
			continue
		}
		kr, ki := s.f.classify(re), s.f.classify(im)
		var err error
		switch {
		case kr == NaN:
			err = s.hit(i, NaN, "real")
		case ki == NaN:
			err = s.hit(i, NaN, "imaginary")
		case kr == PosInf:
			err = s.hit(i, PosInf, "real")
		case ki == PosInf:
			err = s.hit(i, PosInf, "imaginary")
		case kr == NegInf:
			err = s.hit(i, NegInf, "real")
		default:
			err = s.hit(i, NegInf, "imaginary")
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// hit records (or rejects) non-finite element i of kind k.
func (s *scanner) hit(i int, k Kind, component string) error {
	if !s.policy.allows(k) {
		return &NonFiniteError{Kind: k, Index: i, DType: s.dt, Component: component}
	}
	if s.out == nil {
		s.out = append([]byte(nil), s.data...)
	}
	if s.masks[k] == nil {
		s.masks[k] = NewBitmap(len(s.data) / s.dt.Width())
	}
	s.masks[k].Set(i)
	w := s.dt.Width()
	clear(s.out[i*w : (i+1)*w])
	return nil
}
