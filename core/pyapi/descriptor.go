package pyapi

import (
	"math"
	"strings"

	"github.com/tensogram-go/tensogram-go/core"
)

// DescriptorFromCBOR decodes the CBOR of a descriptor dict and applies
// DescriptorFromDict.
func DescriptorFromCBOR(b []byte) (*core.Descriptor, string, error) {
	v, err := dictValue(b)
	if err != nil {
		return nil, "", err
	}
	return DescriptorFromDict(v)
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

// DescriptorFromDict applies upstream's rules for one descriptor dict given
// to encode: "type", "shape" and "dtype" required; strides default to C
// order; byte order to the host's; encoding, filter and compression to
// "none"; "ndim" and "hash" ignored; every other key becomes a param. The
// string returned is the UserWarning text upstream emits for application
// metadata found in the descriptor ("" for none).
func DescriptorFromDict(v any) (*core.Descriptor, string, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, "", valueErrorf("first element of each pair must be a descriptor dict")
	}
	d := &core.Descriptor{Encoding: "none", Filter: "none", Compression: "none", ByteOrder: core.NativeOrder}
	for _, k := range []string{"type", "shape", "dtype"} {
		if _, ok := m[k]; !ok {
			return nil, "", valueErrorf("descriptor missing '%s'", k)
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
		return nil, "", valueErrorf("unknown dtype: %s", dt)
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
			return nil, "", valueErrorf("unknown byte_order: '%s', expected 'little' or 'big'", s)
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
		return "", typeErrorf("descriptor '%s' must be a str", k)
	}
	return s, nil
}

// uintList converts a list of non-negative integers.
func uintList(v any, name string) ([]uint64, error) {
	list, ok := v.([]any)
	if !ok {
		return nil, valueErrorf("descriptor '%s' must be a list of non-negative integers", name)
	}
	out := make([]uint64, len(list))
	for i, e := range list {
		switch x := e.(type) {
		case uint64:
			out[i] = x
		case int64:
			if x < 0 {
				return nil, valueErrorf("descriptor '%s' must be a list of non-negative integers (got %d)", name, x)
			}
			out[i] = uint64(x)
		case float64:
			// upstream converts ints beyond i64 to floats; an exact
			// non-negative integral value is still a valid extent.
			if x < 0 || x != math.Trunc(x) || x >= 1<<64 {
				return nil, valueErrorf("descriptor '%s' must be a list of non-negative integers (got %v)", name, x)
			}
			out[i] = uint64(x)
		default:
			return nil, valueErrorf("descriptor '%s' must be a list of non-negative integers", name)
		}
	}
	return out, nil
}

// rowMajorStrides computes C-order element strides, failing on overflow
// with upstream's text.
func rowMajorStrides(shape []uint64) ([]uint64, error) {
	st, ok := core.CheckedCOrderStrides(shape)
	if !ok {
		return nil, valueErrorf("strides overflow: cannot compute strides for shape %s", core.FormatShape(shape))
	}
	return st, nil
}
