package pyapi

import (
	"github.com/tensogram-go/tensogram-go/core"
)

// Top-level metadata keys the Python API interprets.
const (
	keyBase     = "base"
	keyExtra    = "_extra_"
	keyAlias    = "extra"
	keyReserved = "_reserved_"
)

// GlobalFromCBOR decodes the CBOR of a metadata dict (as the Python
// extension encodes it) and applies GlobalFromDict.
func GlobalFromCBOR(b []byte) (*core.GlobalMetadata, error) {
	v, err := dictValue(b)
	if err != nil {
		return nil, err
	}
	return GlobalFromDict(v)
}

// dictValue decodes one CBOR item into core's metadata value model.
func dictValue(b []byte) (any, error) {
	v, _, err := core.UnmarshalLenient(b)
	if err != nil {
		return nil, valueErrorf("invalid CBOR from the shim: %v", err)
	}
	return core.NormalizeValue(v), nil
}

// GlobalFromDict applies upstream's rules for the metadata dict given to
// encode (v in core's value model): "base" a list of dicts without
// "_reserved_", "_extra_" (or its alias "extra") a dict, every other
// top-level key copied into Extra unless "_extra_" already has it. A
// "_reserved_" key anywhere is refused (the encoder writes it).
func GlobalFromDict(v any) (*core.GlobalMetadata, error) {
	top, ok := v.(map[string]any)
	if !ok {
		return nil, typeErrorf("metadata must be a dict")
	}
	if _, bad := top[keyReserved]; bad {
		return nil, valueErrorf("'_reserved_' must not be set by client code — the encoder populates it")
	}
	g := &core.GlobalMetadata{}
	if bv, present := top[keyBase]; present {
		list, ok := bv.([]any)
		if !ok {
			return nil, valueErrorf("'base' must be a list of dicts")
		}
		g.Base = make([]map[string]any, len(list))
		for i, e := range list {
			m, ok := e.(map[string]any)
			if !ok {
				return nil, valueErrorf("expected a dict")
			}
			if _, bad := m[keyReserved]; bad {
				return nil, valueErrorf("base entries must not contain '_reserved_' key — the encoder populates it")
			}
			g.Base[i] = m
		}
	}
	extra := map[string]any{}
	if ev, present := top[keyExtra]; present {
		m, ok := ev.(map[string]any)
		if !ok {
			return nil, valueErrorf("'_extra_' must be a dict")
		}
		extra = m
	} else if ev, present := top[keyAlias]; present {
		m, ok := ev.(map[string]any)
		if !ok {
			return nil, valueErrorf("'extra' must be a dict when provided as a convenience alias for '_extra_'")
		}
		extra = m
	}
	for k, val := range top {
		switch k {
		case keyBase, keyExtra, keyAlias:
			continue
		}
		if _, explicit := extra[k]; !explicit {
			extra[k] = val
		}
	}
	if len(extra) > 0 {
		g.Extra = extra
	}
	return g, nil
}
