package core

// Go values in descriptor parameters. Parameters read from a message are
// uint64 / int64 / float64 (the value model of NormalizeValue); a Go
// program naturally writes map[string]any{"zstd_level": 9} with an int.
// Encode converts such Go numbers first, so both spellings are accepted
// and write the same bytes.

// goNumber converts a Go integer or float32 to the value model (uint64 for
// non-negative integers, int64 for negative ones, float64 for float32);
// ok is false when v needs no conversion.
func goNumber(v any) (any, bool) {
	var i int64
	switch x := v.(type) {
	case int:
		i = int64(x)
	case int8:
		i = int64(x)
	case int16:
		i = int64(x)
	case int32:
		i = int64(x)
	case uint:
		return uint64(x), true
	case uint8:
		return uint64(x), true
	case uint16:
		return uint64(x), true
	case uint32:
		return uint64(x), true
	case float32:
		return float64(x), true
	case []any:
		return goNumbers(x)
	default:
		return v, false
	}
	if i >= 0 {
		return uint64(i), true
	}
	return i, true
}

// goNumbers converts the elements of an array; the input is not modified.
func goNumbers(a []any) (any, bool) {
	var out []any
	for i, e := range a {
		if c, ok := goNumber(e); ok {
			if out == nil {
				out = append([]any(nil), a...)
			}
			out[i] = c
		}
	}
	if out == nil {
		return a, false
	}
	return out, true
}

// withGoParams returns d, or a copy whose Params hold Go numbers converted
// to the value model (d is not modified).
func (d *Descriptor) withGoParams() *Descriptor {
	var params map[string]any
	for k, v := range d.Params {
		if c, ok := goNumber(v); ok {
			if params == nil {
				params = cloneMap(d.Params)
			}
			params[k] = c
		}
	}
	if params == nil {
		return d
	}
	c := *d
	c.Params = params
	return &c
}

// forEncode returns the descriptor Encode works with: defaults filled in
// (WithDefaults) and Go numbers in Params converted.
func (d *Descriptor) forEncode() *Descriptor {
	return d.WithDefaults().withGoParams()
}
