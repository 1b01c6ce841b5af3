package pyapi

import "bytes"

// keyIndex is the flat key index of upstream's Metadata mapping: every key
// of the base entries (in base order, each entry's keys in dict order,
// "_reserved_" skipped) and then of "_extra_", first occurrence kept, each
// with where `meta[key]` finds it: the index of the first base entry that
// has it, or -1 for "_extra_". Iterating it gives meta.keys().
type keyIndex struct {
	entry int      // the base entry being written
	keys  [][]byte // base keys, first-seen order
	locs  []int
	seen  map[string]bool // the keys, once there are more than linearMax
	extra [][]byte        // _extra_'s keys in order
}

// linearMax is the key count up to which keys are searched linearly.
const linearMax = 32

// has reports whether base key k is recorded.
func (x *keyIndex) has(k []byte) bool {
	if x.seen != nil {
		return x.seen[string(k)]
	}
	for _, s := range x.keys {
		if bytes.Equal(s, k) {
			return true
		}
	}
	return false
}

// addBase records a key of base[entry]; non-text keys (nil) are skipped.
func (x *keyIndex) addBase(k []byte) {
	if k == nil || x.has(k) {
		return
	}
	x.keys = append(x.keys, k)
	x.locs = append(x.locs, x.entry)
	switch {
	case x.seen != nil:
		x.seen[string(k)] = true
	case len(x.keys) > linearMax:
		x.seen = make(map[string]bool, 2*len(x.keys))
		for _, k := range x.keys {
			x.seen[string(k)] = true
		}
	}
}

// reset empties x, dropping its references to key bytes.
func (x *keyIndex) reset() {
	clear(x.keys[:cap(x.keys)])
	clear(x.extra[:cap(x.extra)])
	x.keys, x.locs, x.extra, x.seen, x.entry = x.keys[:0], x.locs[:0], x.extra[:0], nil, 0
}

// addExtra records a key of "_extra_"; non-text keys (nil) are skipped.
func (x *keyIndex) addExtra(k []byte) {
	if k != nil {
		x.extra = append(x.extra, k)
	}
}

// write appends the index as a CBOR map {key: location}.
func (x *keyIndex) write(w *cborWriter) {
	n := len(x.keys)
	for _, k := range x.extra {
		if !x.has(k) {
			n++
		}
	}
	w.mapN(n)
	for i, k := range x.keys {
		w.textBytes(k)
		w.int(int64(x.locs[i]))
	}
	for _, k := range x.extra {
		if !x.has(k) {
			w.textBytes(k)
			w.int(-1)
		}
	}
}
