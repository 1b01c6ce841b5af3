package core

import "bytes"

// checkCanonical reports whether every map in the CBOR item at the start of
// data has its keys in strictly increasing encoded-byte order (the
// validator's --canonical check). It returns false for input that does not
// parse.
func checkCanonical(data []byte) bool {
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
			return canonItems(b, p, depth, 0, true, false)
		}
		if arg > uint64(len(b)-p) {
			return 0, false
		}
		return p + int(arg), true
	case 4:
		return canonItems(b, p, depth, arg, indef, false)
	case 5:
		return canonItems(b, p, depth, arg, indef, true)
	case 6:
		return canonWalk(b, p, depth+1)
	default: // 7
		return p, !indef
	}
}

// canonItems walks the items of an array, a map (pairs, keys strictly
// increasing in bytewise order) or an indefinite string's chunks, starting
// at p: n items, or up to the break byte when indef.
func canonItems(b []byte, p, depth int, n uint64, indef, pairs bool) (int, bool) {
	var prev []byte
	for i := uint64(0); indef || i < n; i++ {
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
		if pairs {
			key := b[p:e]
			if prev != nil && bytes.Compare(prev, key) >= 0 {
				return 0, false
			}
			prev = key
			if e, ok = canonWalk(b, e, depth+1); !ok {
				return 0, false
			}
		}
		p = e
	}
	return p, true
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
