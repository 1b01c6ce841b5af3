package core

import (
	"bytes"
	"fmt"

	"github.com/fxamacker/cbor/v2"
)

// encMode is the canonical CBOR encoder (wire-format.md §11.3).
var encMode cbor.EncMode

func init() {
	eo := cbor.CoreDetEncOptions()
	eo.NaNConvert = cbor.NaNConvertPreserveSignal
	eo.BigIntConvert = cbor.BigIntConvertShortest
	em, err := eo.EncMode()
	if err != nil {
		panic(err) // static options; cannot fail
	}
	encMode = em
}

// MarshalCanonical encodes v as canonical CBOR exactly as upstream writes it:
// definite lengths, map keys sorted by their encoded bytes, integers and
// floats in their shortest exact form.
func MarshalCanonical(v any) ([]byte, error) {
	b, err := encMode.Marshal(v)
	if err != nil {
		return nil, metadataErr("failed to encode CBOR: %v", err)
	}
	return b, nil
}

// UnmarshalLenient decodes the first CBOR item of data into a generic value
// (value model described at cborDecoder: every item, including tags,
// bignums, undefined and non-text keys, re-encodes with MarshalCanonical to
// its canonical form) and returns the number of bytes it occupied. Trailing
// bytes are ignored, like upstream's reader.
func UnmarshalLenient(data []byte) (v any, n int, err error) {
	d := cborDecoder{b: data}
	v, err = d.value(0)
	if err != nil {
		return nil, 0, err
	}
	return v, d.pos, nil
}

// NormalizeValue converts the generic values produced by the CBOR decoder into
// this package's metadata value model, in place where possible:
//
//   - maps whose keys are all text become map[string]any, other maps stay
//     map[any]any (byte-string keys are cbor.ByteString);
//   - arrays are []any; integers are uint64 (major type 0) or int64 / big.Int
//     (major type 1); floats are float64; text string; bytes []byte; bool;
//     nil for null; unknown tags cbor.Tag.
//
// Every value of this model re-encodes with MarshalCanonical to the
// canonical form of the original item.
func NormalizeValue(v any) any {
	switch x := v.(type) {
	case map[any]any:
		allText := true
		for k := range x {
			if _, ok := k.(string); !ok {
				allText = false
				break
			}
		}
		if allText {
			m := make(map[string]any, len(x))
			for k, e := range x {
				m[k.(string)] = NormalizeValue(e)
			}
			return m
		}
		for k, e := range x {
			x[k] = NormalizeValue(e)
		}
		return x
	case []any:
		for i, e := range x {
			x[i] = NormalizeValue(e)
		}
		return x
	case cbor.Tag:
		x.Content = NormalizeValue(x.Content)
		return x
	}
	return v
}

// cborKind names the CBOR type of a decoded value for error messages.
func cborKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "bool"
	case uint64, int64:
		return "integer"
	case float64:
		return "float"
	case string:
		return "text"
	case []byte:
		return "bytes"
	case []any:
		return "array"
	case map[string]any, map[any]any:
		return "map"
	case cbor.Tag:
		return "tag"
	}
	return fmt.Sprintf("%T", v)
}

// CheckCanonical reports whether every map in the CBOR item at the start of
// data has its keys in strictly increasing encoded-byte order (the
// validator's --canonical check). It returns false for input that does not
// parse.
func CheckCanonical(data []byte) bool {
	if _, _, err := UnmarshalLenient(data); err != nil {
		return false // an item that does not parse is not canonical (upstream)
	}
	_, ok := canonWalk(data, 0, 0)
	return ok
}

// canonWalk walks one item starting at pos; returns end position and whether
// all maps inside are canonically ordered.
func canonWalk(b []byte, pos, depth int) (int, bool) {
	if depth > 256 || pos >= len(b) {
		return 0, false
	}
	ib := b[pos]
	major, info := ib>>5, ib&0x1f
	arg, p, ok := cborArg(b, pos)
	if !ok {
		return 0, false
	}
	indef := info == 31
	switch major {
	case 0, 1:
		return p, !indef
	case 2, 3:
		if indef {
			for {
				if p >= len(b) {
					return 0, false
				}
				if b[p] == 0xff {
					return p + 1, true
				}
				e, ok := canonWalk(b, p, depth+1)
				if !ok {
					return 0, false
				}
				p = e
			}
		}
		if arg > uint64(len(b)-p) {
			return 0, false
		}
		return p + int(arg), true
	case 4:
		for i := uint64(0); indef || i < arg; i++ {
			if indef {
				if p >= len(b) {
					return 0, false
				}
				if b[p] == 0xff {
					return p + 1, true
				}
			}
			e, ok := canonWalk(b, p, depth+1)
			if !ok {
				return 0, false
			}
			p = e
		}
		return p, true
	case 5:
		var prev []byte
		for i := uint64(0); indef || i < arg; i++ {
			if indef {
				if p >= len(b) {
					return 0, false
				}
				if b[p] == 0xff {
					return p + 1, true
				}
			}
			ke, ok := canonWalk(b, p, depth+1)
			if !ok {
				return 0, false
			}
			key := b[p:ke]
			if prev != nil && bytes.Compare(prev, key) >= 0 {
				return 0, false
			}
			prev = key
			ve, ok := canonWalk(b, ke, depth+1)
			if !ok {
				return 0, false
			}
			p = ve
		}
		return p, true
	case 6:
		return canonWalk(b, p, depth+1)
	default: // 7
		return p, !indef
	}
}

// cborArg reads the head of the item at pos; returns its argument and the
// position after the head.
func cborArg(b []byte, pos int) (uint64, int, bool) {
	info := b[pos] & 0x1f
	p := pos + 1
	switch {
	case info < 24:
		return uint64(info), p, true
	case info == 24:
		if p+1 > len(b) {
			return 0, 0, false
		}
		return uint64(b[p]), p + 1, true
	case info == 25:
		if p+2 > len(b) {
			return 0, 0, false
		}
		return uint64(be.Uint16(b[p:])), p + 2, true
	case info == 26:
		if p+4 > len(b) {
			return 0, 0, false
		}
		return uint64(be.Uint32(b[p:])), p + 4, true
	case info == 27:
		if p+8 > len(b) {
			return 0, 0, false
		}
		return be.Uint64(b[p:]), p + 8, true
	case info == 31:
		return 0, p, true
	}
	return 0, 0, false
}

// untag strips CBOR tags around v. Upstream deserialises typed fields
// (text keys, descriptor fields, index entries, section containers) with
// serde, which ignores tags; free-form values keep them.
func untag(v any) any {
	for {
		t, ok := v.(cbor.Tag)
		if !ok {
			return v
		}
		v = t.Content
	}
}

// textKeyed returns v as a map with text keys, seeing through tags on the
// map and on its keys; ok is false when v is not a map or has a key that is
// not (tagged) text.
func textKeyed(v any) (map[string]any, bool) {
	switch x := untag(v).(type) {
	case map[string]any:
		return x, true
	case map[any]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			s, ok := untag(k).(string)
			if !ok {
				return nil, false
			}
			m[s] = e
		}
		return m, true
	}
	return nil, false
}
