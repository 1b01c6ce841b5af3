package pyapi

import (
	"encoding/binary"
	"errors"
	"math"
)

// errCBOR reports a metadata item this package cannot walk (truncated,
// malformed or nested too deep); callers pass CBOR that core has parsed.
var errCBOR = errors.New("pyapi: malformed CBOR in metadata")

// maxDepth bounds the nesting walked (the Python extension's decoder stops
// at 256 levels).
const maxDepth = 300

// item is the byte range [start, end) of one CBOR data item.
type item struct{ start, end int }

// head reads the initial byte and argument of the item at pos: major type,
// argument, whether the length is indefinite, and the position after the
// head.
func head(b []byte, pos int) (major byte, arg uint64, indef bool, next int, err error) {
	if pos >= len(b) {
		return 0, 0, false, 0, errCBOR
	}
	ib := b[pos]
	major, info := ib>>5, ib&0x1f
	p := pos + 1
	switch {
	case info < 24:
		return major, uint64(info), false, p, nil
	case info == 31:
		return major, 0, true, p, nil
	case info > 27:
		return 0, 0, false, 0, errCBOR
	}
	n := 1 << (info - 24)
	if n > len(b)-p {
		return 0, 0, false, 0, errCBOR
	}
	switch n {
	case 1:
		arg = uint64(b[p])
	case 2:
		arg = uint64(binary.BigEndian.Uint16(b[p:]))
	case 4:
		arg = uint64(binary.BigEndian.Uint32(b[p:]))
	default:
		arg = binary.BigEndian.Uint64(b[p:])
	}
	return major, arg, false, p + n, nil
}

// skip returns the end of the item at pos.
func skip(b []byte, pos, depth int) (int, error) {
	if depth > maxDepth {
		return 0, errCBOR
	}
	major, arg, indef, p, err := head(b, pos)
	if err != nil {
		return 0, err
	}
	switch major {
	case 2, 3:
		if indef {
			return skipUntilBreak(b, p, depth, 1)
		}
		if arg > uint64(len(b)-p) {
			return 0, errCBOR
		}
		return p + int(arg), nil
	case 4, 5:
		per := 1
		if major == 5 {
			per = 2
		}
		if indef {
			return skipUntilBreak(b, p, depth, per)
		}
		if arg > uint64(len(b)-p) { // every item takes at least one byte
			return 0, errCBOR
		}
		for i := uint64(0); i < arg*uint64(per); i++ {
			if p, err = skip(b, p, depth+1); err != nil {
				return 0, err
			}
		}
		return p, nil
	case 6:
		return skip(b, p, depth+1)
	}
	return p, nil
}

// skipUntilBreak skips items (per at a time) up to and including the break
// byte 0xff.
func skipUntilBreak(b []byte, p, depth, per int) (int, error) {
	for {
		if p >= len(b) {
			return 0, errCBOR
		}
		if b[p] == 0xff {
			return p + 1, nil
		}
		var err error
		for k := 0; k < per; k++ {
			if p, err = skip(b, p, depth+1); err != nil {
				return 0, err
			}
		}
	}
}

// untagged returns the position of the first item under any tags at pos.
func untagged(b []byte, pos int) (int, error) {
	for {
		major, _, _, p, err := head(b, pos)
		if err != nil {
			return 0, err
		}
		if major != 6 {
			return pos, nil
		}
		pos = p
	}
}

// entry is one key/value pair of a CBOR map, with the key as the Python
// extension's decoder sees it (for ordering and de-duplication).
type entry struct {
	key, val item
	k        pyKey
}

// members calls visit with the position of each member of the container
// at pos (tags skipped) and returns whether it is of major type want (4 an
// array, 5 a map) and where it ends. visit returns where the member ends
// (for a map: the key and its value).
func members(b []byte, pos int, want byte, visit func(p int) (int, error)) (ok bool, end int, err error) {
	if pos, err = untagged(b, pos); err != nil {
		return false, 0, err
	}
	major, n, indef, p, err := head(b, pos)
	if err != nil || major != want {
		return false, 0, err
	}
	if !indef && n > uint64(len(b)-p) { // every member takes a byte at least
		return false, 0, errCBOR
	}
	for i := uint64(0); indef || i < n; i++ {
		if indef {
			if p >= len(b) {
				return false, 0, errCBOR
			}
			if b[p] == 0xff {
				return true, p + 1, nil
			}
		}
		if p, err = visit(p); err != nil {
			return false, 0, err
		}
	}
	return true, p, nil
}

// mapEntries lists the pairs of the map at pos of src.b (tags on the map
// skipped), appending to es; ok is false when the item is not a map.
func (src *keySrc) mapEntries(es []entry, pos, depth int) ([]entry, bool, error) {
	ok, _, err := members(src.b, pos, 5, func(p int) (int, error) {
		ke, err := skip(src.b, p, depth+1)
		if err != nil {
			return 0, err
		}
		ve, err := skip(src.b, ke, depth+1)
		if err != nil {
			return 0, err
		}
		es = append(es, entry{key: item{p, ke}, val: item{ke, ve}, k: src.keyOf(p)})
		return ve, nil
	})
	if !ok || err != nil {
		return nil, false, err
	}
	return es, true, nil
}

// arrayItems lists the elements of the array at pos (tags skipped); ok is
// false when the item is not an array.
func arrayItems(b []byte, pos, depth int) ([]item, bool, error) {
	var its []item
	ok, _, err := members(b, pos, 4, func(p int) (int, error) {
		e, err := skip(b, p, depth+1)
		if err != nil {
			return 0, err
		}
		its = append(its, item{p, e})
		return e, nil
	})
	if !ok || err != nil {
		return nil, false, err
	}
	return its, true, nil
}

// halfFloat widens an IEEE 754 binary16 value.
func halfFloat(h uint16) float64 {
	exp, mant := int(h>>10)&0x1f, float64(h&0x3ff)
	var v float64
	switch exp {
	case 0:
		v = math.Ldexp(mant, -24)
	case 31:
		v = math.Inf(1)
		if mant != 0 {
			v = math.NaN()
		}
	default:
		v = math.Ldexp(mant+1024, exp-25)
	}
	if h&0x8000 != 0 {
		v = -v
	}
	return v
}
