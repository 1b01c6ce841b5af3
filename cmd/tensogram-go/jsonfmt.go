package main

import (
	"encoding/hex"
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"

	"github.com/fxamacker/cbor/v2"
)

// jsonObject is an ordered JSON object (members printed in slice order).
type jsonObject []jsonMember

// jsonMember is one member of a jsonObject.
type jsonMember struct {
	Key   string
	Value any
}

// jsonRaw is a JSON number (or literal) written verbatim.
type jsonRaw string

// toJSON converts a metadata value to a JSON value: integers beyond 64 bits
// as decimal strings, NaN/Inf as null, bytes as lowercase hex, tags dropped,
// maps as objects with keys sorted bytewise (non-text keys in debug form).
func toJSON(v any) any {
	switch x := v.(type) {
	case string, bool, nil:
		return x
	case uint64:
		return jsonRaw(strconv.FormatUint(x, 10))
	case int64:
		return jsonRaw(strconv.FormatInt(x, 10))
	case *big.Int:
		return x.String()
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil
		}
		return jsonRaw(jsonFloat(x))
	case []byte:
		return hex.EncodeToString(x)
	case cbor.ByteString:
		return hex.EncodeToString([]byte(x))
	case cbor.Tag:
		return toJSON(x.Content)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = toJSON(e)
		}
		return out
	case map[string]any:
		obj := make(jsonObject, 0, len(x))
		for k, e := range x {
			obj = append(obj, jsonMember{k, toJSON(e)})
		}
		return sortedObject(obj)
	case map[any]any:
		// Keys in canonical order before the stable sort by text: keys
		// sharing a text (a tag around "a" and the text `Tag(0, Text("a"))`,
		// two NaNs) then keep one order on every run.
		obj := make(jsonObject, 0, len(x))
		for _, e := range canonicalEntries(x) {
			ks, ok := e.k.(string)
			if !ok {
				ks = debugValue(e.k)
			}
			obj = append(obj, jsonMember{ks, toJSON(e.v)})
		}
		return sortedObject(obj)
	}
	return nil
}

// sortedObject sorts members bytewise by key (stable for duplicates).
func sortedObject(o jsonObject) jsonObject {
	sort.SliceStable(o, func(i, j int) bool { return o[i].Key < o[j].Key })
	return o
}

// jsonFloat formats a finite float the way the CLI's JSON output does:
// shortest round-trip digits, plain decimal with a fraction for 0 and
// 1e-5 <= |x| < 1e16, otherwise exponent form (1e+16, 1.5e-6).
func jsonFloat(f float64) string {
	a := math.Abs(f)
	if a == 0 || (a >= 1e-5 && a < 1e16) {
		s := strconv.FormatFloat(f, 'f', -1, 64)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	}
	s := strconv.FormatFloat(f, 'e', -1, 64)
	mant, exp, _ := strings.Cut(s, "e")
	n, _ := strconv.Atoi(exp)
	if n >= 0 {
		return mant + "e+" + strconv.Itoa(n)
	}
	return mant + "e" + strconv.Itoa(n)
}

// writeJSON appends v as JSON: pretty (2-space indent, one member or element
// per line) or compact (no whitespace).
func writeJSON(b *strings.Builder, v any, pretty bool, depth int) {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case string:
		writeJSONString(b, x)
	case jsonRaw:
		b.WriteString(string(x))
	case []any:
		writeJSONList(b, '[', ']', len(x), pretty, depth, func(i int) { writeJSON(b, x[i], pretty, depth+1) })
	case jsonObject:
		writeJSONList(b, '{', '}', len(x), pretty, depth, func(i int) {
			writeJSONString(b, x[i].Key)
			b.WriteByte(':')
			if pretty {
				b.WriteByte(' ')
			}
			writeJSON(b, x[i].Value, pretty, depth+1)
		})
	}
}

// writeJSONList writes an array or object of n items between open and
// close ("[]"/"{}" when empty), item(i) writing each one.
func writeJSONList(b *strings.Builder, open, close byte, n int, pretty bool, depth int, item func(i int)) {
	b.WriteByte(open)
	if n == 0 {
		b.WriteByte(close)
		return
	}
	for i := 0; i < n; i++ {
		sep(b, i, pretty, depth+1)
		item(i)
	}
	closing(b, close, pretty, depth)
}

func sep(b *strings.Builder, i int, pretty bool, depth int) {
	if i > 0 {
		b.WriteByte(',')
	}
	if pretty {
		b.WriteByte('\n')
		b.WriteString(strings.Repeat("  ", depth))
	}
}

func closing(b *strings.Builder, c byte, pretty bool, depth int) {
	if pretty {
		b.WriteByte('\n')
		b.WriteString(strings.Repeat("  ", depth))
	}
	b.WriteByte(c)
}

// writeJSONString writes s as a JSON string, escaping quotes, backslashes and
// control characters (\n, \t, \r, \b, \f short forms, others \u00XX).
func writeJSONString(b *strings.Builder, s string) {
	const hexDigits = "0123456789abcdef"
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch e, short := shortEscapes[rune(c)]; {
		case short:
			b.WriteString(e)
		case c == '\b':
			b.WriteString(`\b`)
		case c == '\f':
			b.WriteString(`\f`)
		case c < 0x20:
			b.WriteString(`\u00`)
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&15])
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
}

// jsonText renders v as JSON text.
func jsonText(v any, pretty bool) string {
	var b strings.Builder
	writeJSON(&b, v, pretty, 0)
	return b.String()
}
