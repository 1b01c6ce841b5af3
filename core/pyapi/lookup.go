package pyapi

import "github.com/tensogram-go/tensogram-go/core"

// PathValue resolves a dot path in the metadata of frame (a metadata frame
// body, as for MetadataView) with upstream's rules, those of
// core.GlobalMetadata.Lookup (message-wide) or, when scoped, LookupAt(obj)
// (base[obj] only). It returns a CBOR array: empty when the path is absent,
// else holding the value, whose maps are in the view's key order.
func PathValue(frame []byte, path string, scoped bool, obj int64) ([]byte, error) {
	g, err := core.ParseGlobalMetadata(frame)
	if err != nil {
		return nil, err
	}
	var v any
	var ok bool
	switch {
	case !scoped:
		v, ok = g.Lookup(path)
	case obj >= 0 && obj < int64(len(g.Base)):
		v, ok = g.LookupAt(int(obj), path)
	}
	w := &cborWriter{}
	if !ok {
		w.arrayN(0)
		return w.b, nil
	}
	raw, err := core.MarshalCanonical(v)
	if err != nil {
		return nil, err
	}
	w.arrayN(1)
	vw := &viewWriter{b: raw, w: *w}
	if _, err := vw.item(0, plain, 0); err != nil {
		return nil, err
	}
	return vw.w.b, nil
}
