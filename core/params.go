package core

import (
	"math"
	"math/big"
)

// Strictly typed access to descriptor parameters (docs/codecs.md,
// "Descriptor parameters"), for stage factories: the built-in codec
// adapters and any stage registered with RegisterStage read
// StageContext.Params through them. Every helper reports present=false
// when the key is absent, and a Metadata error when the key is present
// with the wrong CBOR type or out of range — values are never coerced.

// ParamInt64 reads an integer parameter in [min, max].
func ParamInt64(params map[string]any, key string, min, max int64) (v int64, present bool, err error) {
	raw, ok := params[key]
	if !ok {
		return 0, false, nil
	}
	switch x := raw.(type) {
	case uint64:
		if x > uint64(math.MaxInt64) || int64(x) > max {
			return 0, true, metadataErr("%s value %d out of range [%d, %d]", key, x, min, max)
		}
		v = int64(x)
	case int64:
		v = x
	case big.Int:
		return 0, true, metadataErr("%s value %s out of range [%d, %d]", key, x.String(), min, max)
	default:
		return 0, true, metadataErr("expected integer for %s, got %s", key, cborKind(raw))
	}
	if v < min || v > max {
		return 0, true, metadataErr("%s value %d out of range [%d, %d]", key, v, min, max)
	}
	return v, true, nil
}

// ParamUint64 reads an unsigned integer parameter no larger than max.
func ParamUint64(params map[string]any, key string, max uint64) (v uint64, present bool, err error) {
	raw, ok := params[key]
	if !ok {
		return 0, false, nil
	}
	switch x := raw.(type) {
	case uint64:
		if x > max {
			return 0, true, metadataErr("%s value %d out of range [0, %d]", key, x, max)
		}
		return x, true, nil
	case int64, big.Int:
		return 0, true, metadataErr("%s must be a non-negative integer, got a negative value", key)
	default:
		return 0, true, metadataErr("expected integer for %s, got %s", key, cborKind(raw))
	}
}

// ParamFloat reads a float parameter; integers with |n| ≤ 2^53 are accepted.
func ParamFloat(params map[string]any, key string) (v float64, present bool, err error) {
	raw, ok := params[key]
	if !ok {
		return 0, false, nil
	}
	const lim = 1 << 53
	switch x := raw.(type) {
	case float64:
		return x, true, nil
	case uint64:
		if x > lim {
			return 0, true, metadataErr("%s integer value %d is outside the f64 exact-representable range", key, x)
		}
		return float64(x), true, nil
	case int64:
		if x < -lim || x > lim {
			return 0, true, metadataErr("%s integer value %d is outside the f64 exact-representable range", key, x)
		}
		return float64(x), true, nil
	default:
		return 0, true, metadataErr("expected number for %s, got %s", key, cborKind(raw))
	}
}

// ParamText reads a text parameter.
func ParamText(params map[string]any, key string) (v string, present bool, err error) {
	raw, ok := params[key]
	if !ok {
		return "", false, nil
	}
	s, ok := raw.(string)
	if !ok {
		return "", true, metadataErr("expected text for %s, got %s", key, cborKind(raw))
	}
	return s, true, nil
}

// MissingParam returns upstream's error for an absent required parameter,
// for stage factories to return.
func MissingParam(key string) error {
	return metadataErr("missing required parameter: %s", key)
}
