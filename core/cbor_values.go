package core

import (
	"bytes"
	"fmt"

	"github.com/fxamacker/cbor/v2"
)

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
// canonical form of the original item. It is for values decoded by other
// CBOR code (core/pyapi, the CLI); metadata the package decodes is already
// in this form.
func NormalizeValue(v any) any {
	switch x := v.(type) {
	case map[any]any:
		if textKeys(x) {
			m := make(map[string]any, len(x))
			for k, e := range x {
				m[k.(string)] = NormalizeValue(e)
			}
			return m
		}
	case cbor.Tag:
		x.Content = NormalizeValue(x.Content)
		return x
	}
	return mapElements(v, NormalizeValue)
}

// textKeys reports whether every key of m is a text string.
func textKeys(m map[any]any) bool {
	for k := range m {
		if _, ok := k.(string); !ok {
			return false
		}
	}
	return true
}

// mapElements replaces every element of the container v (map[string]any,
// map[any]any or []any) with f(element), in place, and returns v; any
// other value is returned unchanged.
func mapElements(v any, f func(any) any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = f(e)
		}
	case map[any]any:
		for k, e := range x {
			x[k] = f(e)
		}
	case []any:
		for i, e := range x {
			x[i] = f(e)
		}
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
// not (tagged) text. When several keys name the same text (with different
// tags around it), the value of the key whose canonical encoding sorts last
// wins: upstream keeps the last on the wire, which is that key when the map
// was written in canonical order (the decoded map no longer has the wire
// order), and the result never depends on Go's map iteration.
func textKeyed(v any) (map[string]any, bool) {
	switch x := untag(v).(type) {
	case map[string]any:
		return x, true
	case map[any]any:
		m := make(map[string]any, len(x))
		won := make(map[string][]byte, len(x))
		for k, e := range x {
			s, ok := untag(k).(string)
			if !ok {
				return nil, false
			}
			enc := taggedTextEncoding(k)
			if prev, dup := won[s]; dup && bytes.Compare(enc, prev) < 0 {
				continue
			}
			won[s], m[s] = enc, e
		}
		return m, true
	}
	return nil, false
}

// taggedTextEncoding returns the canonical CBOR encoding of k, a text
// string inside zero or more tags.
func taggedTextEncoding(k any) []byte {
	var b []byte
	for {
		t, ok := k.(cbor.Tag)
		if !ok {
			break
		}
		b = cborAppendHead(b, 6, t.Number)
		k = t.Content
	}
	return cborAppendText(b, k.(string))
}
