package core

import (
	"errors"
	"math"
	"math/big"
	"unicode/utf8"

	"github.com/fxamacker/cbor/v2"
)

// maxCBORDepth is the nesting limit of upstream's CBOR reader (ciborium):
// deeper items are rejected (docs/format.md, "Canonical CBOR").
const maxCBORDepth = 256

var errCBORTruncated = errors.New("unexpected end of CBOR data")

// RawCBORKey is a map key that is itself an array or map: its canonical
// CBOR encoding kept as a string (Go map keys must be comparable). It
// re-encodes to the same bytes. It appears only in metadata read from
// messages that use such keys; programs printing arbitrary metadata (the
// CLI) handle it, others can ignore it.
type RawCBORKey string

// MarshalCBOR returns the stored encoding.
func (k RawCBORKey) MarshalCBOR() ([]byte, error) { return []byte(k), nil }

// cborDecoder decodes one CBOR item into this package's value model:
//
//	unsigned int → uint64; negative int → int64, or big.Int below -2^63;
//	float (any width) → float64; text → string (UTF-8 checked); bytes → []byte;
//	array → []any; map → map[string]any when every key is text, else
//	map[any]any (byte-string keys as cbor.ByteString, array/map keys as
//	RawCBORKey); true/false → bool; null → nil; undefined →
//	cbor.SimpleValue(23); any tag (including 0–3) → cbor.Tag. Other simple
//	values are rejected, as by upstream's ciborium.
//
// Indefinite lengths, non-shortest heads and duplicate keys (last wins) are
// accepted, like upstream's reader.
type cborDecoder struct {
	b   []byte
	pos int
}

func (d *cborDecoder) head() (major byte, info byte, arg uint64, err error) {
	if d.pos >= len(d.b) {
		return 0, 0, 0, errCBORTruncated
	}
	ib := d.b[d.pos]
	d.pos++
	major, info = ib>>5, ib&0x1f
	var n int
	switch {
	case info < 24:
		return major, info, uint64(info), nil
	case info == 24:
		n = 1
	case info == 25:
		n = 2
	case info == 26:
		n = 4
	case info == 27:
		n = 8
	case info == 31:
		if major == 0 || major == 1 || major == 6 {
			return 0, 0, 0, errors.New("invalid indefinite-length item")
		}
		return major, info, 0, nil
	default:
		return 0, 0, 0, errors.New("invalid CBOR additional information")
	}
	if len(d.b)-d.pos < n {
		return 0, 0, 0, errCBORTruncated
	}
	for i := 0; i < n; i++ {
		arg = arg<<8 | uint64(d.b[d.pos+i])
	}
	d.pos += n
	return major, info, arg, nil
}

func (d *cborDecoder) isBreak() bool {
	if d.pos < len(d.b) && d.b[d.pos] == 0xff {
		d.pos++
		return true
	}
	return false
}

// chunk reads a definite byte/text string payload.
func (d *cborDecoder) chunk(n uint64) ([]byte, error) {
	if n > uint64(len(d.b)-d.pos) {
		return nil, errCBORTruncated
	}
	s := d.b[d.pos : d.pos+int(n)]
	d.pos += int(n)
	return s, nil
}

func (d *cborDecoder) value(depth int) (any, error) {
	if depth > maxCBORDepth {
		return nil, errors.New("CBOR nesting exceeds 256 levels")
	}
	start := d.pos
	major, info, arg, err := d.head()
	if err != nil {
		return nil, err
	}
	switch major {
	case 0:
		return arg, nil
	case 1:
		if arg <= math.MaxInt64 {
			return -1 - int64(arg), nil
		}
		v := new(big.Int).SetUint64(arg)
		v.Add(v, big.NewInt(1))
		return *v.Neg(v), nil
	case 2, 3:
		return d.str(major, info, arg)
	case 4:
		return d.array(info, arg, depth)
	case 5:
		return d.mapItem(info, arg, depth)
	case 6:
		c, err := d.value(depth + 1)
		if err != nil {
			return nil, err
		}
		return cbor.Tag{Number: arg, Content: c}, nil
	default: // 7
		return d.simple(info, arg, start)
	}
}

// str reads the rest of a byte (major 2) or text (major 3) string.
func (d *cborDecoder) str(major, info byte, arg uint64) (any, error) {
	var s []byte
	if info == 31 {
		for !d.isBreak() {
			m, _, n, err := d.head()
			if err != nil {
				return nil, err
			}
			if m != major {
				return nil, errors.New("wrong chunk type in indefinite-length string")
			}
			c, err := d.chunk(n)
			if err != nil {
				return nil, err
			}
			s = append(s, c...)
		}
	} else {
		c, err := d.chunk(arg)
		if err != nil {
			return nil, err
		}
		s = c
	}
	if major == 3 {
		if v, ok := internedText[string(s)]; ok {
			return v, nil // no allocation; valid UTF-8 by construction
		}
		if !utf8.Valid(s) {
			return nil, errors.New("invalid UTF-8 in text string")
		}
		return string(s), nil
	}
	return append([]byte{}, s...), nil
}

// array reads the elements of an array.
func (d *cborDecoder) array(info byte, arg uint64, depth int) (any, error) {
	var arr []any
	if info != 31 {
		// Every element takes at least one byte: never trust a length
		// beyond the bytes left.
		if arg > uint64(len(d.b)-d.pos) {
			return nil, errCBORTruncated
		}
		arr = make([]any, 0, int(arg))
	} else {
		arr = []any{}
	}
	for i := uint64(0); info == 31 || i < arg; i++ {
		if info == 31 && d.isBreak() {
			break
		}
		v, err := d.value(depth + 1)
		if err != nil {
			return nil, err
		}
		arr = append(arr, v)
	}
	return arr, nil
}

// mapItem reads the entries of a map (last duplicate key wins).
func (d *cborDecoder) mapItem(info byte, arg uint64, depth int) (any, error) {
	if info != 31 && arg > uint64(len(d.b)-d.pos)/2 {
		return nil, errCBORTruncated
	}
	keys := make([]any, 0, 4)
	vals := make([]any, 0, 4)
	allText := true
	var boxed map[string]*any
	for i := uint64(0); info == 31 || i < arg; i++ {
		if info == 31 && d.isBreak() {
			break
		}
		k, err := d.value(depth + 1)
		if err != nil {
			return nil, err
		}
		if _, text := k.(string); !text {
			allText = false
			if k, err = mapKey(k, &boxed); err != nil {
				return nil, err
			}
		}
		v, err := d.value(depth + 1)
		if err != nil {
			return nil, err
		}
		keys = append(keys, k)
		vals = append(vals, v)
	}
	if allText {
		m := make(map[string]any, len(keys))
		for i, k := range keys {
			m[k.(string)] = vals[i]
		}
		return m, nil
	}
	m := make(map[any]any, len(keys))
	for i, k := range keys {
		m[k] = vals[i]
	}
	return m, nil
}

// mapKey turns a decoded non-text map key into a comparable Go value.
func mapKey(k any, boxed *map[string]*any) (any, error) {
	switch kk := k.(type) {
	case []byte:
		return cbor.ByteString(kk), nil
	case cbor.Tag:
		if !hashableTagKey(kk) {
			return complexKey(k, boxed)
		}
	case []any, map[string]any, map[any]any, big.Int:
		return complexKey(k, boxed)
	}
	return k, nil
}

// simple reads a major-7 item: false, true, null, undefined or a float.
func (d *cborDecoder) simple(info byte, arg uint64, start int) (any, error) {
	switch info {
	case 20:
		return false, nil
	case 21:
		return true, nil
	case 22:
		return nil, nil
	case 25:
		return halfToFloat64(uint16(arg)), nil
	case 26:
		return float64(math.Float32frombits(uint32(arg))), nil
	case 27:
		return math.Float64frombits(arg), nil
	case 31:
		d.pos = start
		return nil, errors.New("unexpected break")
	case 23:
		return cbor.SimpleValue(23), nil // undefined round-trips
	default:
		// ciborium rejects every other simple value.
		return nil, errors.New("invalid type: simple, expected known simple value")
	}
}

// hashableTagKey reports whether a tag can be a Go map key as is (its
// innermost content is a comparable scalar). Keeping such keys as cbor.Tag
// lets typed parsing see through them (untag).
// complexKey turns a decoded key that Go cannot hash (array, map, bignum,
// tag around one of these) into a map key that re-encodes to its canonical
// bytes: a RawCBORKey, or, when those bytes hold a tag 0–3 around content
// of the wrong type (which fxamacker refuses from a Marshaler, though
// upstream accepts it), a pointer to the value, encoded natively. Pointers
// are shared per map through boxed so duplicate keys still collapse (last
// value wins).
func complexKey(k any, boxed *map[string]*any) (any, error) {
	enc, err := MarshalCanonical(k)
	if err != nil {
		return nil, err
	}
	if _, err := encMode.Marshal(RawCBORKey(enc)); err == nil {
		return RawCBORKey(enc), nil
	}
	if *boxed == nil {
		*boxed = map[string]*any{}
	}
	if p, ok := (*boxed)[string(enc)]; ok {
		return p, nil
	}
	p := &k
	(*boxed)[string(enc)] = p
	return p, nil
}

func hashableTagKey(t cbor.Tag) bool {
	switch untag(t).(type) {
	case string, uint64, int64, float64, bool, nil, cbor.SimpleValue:
		return true
	}
	return false
}

// halfToFloat64 converts IEEE binary16 bits to float64, keeping NaN payloads.
func halfToFloat64(h uint16) float64 {
	sign := uint64(h>>15) << 63
	exp := int(h>>10) & 0x1f
	mant := uint64(h & 0x3ff)
	switch exp {
	case 0:
		v := math.Ldexp(float64(mant), -24)
		if sign != 0 {
			v = -v
		}
		return v
	case 0x1f:
		return math.Float64frombits(sign | 0x7ff0000000000000 | mant<<42)
	}
	return math.Float64frombits(sign | uint64(exp-15+1023)<<52 | mant<<42)
}

// UnmarshalLenient decodes the first CBOR item of data into a generic value
// (the value model of NormalizeValue; every item, including tags, bignums,
// undefined and non-text keys, re-encodes with MarshalCanonical to its
// canonical form) and returns the number of bytes it occupied. Trailing
// bytes are ignored, like upstream's reader. Metadata and descriptors are
// decoded by the package already; this is for programs reading other CBOR
// the way the package does (core/pyapi and the CLI use it).
func UnmarshalLenient(data []byte) (v any, n int, err error) {
	d := cborDecoder{b: data}
	v, err = d.value(0)
	if err != nil {
		return nil, 0, err
	}
	return v, d.pos, nil
}
