package core

import "unicode/utf8"

// Reading primitives of the CBOR fast paths (cbor_fast_*.go): each reads
// one item of the only shape the fast paths accept (definite lengths,
// valid UTF-8, no tags) and returns ok=false on anything else, leaving the
// caller to fall back to the generic decoder (cbor_decode.go).

// fastText reads a definite-length, valid UTF-8 text string.
func (d *cborDecoder) fastText() ([]byte, bool) {
	s, ok := d.fastRawText()
	return s, ok && utf8.Valid(s)
}

// fastRawText is fastText without the UTF-8 check, for callers that accept
// only words they know (ASCII, so valid by construction: bytes equal to one
// of them are valid too) and check anything else themselves. The check is
// ~140 instructions per string with a call, and a descriptor holds about
// twenty known words.
func (d *cborDecoder) fastRawText() ([]byte, bool) {
	major, info, n, err := d.head()
	if err != nil || major != 3 || info == 31 {
		return nil, false
	}
	s, err := d.chunk(n)
	if err != nil {
		return nil, false
	}
	return s, true
}

// fastArray reads a definite-length array head whose elements could fit in
// the bytes left.
func (d *cborDecoder) fastArray() (int, bool) {
	major, info, n, err := d.head()
	if err != nil || major != 4 || info == 31 || n > uint64(len(d.b)-d.pos) {
		return 0, false
	}
	return int(n), true
}

// fastMap reads a definite-length map head.
func (d *cborDecoder) fastMap() (int, bool) {
	major, info, n, err := d.head()
	if err != nil || major != 5 || info == 31 || n > uint64(len(d.b)-d.pos)/2 {
		return 0, false
	}
	return int(n), true
}

// fastUintArray reads a definite-length array of unsigned integers.
func (d *cborDecoder) fastUintArray() ([]uint64, bool) {
	out, _, ok := d.fastUints(true)
	return out, ok
}

// fastUints reads a definite-length array of unsigned integers and returns
// their count n; with keep the values are returned in out too (a fresh
// slice), else they are only checked (out is nil and nothing is allocated).
func (d *cborDecoder) fastUints(keep bool) (out []uint64, n int, ok bool) {
	if n, ok = d.fastArray(); !ok {
		return nil, 0, false
	}
	if keep {
		out = make([]uint64, n)
	}
	for i := range n {
		major, _, v, err := d.head()
		if err != nil || major != 0 {
			return nil, 0, false
		}
		if keep {
			out[i] = v
		}
	}
	return out, n, true
}

// fastInternedText reads a text string like fastText, returning the
// interned copy when there is one (no allocation).
func (d *cborDecoder) fastInternedText() (string, bool) {
	s, ok := d.fastRawText()
	if !ok {
		return "", false
	}
	if v, in := internedText[string(s)]; in {
		return v.(string), true // an interned word: valid UTF-8
	}
	if !utf8.Valid(s) {
		return "", false
	}
	return string(s), true
}
