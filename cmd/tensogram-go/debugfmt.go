package main

import (
	"bytes"
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/fxamacker/cbor/v2"

	"github.com/tensogram-go/tensogram-go/core"
)

// debugValue renders a CBOR value in the debug notation upstream's CLI
// prints for arrays, maps, bytes and tags, e.g.
// Array([Integer(Integer(1)), Text("x")]); map entries in stored
// (canonical) order.
func debugValue(v any) string {
	var b strings.Builder
	writeDebug(&b, v)
	return b.String()
}

func writeDebug(b *strings.Builder, v any) {
	switch x := v.(type) {
	case string:
		b.WriteString("Text(")
		b.WriteString(debugString(x))
		b.WriteString(")")
	case uint64:
		b.WriteString("Integer(Integer(" + strconv.FormatUint(x, 10) + "))")
	case int64:
		b.WriteString("Integer(Integer(" + strconv.FormatInt(x, 10) + "))")
	case *big.Int:
		b.WriteString("Integer(Integer(" + x.String() + "))")
	case float64:
		b.WriteString("Float(" + debugFloat(x) + ")")
	case bool:
		b.WriteString("Bool(" + strconv.FormatBool(x) + ")")
	case nil:
		b.WriteString("Null")
	case []byte:
		writeDebugBytes(b, x)
	case cbor.ByteString:
		writeDebugBytes(b, []byte(x))
	case cbor.Tag:
		b.WriteString("Tag(" + strconv.FormatUint(x.Number, 10) + ", ")
		writeDebug(b, x.Content)
		b.WriteString(")")
	case []any:
		b.WriteString("Array([")
		for i, e := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			writeDebug(b, e)
		}
		b.WriteString("])")
	case map[string]any:
		writeDebugMap(b, stringKeyed(x))
	case map[any]any:
		writeDebugMap(b, x)
	case core.RawCBORKey:
		if inner, _, err := core.UnmarshalLenient([]byte(x)); err == nil {
			writeDebug(b, core.NormalizeValue(inner))
		}
	case cbor.SimpleValue:
		b.WriteString("Simple(" + strconv.Itoa(int(x)) + ")")
	}
}

func stringKeyed(m map[string]any) map[any]any {
	out := make(map[any]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func writeDebugMap(b *strings.Builder, m map[any]any) {
	b.WriteString("Map([")
	for i, e := range canonicalEntries(m) {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(")
		writeDebug(b, e.k)
		b.WriteString(", ")
		writeDebug(b, e.v)
		b.WriteString(")")
	}
	b.WriteString("])")
}

// mapEntry is one key and value of a map.
type mapEntry struct{ k, v any }

// canonicalEntries returns the entries of m in canonical CBOR order (by
// encoded key bytes), the order upstream stores them in. Distinct keys can
// share an encoding (NaN keys, which also cannot be looked up): their
// values' encodings break the tie, so the order never depends on Go's map
// iteration.
func canonicalEntries(m map[any]any) []mapEntry {
	type sortable struct {
		mapEntry
		enc []byte
	}
	es := make([]sortable, 0, len(m))
	for k, v := range m {
		enc, _ := core.MarshalCanonical(k)
		es = append(es, sortable{mapEntry{k, v}, enc})
	}
	sort.Slice(es, func(i, j int) bool {
		if c := bytes.Compare(es[i].enc, es[j].enc); c != 0 {
			return c < 0
		}
		vi, _ := core.MarshalCanonical(es[i].v) // a tie: rare, encode only then
		vj, _ := core.MarshalCanonical(es[j].v)
		return bytes.Compare(vi, vj) < 0
	})
	out := make([]mapEntry, len(es))
	for i, e := range es {
		out[i] = e.mapEntry
	}
	return out
}

func writeDebugBytes(b *strings.Builder, p []byte) {
	b.WriteString("Bytes([")
	for i, c := range p {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(int(c)))
	}
	b.WriteString("])")
}

// debugFloat formats a float as a debug float: shortest round-trip digits,
// always with a fraction or exponent; exponent form below 1e-4 and from
// 1e16 on (e.g. 1.0, 1e20, 1e-5).
func debugFloat(f float64) string {
	if s, ok := nonFiniteText(f); ok {
		return s
	}
	a := math.Abs(f)
	if a != 0 && (a < 1e-4 || a >= 1e16) {
		s := strconv.FormatFloat(f, 'e', -1, 64)
		mant, exp, _ := strings.Cut(s, "e")
		n, _ := strconv.Atoi(exp)
		return mant + "e" + strconv.Itoa(n)
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}

// debugString quotes s the way a debug string is printed: double quotes,
// backslash escapes for quotes, backslashes and control characters.
func debugString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch e, short := shortEscapes[r]; {
		case short:
			b.WriteString(e)
		case r == 0:
			b.WriteString(`\0`)
		case unicode.IsControl(r):
			b.WriteString(`\u{` + strconv.FormatInt(int64(r), 16) + `}`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// shortEscapes are the backslash escapes debug strings and JSON strings
// share.
var shortEscapes = map[rune]string{'"': `\"`, '\\': `\\`, '\n': `\n`, '\r': `\r`, '\t': `\t`}
