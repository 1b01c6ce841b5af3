package pyapi

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"math"
	"slices"
	"strconv"
)

// keyKind is the Python type the extension's CBOR decoder gives a map key.
type keyKind uint8

const (
	keyOther  keyKind = iota // a key the decoder rejects or cannot hash
	keyText                  // str (text strings and simple values)
	keyNumber                // int, float or bool
	keyBytes                 // bytes
	keyNone                  // None (null, undefined)
)

// pyKey is a map key as the Python decoder sees it (tags are transparent).
type pyKey struct {
	kind    keyKind
	s       []byte // text or bytes content
	i       int64
	f       float64
	isFloat bool
}

// keyOf classifies the key item at pos.
func keyOf(b []byte, pos int) pyKey {
	pos, err := untagged(b, pos)
	if err != nil {
		return pyKey{}
	}
	major, arg, indef, p, err := head(b, pos)
	if err != nil {
		return pyKey{}
	}
	switch major {
	case 0, 1:
		if arg > math.MaxInt64 {
			return pyKey{} // the decoder raises on integers beyond int64
		}
		if major == 1 {
			return pyKey{kind: keyNumber, i: -1 - int64(arg)}
		}
		return pyKey{kind: keyNumber, i: int64(arg)}
	case 2, 3:
		kind := keyText
		if major == 2 {
			kind = keyBytes
		}
		if !indef {
			return pyKey{kind: kind, s: b[p : p+int(arg)]} // skip checked the length
		}
		return pyKey{kind: kind, s: chunks(b, p)}
	case 7:
		return simpleKey(b, pos)
	}
	return pyKey{}
}

// chunks concatenates the chunks of an indefinite-length string at p.
func chunks(b []byte, p int) []byte {
	var out []byte
	for p < len(b) && b[p] != 0xff {
		_, n, _, q, err := head(b, p)
		if err != nil || n > uint64(len(b)-q) {
			return out
		}
		out = append(out, b[q:q+int(n)]...)
		p = q + int(n)
	}
	return out
}

// simpleKey classifies a major-type-7 key: booleans and floats are numbers,
// null/undefined None, other simple values the text "simple(N)".
func simpleKey(b []byte, pos int) pyKey {
	info := b[pos] & 0x1f
	switch {
	case info == 20 || info == 21:
		return pyKey{kind: keyNumber, i: int64(info - 20)}
	case info == 22 || info == 23:
		return pyKey{kind: keyNone}
	case info >= 25 && info <= 27:
		_, arg, _, _, err := head(b, pos)
		if err != nil {
			return pyKey{}
		}
		f := math.Float64frombits(arg)
		switch info {
		case 25:
			f = halfFloat(uint16(arg))
		case 26:
			f = float64(math.Float32frombits(uint32(arg)))
		}
		return pyKey{kind: keyNumber, f: f, isFloat: true}
	case info == 24:
		if pos+1 >= len(b) {
			return pyKey{}
		}
		info = b[pos+1]
	case info > 24:
		return pyKey{}
	}
	return pyKey{kind: keyText, s: []byte("simple(" + strconv.Itoa(int(info)) + ")")}
}

// number is k as a float64 (ints beyond 2^53 round).
func (k *pyKey) number() float64 {
	if k.isFloat {
		return k.f
	}
	return float64(k.i)
}

// compareKeys orders two keys of one sortable kind as Python's sort does.
func compareKeys(a, b *pyKey) int {
	if a.kind == keyNumber {
		if !a.isFloat && !b.isFloat {
			return cmp.Compare(a.i, b.i)
		}
		return cmp.Compare(a.number(), b.number())
	}
	return bytes.Compare(a.s, b.s)
}

// equalKeys reports whether Python's dict treats a and b as the same key.
func equalKeys(a, b *pyKey) bool {
	if a.kind != b.kind {
		return false
	}
	switch a.kind {
	case keyText, keyBytes:
		return bytes.Equal(a.s, b.s)
	case keyNumber:
		if !a.isFloat && !b.isFloat {
			return a.i == b.i
		}
		return a.number() == b.number()
	case keyNone:
		return true
	}
	return false
}

// dictKey is a string that is equal for two keys exactly when Python's dict
// treats them as one key ("" for keys that equal nothing else).
func (k *pyKey) dictKey() string {
	switch k.kind {
	case keyText:
		return "t" + string(k.s)
	case keyBytes:
		return "b" + string(k.s)
	case keyNone:
		return "n"
	case keyNumber:
		if !k.isFloat {
			return "i" + strconv.FormatInt(k.i, 10)
		}
		if k.f == math.Trunc(k.f) && math.Abs(k.f) < 1<<63 {
			return "i" + strconv.FormatInt(int64(k.f), 10)
		}
		if k.f != k.f {
			return "" // NaN equals no key
		}
		return "f" + string(binary.BigEndian.AppendUint64(nil, math.Float64bits(k.f+0)))
	}
	return ""
}

// sortable reports whether Python's sort can order the keys of es: all of
// one kind among str, bytes and numbers (NaN excluded), or at most one key.
func sortable(es []entry) bool {
	if len(es) < 2 {
		return true
	}
	kind := es[0].k.kind
	for i := range es {
		k := &es[i].k
		if k.kind != kind || (kind == keyNumber && k.isFloat && k.f != k.f) {
			return false
		}
	}
	return kind == keyText || kind == keyBytes || kind == keyNumber
}

// pyOrder returns the entries of a map in the order of the dict the Python
// decoder builds when it sorts keys: one entry per distinct key (first
// occurrence's key, last occurrence's value), sorted when the keys compare,
// else in first-occurrence order. es is reordered in place.
func pyOrder(es []entry) []entry {
	if len(es) < 2 {
		return es
	}
	if sortable(es) {
		cmp := func(a, b entry) int { return compareKeys(&a.k, &b.k) }
		if !slices.IsSortedFunc(es, cmp) {
			slices.SortStableFunc(es, cmp)
		}
		out := es[:0]
		for _, e := range es {
			if n := len(out); n > 0 && equalKeys(&out[n-1].k, &e.k) {
				out[n-1].val = e.val
				continue
			}
			out = append(out, e)
		}
		return out
	}
	seen := make(map[string]int, len(es))
	out := es[:0]
	for _, e := range es {
		dk := e.k.dictKey()
		if j, dup := seen[dk]; dup && dk != "" {
			out[j].val = e.val
			continue
		}
		seen[dk] = len(out)
		out = append(out, e)
	}
	return out
}
