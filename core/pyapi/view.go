package pyapi

import (
	"slices"
	"sync"
)

// writeMode says which of upstream's ordering rules applies to a map.
type writeMode uint8

const (
	plain        writeMode = iota // a map nested in a value: wire order
	sortedMap                     // "_reserved_": keys sorted
	extraMap                      // "_extra_": keys sorted, recorded in the key index
	baseEntry                     // base[i]: keys sorted, recorded in the key index
	baseReserved                  // base[i]["_reserved_"]: keys sorted
	tensorInfo                    // base[i]["_reserved_"]["tensor"]: ndim, dtype, shape, strides first
)

// tensorKeys is the order upstream builds base[i]["_reserved_"]["tensor"] in.
var tensorKeys = []string{"ndim", "dtype", "shape", "strides"}

// MetadataView returns the metadata dict Python's Metadata holds, as CBOR
// whose maps are in the order the dicts must have, given frame, the CBOR of
// a metadata frame that core parsed (or core's re-encoding of merged
// metadata):
//
//   - top-level keys other than "base", "_extra_" and "_reserved_" move into
//     "_extra_" (core does the same on parse);
//   - "base" is padded with empty maps to nObjects entries (0: no padding);
//   - the maps upstream holds sorted ("_extra_", "_reserved_", base[i] and
//     base[i]["_reserved_"]) have their keys sorted as Python sorts them,
//     except base[i]["_reserved_"]["tensor"], which starts with ndim,
//     dtype, shape, strides as upstream builds it; every map nested in a
//     value keeps its wire order, as upstream's dicts do (the encoders
//     write canonical CBOR, so that is RFC 8949 order: shorter keys
//     first); duplicate keys keep the first position and the last value;
//   - every other item is copied byte for byte (tags around maps and arrays
//     are dropped: the Python decoder ignores tags).
//
// The view is a two-element CBOR array: the metadata map, then the flat key
// index of the Metadata mapping (see keyIndex).
func MetadataView(frame []byte, nObjects int) ([]byte, error) {
	var out []byte
	err := WithMetadataView(frame, nObjects, func(view []byte) error {
		out = slices.Clone(view)
		return nil
	})
	return out, err
}

// writers recycles view writers and their buffers: building a view then
// allocates nothing but what grows a buffer.
var writers = sync.Pool{New: func() any { return new(viewWriter) }}

// maxPooled is the buffer capacity above which a writer is not recycled.
const maxPooled = 1 << 16

// WithMetadataView calls use with the view MetadataView returns, in a
// recycled buffer that is valid only during the call.
func WithMetadataView(frame []byte, nObjects int, use func(view []byte) error) error {
	v := writers.Get().(*viewWriter)
	view, err := v.view(frame, nObjects)
	if err == nil {
		err = use(view)
	}
	if v.release() {
		writers.Put(v)
	}
	return err
}

// view writes the view of frame into v's buffers.
func (v *viewWriter) view(frame []byte, nObjects int) ([]byte, error) {
	v.b, v.src.b = frame, frame
	v.w.b = v.w.b[:0]
	es, ok, err := v.src.mapEntries(v.top[:0], 0, 0)
	if err != nil {
		return nil, err
	}
	if !ok {
		es = nil // not a map: viewed as an empty one
	}
	v.top = es
	es = v.src.pyOrder(es)
	var base, extra, reserved *entry
	free := v.free[:0]
	for i := range es {
		switch string(v.textOf(&es[i])) {
		case keyBase:
			base = &es[i]
		case keyExtra:
			extra = &es[i]
		case keyReserved:
			reserved = &es[i]
		default:
			free = append(free, es[i])
		}
	}
	v.free = free
	v.w.arrayN(2)
	hasExtra, hasBase := extra != nil || len(free) > 0, base != nil || nObjects > 0
	v.w.mapN(count(hasExtra, reserved != nil, hasBase))
	if hasExtra {
		if err := v.extra(extra, free); err != nil {
			return nil, err
		}
	}
	if reserved != nil {
		v.w.text(keyReserved)
		if _, err := v.item(reserved.val.start, sortedMap, 1); err != nil {
			return nil, err
		}
	}
	if hasBase {
		if err := v.base(base, nObjects); err != nil {
			return nil, err
		}
	}
	v.idx.write(&v.w)
	return v.w.b, nil
}

// release drops every reference v holds into the frame and reports whether
// its buffers are small enough to keep.
func (v *viewWriter) release() bool {
	v.b, v.src.b = nil, nil
	clear(v.src.rare)
	v.src.rare = v.src.rare[:0]
	clear(v.top[:cap(v.top)])
	clear(v.free[:cap(v.free)])
	clear(v.stack[:cap(v.stack)])
	v.stack = v.stack[:0]
	v.idx.reset()
	return cap(v.w.b) <= maxPooled && cap(v.scratch) <= maxPooled && cap(v.stack) <= maxPooled/64
}

func count(flags ...bool) int {
	n := 0
	for _, f := range flags {
		if f {
			n++
		}
	}
	return n
}

// textOf returns the text of a text key, nil for other keys.
func (v *viewWriter) textOf(e *entry) []byte {
	if e.k.kind != keyText {
		return nil
	}
	return v.src.bytesOf(&e.k)
}

// viewWriter writes the view of one frame in one pass: each map's entries
// are written in wire order, then rewritten in their final order.
type viewWriter struct {
	b       []byte // the frame
	src     keySrc // v.b, for keys
	w       cborWriter
	idx     keyIndex
	stack   []entry // the entries of every open map; children push above their parent's
	scratch []byte
	top     []entry // the frame's top-level entries
	free    []entry // the top-level entries moved into _extra_
}

// extra writes "_extra_": its own entries merged with the free top-level
// ones (a free key replaces an _extra_ entry of the same name).
func (v *viewWriter) extra(extra *entry, free []entry) error {
	v.w.text(keyExtra)
	if len(free) == 0 {
		_, err := v.item(extra.val.start, extraMap, 1)
		return err
	}
	start, top := v.beginMap()
	if extra != nil {
		if ok, _, err := v.addEntries(extra.val.start, extraMap, 1); err != nil {
			return err
		} else if !ok {
			return errCBOR
		}
	}
	for i := range free {
		if err := v.addEntry(free[i].key, extraMap, 1); err != nil {
			return err
		}
	}
	v.endMap(start, top, extraMap)
	return nil
}

// base writes "base", padded with empty maps to n entries.
func (v *viewWriter) base(base *entry, n int) error {
	var its []item
	if base != nil {
		var ok bool
		var err error
		if its, ok, err = arrayItems(v.b, base.val.start, 1); err != nil {
			return err
		}
		if !ok {
			if n <= 0 { // not a list and nothing to pad: kept as it is
				v.w.text(keyBase)
				_, err := v.item(base.val.start, plain, 1)
				return err
			}
			its = nil
		}
	}
	v.w.text(keyBase)
	v.w.arrayN(max(len(its), n))
	for i, it := range its {
		v.idx.entry = i
		if _, err := v.item(it.start, baseEntry, 2); err != nil {
			return err
		}
	}
	for i := len(its); i < n; i++ {
		v.w.mapN(0)
	}
	return nil
}

// item writes the item at pos and returns where it ends in the frame: maps
// and arrays rebuilt in order, anything else copied as it is.
func (v *viewWriter) item(pos int, mode writeMode, depth int) (int, error) {
	if depth > maxDepth {
		return 0, errCBOR
	}
	p, err := untagged(v.b, pos)
	if err != nil {
		return 0, err
	}
	major, arg, indef, q, err := head(v.b, p)
	if err != nil {
		return 0, err
	}
	switch major {
	case 5:
		start, top := v.beginMap()
		_, end, err := v.addEntries(p, mode, depth)
		if err != nil {
			return 0, err
		}
		v.endMap(start, top, mode)
		return end, nil
	case 4:
		return v.array(q, arg, indef, depth)
	}
	end, err := skip(v.b, pos, depth)
	if err != nil {
		return 0, err
	}
	v.w.b = append(v.w.b, v.b[pos:end]...)
	return end, nil
}

// array writes the elements starting at p of an array of n items (or up to
// its break when indef) and returns the end of the array.
func (v *viewWriter) array(p int, n uint64, indef bool, depth int) (int, error) {
	if !indef {
		if n > uint64(len(v.b)-p) {
			return 0, errCBOR
		}
		v.w.arrayN(int(n))
		for i := uint64(0); i < n; i++ {
			var err error
			if p, err = v.item(p, plain, depth+1); err != nil {
				return 0, err
			}
		}
		return p, nil
	}
	its, _, err := arrayItems(v.b, p-1, depth)
	if err != nil {
		return 0, err
	}
	v.w.arrayN(len(its))
	for _, it := range its {
		if _, err := v.item(it.start, plain, depth+1); err != nil {
			return 0, err
		}
	}
	if len(its) > 0 {
		p = its[len(its)-1].end
	}
	return p + 1, nil // the break byte
}

// beginMap starts a map: its entries are written from start and pushed on
// the stack from top.
func (v *viewWriter) beginMap() (start, top int) {
	return len(v.w.b), len(v.stack)
}

// addEntries writes every entry of the map at pos (mode: the map's) and
// returns whether it is a map and where it ends in the frame.
func (v *viewWriter) addEntries(pos int, mode writeMode, depth int) (bool, int, error) {
	return members(v.b, pos, 5, func(p int) (int, error) {
		ke, err := skip(v.b, p, depth+1)
		if err != nil {
			return 0, err
		}
		return v.addPair(item{p, ke}, mode, depth)
	})
}

// addEntry writes one entry whose key is at key (the value follows it).
func (v *viewWriter) addEntry(key item, mode writeMode, depth int) error {
	_, err := v.addPair(key, mode, depth)
	return err
}

// addPair writes the key item and the value after it, pushes the entry and
// returns the end of the value in the frame.
func (v *viewWriter) addPair(key item, mode writeMode, depth int) (int, error) {
	e := entry{k: v.src.keyOf(key.start)}
	e.key.start = len(v.w.b)
	v.w.b = append(v.w.b, v.b[key.start:key.end]...)
	e.key.end = len(v.w.b)
	end, err := v.item(key.end, childMode(mode, v.textOf(&e)), depth+1)
	if err != nil {
		return 0, err
	}
	e.val = item{e.key.end, len(v.w.b)}
	v.stack = append(v.stack, e)
	return end, nil
}

// childMode is the mode of the value under key k in a map of mode m.
func childMode(m writeMode, k []byte) writeMode {
	switch {
	case m == baseEntry && string(k) == keyReserved:
		return baseReserved
	case m == baseReserved && string(k) == "tensor":
		return tensorInfo
	}
	return plain
}

// endMap rewrites the entries written since beginMap as a map in the order
// mode asks for, records index keys, and pops the entries.
func (v *viewWriter) endMap(start, top int, mode writeMode) {
	es := v.stack[top:]
	if mode == plain {
		es = v.src.wireOrder(es)
	} else {
		es = v.src.pyOrder(es)
	}
	if mode == tensorInfo && len(es) > 1 {
		slices.SortStableFunc(es, func(a, b entry) int { return v.tensorRank(&a) - v.tensorRank(&b) })
	}
	v.scratch = append(v.scratch[:0], v.w.b[start:]...)
	v.w.b = v.w.b[:start]
	v.w.mapN(len(es))
	for i := range es {
		e := &es[i]
		key := v.scratch[e.key.start-start : e.key.end-start]
		v.w.b = append(v.w.b, key...)
		v.w.b = append(v.w.b, v.scratch[e.val.start-start:e.val.end-start]...)
		switch {
		case mode == extraMap:
			v.idx.addExtra(v.textOf(e))
		case mode == baseEntry && string(v.textOf(e)) != keyReserved:
			v.idx.addBase(v.textOf(e))
		}
	}
	v.stack = v.stack[:top]
}

// tensorRank is the position of a key in tensorKeys (len for other keys).
func (v *viewWriter) tensorRank(e *entry) int {
	if k := v.textOf(e); k != nil {
		for i, t := range tensorKeys {
			if string(k) == t {
				return i
			}
		}
	}
	return len(tensorKeys)
}
