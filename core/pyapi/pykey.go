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
// It holds no pointers (entries holding keys are sorted and moved a lot):
// text and bytes content is a range of its keySrc.
type pyKey struct {
	kind    keyKind
	isFloat bool
	lo, hi  int32 // content range in keySrc.b, or lo = -1-i for keySrc.rare[i]
	i       int64
	f       float64
}

// keySrc holds the bytes keys refer to: the CBOR being walked, plus the
// content of the rare keys that is not a range of it (indefinite-length
// strings, simple values).
type keySrc struct {
	b    []byte
	rare [][]byte
}

// bytesOf returns the text or bytes content of k.
func (src *keySrc) bytesOf(k *pyKey) []byte {
	if k.lo < 0 {
		return src.rare[-1-k.lo]
	}
	return src.b[k.lo:k.hi]
}

// content makes a key of kind whose content is s, a range of src.b when
// it lies in it.
func (src *keySrc) content(kind keyKind, s []byte, lo int) pyKey {
	if lo >= 0 && lo+len(s) <= len(src.b) && len(src.b) <= math.MaxInt32 {
		return pyKey{kind: kind, lo: int32(lo), hi: int32(lo + len(s))}
	}
	src.rare = append(src.rare, s)
	return pyKey{kind: kind, lo: int32(-len(src.rare))}
}

// keyOf classifies the key item at pos of src.b.
func (src *keySrc) keyOf(pos int) pyKey {
	b := src.b
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
			return src.content(kind, b[p:p+int(arg)], p) // skip checked the length
		}
		return src.content(kind, chunks(b, p), -1)
	case 7:
		return src.simpleKey(pos)
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
func (src *keySrc) simpleKey(pos int) pyKey {
	b := src.b
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
	return src.content(keyText, []byte("simple("+strconv.Itoa(int(info))+")"), -1)
}

// number is k as a float64 (ints beyond 2^53 round).
func (k *pyKey) number() float64 {
	if k.isFloat {
		return k.f
	}
	return float64(k.i)
}

// compareKeys orders two keys of one sortable kind as Python's sort does.
func (src *keySrc) compareKeys(a, b *pyKey) int {
	if a.kind == keyNumber {
		if !a.isFloat && !b.isFloat {
			return cmp.Compare(a.i, b.i)
		}
		return cmp.Compare(a.number(), b.number())
	}
	return bytes.Compare(src.bytesOf(a), src.bytesOf(b))
}

// equalKeys reports whether Python's dict treats a and b as the same key.
func (src *keySrc) equalKeys(a, b *pyKey) bool {
	if a.kind != b.kind {
		return false
	}
	switch a.kind {
	case keyText, keyBytes:
		return bytes.Equal(src.bytesOf(a), src.bytesOf(b))
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
func (src *keySrc) dictKey(k *pyKey) string {
	switch k.kind {
	case keyText:
		return "t" + string(src.bytesOf(k))
	case keyBytes:
		return "b" + string(src.bytesOf(k))
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

// pyOrder returns the entries of a map whose keys upstream holds in a
// sorted map (the top-level maps of the metadata and a descriptor's
// params): one entry per distinct key (first occurrence's key, last
// occurrence's value), sorted when the keys compare, else as wireOrder.
// es is reordered in place.
func (src *keySrc) pyOrder(es []entry) []entry {
	if len(es) < 2 {
		return es
	}
	if !sortable(es) {
		return src.wireOrder(es)
	}
	cmp := func(a, b entry) int { return src.compareKeys(&a.k, &b.k) }
	if !slices.IsSortedFunc(es, cmp) {
		slices.SortStableFunc(es, cmp)
	}
	out := es[:0]
	for _, e := range es {
		if n := len(out); n > 0 && src.equalKeys(&out[n-1].k, &e.k) {
			out[n-1].val = e.val
			continue
		}
		out = append(out, e)
	}
	return out
}

// wireOrder returns the entries of a map in the order of the dict Python
// builds by inserting them one by one, as upstream does for maps nested in
// metadata values: wire order, one entry per distinct key (first
// occurrence's position, last occurrence's value). es is reordered in place.
func (src *keySrc) wireOrder(es []entry) []entry {
	if len(es) < 2 {
		return es
	}
	if len(es) <= 8 { // small maps: a quadratic scan beats a map
		out := es[:0]
	next:
		for _, e := range es {
			for j := range out {
				if src.equalKeys(&out[j].k, &e.k) {
					out[j].val = e.val
					continue next
				}
			}
			out = append(out, e)
		}
		return out
	}
	seen := make(map[string]int, len(es))
	out := es[:0]
	for _, e := range es {
		dk := src.dictKey(&e.k)
		if j, dup := seen[dk]; dup && dk != "" {
			out[j].val = e.val
			continue
		}
		seen[dk] = len(out)
		out = append(out, e)
	}
	return out
}
