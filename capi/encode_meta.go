package main

import (
	"math"
	"strings"

	"github.com/tensogram-go/tensogram-go/core"
)

// Top-level metadata keys the binding interprets (python-api.md §4).
const (
	keyBase     = "base"
	keyExtra    = "_extra_"
	keyAlias    = "extra"
	keyReserved = "_reserved_"
)

// globalFromDict applies upstream's rules for the metadata dict given to
// encode: base (list of dicts, no _reserved_), _extra_ / extra, every other
// top-level key copied into extra unless _extra_ already has it.
func globalFromDict(v any) (*core.GlobalMetadata, error) {
	top, ok := v.(map[string]any)
	if !ok {
		return nil, errorf(statusType, "metadata must be a dict")
	}
	if _, bad := top[keyReserved]; bad {
		return nil, errorf(statusValue, "'_reserved_' must not be set by client code — the encoder populates it")
	}
	g := &core.GlobalMetadata{}
	if bv, present := top[keyBase]; present {
		list, ok := bv.([]any)
		if !ok {
			return nil, errorf(statusValue, "'base' must be a list of dicts")
		}
		g.Base = make([]map[string]any, len(list))
		for i, e := range list {
			m, ok := e.(map[string]any)
			if !ok {
				return nil, errorf(statusValue, "expected a dict")
			}
			if _, bad := m[keyReserved]; bad {
				return nil, errorf(statusValue, "base entries must not contain '_reserved_' key — the encoder populates it")
			}
			g.Base[i] = m
		}
	}
	extra := map[string]any{}
	if ev, present := top[keyExtra]; present {
		m, ok := ev.(map[string]any)
		if !ok {
			return nil, errorf(statusValue, "'_extra_' must be a dict")
		}
		extra = m
	} else if ev, present := top[keyAlias]; present {
		m, ok := ev.(map[string]any)
		if !ok {
			return nil, errorf(statusValue, "'extra' must be a dict when provided as a convenience alias for '_extra_'")
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

// misplacedKeys are application-metadata keys that belong in base[i], not
// in a descriptor (upstream warns about them).
var misplacedKeys = []string{"name", "param", "shortName", "long_name", "description", "units",
	"dim_names", "mars", "cf", "product", "instrument"}

// misplacedWarning returns upstream's UserWarning text for a descriptor that
// holds application metadata keys, or "".
func misplacedWarning(m map[string]any) string {
	var found []string
	for _, k := range misplacedKeys {
		if _, ok := m[k]; ok {
			found = append(found, "'"+k+"'")
		}
	}
	if len(found) == 0 {
		return ""
	}
	return "descriptor contains application-metadata-like keys (" + strings.Join(found, ", ") +
		") that were captured into DataObjectDescriptor.params.  Application metadata belongs in " +
		"meta['base'][i] — placing it in the descriptor dict works (xarray/zarr fall back to " +
		"descriptor params) but is not canonical and may produce unexpected results in downstream " +
		"tools. See examples/python/02b_generic_metadata.py for the recommended pattern."
}

// descriptorFromDict applies upstream's descriptor dict rules (python-api.md §5).
func descriptorFromDict(v any) (*core.Descriptor, string, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, "", errorf(statusValue, "first element of each pair must be a descriptor dict")
	}
	d := &core.Descriptor{Encoding: "none", Filter: "none", Compression: "none", ByteOrder: core.NativeOrder}
	for _, k := range []string{"type", "shape", "dtype"} {
		if _, ok := m[k]; !ok {
			return nil, "", errorf(statusValue, "descriptor missing '%s'", k)
		}
	}
	var err error
	if d.Type, err = textField(m, "type"); err != nil {
		return nil, "", err
	}
	if d.Shape, err = uintList(m["shape"], "shape"); err != nil {
		return nil, "", err
	}
	d.NDim = uint64(len(d.Shape))
	dt, err := textField(m, "dtype")
	if err != nil {
		return nil, "", err
	}
	if d.DType, ok = core.ParseDType(dt); !ok {
		return nil, "", errorf(statusValue, "unknown dtype: %s", dt)
	}
	if sv, present := m["strides"]; present {
		if d.Strides, err = uintList(sv, "strides"); err != nil {
			return nil, "", err
		}
	} else if d.Strides, err = rowMajorStrides(d.Shape); err != nil {
		return nil, "", err
	}
	if _, present := m["byte_order"]; present {
		s, err := textField(m, "byte_order")
		if err != nil {
			return nil, "", err
		}
		if d.ByteOrder, ok = core.ParseByteOrder(s); !ok {
			return nil, "", errorf(statusValue, "unknown byte_order: '%s', expected 'little' or 'big'", s)
		}
	}
	for _, f := range []struct {
		key string
		dst *string
	}{{"encoding", &d.Encoding}, {"filter", &d.Filter}, {"compression", &d.Compression}} {
		if _, present := m[f.key]; present {
			if *f.dst, err = textField(m, f.key); err != nil {
				return nil, "", err
			}
		}
	}
	for k, val := range m {
		switch k {
		case "type", "shape", "dtype", "strides", "byte_order", "encoding", "filter", "compression", "ndim", "hash":
			continue
		}
		if d.Params == nil {
			d.Params = map[string]any{}
		}
		d.Params[k] = val
	}
	return d, misplacedWarning(m), nil
}

func textField(m map[string]any, k string) (string, error) {
	s, ok := m[k].(string)
	if !ok {
		return "", errorf(statusType, "descriptor '%s' must be a str", k)
	}
	return s, nil
}

// uintList converts a list of non-negative integers.
func uintList(v any, name string) ([]uint64, error) {
	list, ok := v.([]any)
	if !ok {
		return nil, errorf(statusValue, "descriptor '%s' must be a list of non-negative integers", name)
	}
	out := make([]uint64, len(list))
	for i, e := range list {
		switch x := e.(type) {
		case uint64:
			out[i] = x
		case int64:
			if x < 0 {
				return nil, errorf(statusValue, "descriptor '%s' must be a list of non-negative integers (got %d)", name, x)
			}
			out[i] = uint64(x)
		case float64:
			// upstream converts ints beyond i64 to floats; an exact
			// non-negative integral value is still a valid extent.
			if x < 0 || x != math.Trunc(x) || x >= 1<<64 {
				return nil, errorf(statusValue, "descriptor '%s' must be a list of non-negative integers (got %v)", name, x)
			}
			out[i] = uint64(x)
		default:
			return nil, errorf(statusValue, "descriptor '%s' must be a list of non-negative integers", name)
		}
	}
	return out, nil
}

// rowMajorStrides computes C-order element strides, failing on overflow
// with upstream's text.
func rowMajorStrides(shape []uint64) ([]uint64, error) {
	st := make([]uint64, len(shape))
	acc := uint64(1)
	for i := len(shape) - 1; i >= 0; i-- {
		st[i] = acc
		if i > 0 {
			hi, lo := mulOverflow(acc, shape[i])
			if hi {
				return nil, errorf(statusValue, "strides overflow: cannot compute strides for shape %s", formatShape(shape))
			}
			acc = lo
		}
	}
	return st, nil
}

func mulOverflow(a, b uint64) (bool, uint64) {
	if a == 0 || b == 0 {
		return false, 0
	}
	p := a * b
	return p/b != a, p
}

func formatShape(shape []uint64) string {
	var sb strings.Builder
	sb.WriteByte('[')
	for i, s := range shape {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(uitoa(s))
	}
	sb.WriteByte(']')
	return sb.String()
}

func uitoa(v uint64) string {
	if v == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for v > 0 {
		i--
		b[i] = byte('0' + v%10)
		v /= 10
	}
	return string(b[i:])
}
