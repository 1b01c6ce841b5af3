package core

import (
	"math"
	"unicode/utf8"
)

// skimGlobalMetadata checks a metadata frame body without building any map:
// ok means ParseGlobalMetadata(body) certainly succeeds, item is the CBOR
// item it would keep as Raw and nBase the length of its base. A body the
// skim is not sure about (tags on the sections, indefinite-length text,
// non-integer keys in nested maps, an explicit `_extra_` next to free
// top-level keys, any error) gives ok false: callers then run
// ParseGlobalMetadata, which reports the exact error. It never accepts a
// body ParseGlobalMetadata rejects, so both paths agree byte for byte.
func skimGlobalMetadata(body []byte) (item []byte, nBase int, ok bool) {
	d := cborDecoder{b: body}
	var extra, free bool
	each := func(key []byte) bool {
		switch string(key) {
		case "base":
			n, ok := d.skimBase()
			nBase = n
			return ok
		case reservedKey:
			return d.skimTextMap(1)
		case extraKey:
			extra = true
			return d.skimTextMap(1)
		}
		free = true
		return d.skimItem(1)
	}
	if !d.skimTextKeyed(0, each) || (extra && free) {
		return nil, 0, false
	}
	return body[:d.pos], nBase, true
}

// skimBase checks an untagged array of text-keyed maps (base) at depth 1
// and returns its length.
func (d *cborDecoder) skimBase() (int, bool) {
	major, info, arg, err := d.head()
	if err != nil || major != 4 || (info != 31 && arg > uint64(len(d.b)-d.pos)) {
		return 0, false
	}
	n := 0
	for ; info == 31 || uint64(n) < arg; n++ {
		if info == 31 && d.isBreak() {
			break
		}
		if !d.skimTextMap(2) {
			return 0, false
		}
	}
	return n, true
}

// skimTextMap checks an untagged map with only (untagged, definite) text
// keys at depth, its values with skimItem.
func (d *cborDecoder) skimTextMap(depth int) bool {
	return d.skimTextKeyed(depth, func([]byte) bool { return d.skimItem(depth + 1) })
}

// skimTextKeyed reads the head of an untagged map at depth and, for each
// entry, its text key; value must consume the entry's value.
func (d *cborDecoder) skimTextKeyed(depth int, value func(key []byte) bool) bool {
	major, info, arg, err := d.head()
	if err != nil || major != 5 || (info != 31 && arg > uint64(len(d.b)-d.pos)/2) {
		return false
	}
	for i := uint64(0); info == 31 || i < arg; i++ {
		if info == 31 && d.isBreak() {
			return true
		}
		key, ok := d.skimText()
		if !ok || !value(key) {
			return false
		}
	}
	return true
}

// skimText reads a definite-length, valid UTF-8 text string.
func (d *cborDecoder) skimText() ([]byte, bool) {
	major, info, arg, err := d.head()
	if err != nil || major != 3 || info == 31 {
		return nil, false
	}
	s, err := d.chunk(arg)
	return s, err == nil && utf8.Valid(s)
}

// skimItem skips one item at depth, true only if cborDecoder.value accepts
// it (and its map keys need no canonical re-encoding).
func (d *cborDecoder) skimItem(depth int) bool {
	if depth > maxCBORDepth {
		return false
	}
	major, info, arg, err := d.head()
	if err != nil {
		return false
	}
	switch major {
	case 0, 1:
		return true
	case 2, 3:
		if info == 31 {
			return false
		}
		s, err := d.chunk(arg)
		return err == nil && (major == 2 || utf8.Valid(s))
	case 4:
		if info != 31 && arg > uint64(len(d.b)-d.pos) {
			return false
		}
		for i := uint64(0); info == 31 || i < arg; i++ {
			if info == 31 && d.isBreak() {
				return true
			}
			if !d.skimItem(depth + 1) {
				return false
			}
		}
		return true
	case 5:
		return d.skimMap(info, arg, depth)
	case 6:
		return d.skimItem(depth + 1)
	}
	switch info { // major 7
	case 20, 21, 22, 23, 25, 26, 27:
		return true
	}
	return false
}

// skimMap skips the entries of a nested map whose head was read: keys text,
// unsigned or int64-range negative integers (comparable as decoded).
func (d *cborDecoder) skimMap(info byte, arg uint64, depth int) bool {
	if info != 31 && arg > uint64(len(d.b)-d.pos)/2 {
		return false
	}
	for i := uint64(0); info == 31 || i < arg; i++ {
		if info == 31 && d.isBreak() {
			return true
		}
		if depth+1 > maxCBORDepth || !d.skimKey() || !d.skimItem(depth+1) {
			return false
		}
	}
	return true
}

// skimKey skips a nested map key that decodes to a comparable scalar.
func (d *cborDecoder) skimKey() bool {
	if d.pos >= len(d.b) {
		return false
	}
	switch d.b[d.pos] >> 5 {
	case 3:
		_, ok := d.skimText()
		return ok
	case 0:
		_, _, _, err := d.head()
		return err == nil
	case 1:
		_, _, arg, err := d.head()
		return err == nil && arg <= math.MaxInt64
	}
	return false
}
