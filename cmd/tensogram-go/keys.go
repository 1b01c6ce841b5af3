package main

import (
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/tensogram-go/tensogram-go/core"
)

// wireVersionText is the value of the `version` pseudo-key.
var wireVersionText = strconv.Itoa(core.WireVersion)

// lookupKey resolves a dotted key path in a message's metadata the way the
// CLI does (docs/metadata.md): `version` is the wire version, an empty first
// segment never matches, everything else is core.GlobalMetadata.Lookup
// (base entries in order, `_reserved_` hidden, then `_extra_`).
func lookupKey(g *core.GlobalMetadata, key string) (any, bool) {
	if key == "version" {
		return uint64(core.WireVersion), true
	}
	if key == "" || strings.HasPrefix(key, ".") || g == nil {
		return nil, false
	}
	return g.Lookup(key)
}

// displayKey returns the display string of a key's value (ok false when the
// key is absent).
func displayKey(g *core.GlobalMetadata, key string) (string, bool) {
	v, ok := lookupKey(g, key)
	if !ok {
		return "", false
	}
	return displayValue(v), true
}

// displayValue renders a metadata value as text: strings verbatim, numbers
// in plain decimal, containers in their debug form.
func displayValue(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case uint64:
		return strconv.FormatUint(x, 10)
	case int64:
		return strconv.FormatInt(x, 10)
	case *big.Int:
		return x.String()
	case float64:
		return plainFloat(x)
	case bool:
		return strconv.FormatBool(x)
	case nil:
		return "null"
	}
	return debugValue(v)
}

// plainFloat formats a float without exponent, integral values without a
// fraction, NaN as "NaN" and infinities as "inf"/"-inf".
func plainFloat(f float64) string {
	if s, ok := nonFiniteText(f); ok {
		return s
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// nonFiniteText is how every text output prints a non-finite float: "NaN",
// "inf" or "-inf"; ok is false for finite f.
func nonFiniteText(f float64) (s string, ok bool) {
	switch {
	case math.IsNaN(f):
		return "NaN", true
	case math.IsInf(f, 1):
		return "inf", true
	case math.IsInf(f, -1):
		return "-inf", true
	}
	return "", false
}
