package core

import "sort"

// GlobalMetadata is the message-level metadata held by HeaderMetadata,
// FooterMetadata and PrecederMetadata frames (docs/metadata.md, "Global metadata").
//
// Values inside Base, Extra and Reserved follow the value model of
// NormalizeValue and round-trip through MarshalCanonical.
type GlobalMetadata struct {
	// Base holds one free-form map per data object, in frame order.
	Base []map[string]any
	// Extra holds client annotations (`_extra_`) plus every unrecognised
	// top-level key found on decode.
	Extra map[string]any
	// Reserved is the library-managed `_reserved_` section (provenance).
	Reserved map[string]any
	// Raw is the CBOR item this value was parsed from (a sub-slice of the
	// decoded buffer); nil for values built in code.
	Raw []byte
}

const reservedKey = "_reserved_"
const extraKey = "_extra_"

// ParseGlobalMetadata parses a metadata frame body with upstream's rules:
// one CBOR map (trailing bytes ignored), text keys at the top level, `base`
// an array of text-keyed maps, `_reserved_`/`_extra_` text-keyed maps and any
// other top-level key moved into Extra.
func ParseGlobalMetadata(body []byte) (*GlobalMetadata, error) {
	v, n, err := UnmarshalLenient(body)
	if err != nil {
		return nil, metadataErr("failed to parse CBOR: %v", err)
	}
	m, err := globalFromValue(v, body)
	if err != nil {
		return nil, err
	}
	m.Raw = body[:n]
	return m, nil
}

// globalFromValue builds the metadata from v, the decoded item of body
// (which only an error naming a non-text key reads; nil is allowed).
func globalFromValue(v any, body []byte) (*GlobalMetadata, error) {
	top, ok := textKeyed(v)
	if !ok {
		if _, isMap := untag(v).(map[any]any); isMap {
			return nil, metadataErr("global metadata has a non-text top-level key (%s key)", firstNonTextKey(body))
		}
		return nil, metadataErr("global metadata CBOR is not a map")
	}
	g := &GlobalMetadata{}
	if err := g.setSections(top); err != nil {
		return nil, err
	}
	var free []string
	for k := range top {
		if k != "base" && k != reservedKey && k != extraKey {
			free = append(free, k)
		}
	}
	if len(free) > 0 {
		sort.Strings(free)
		if g.Extra == nil {
			g.Extra = make(map[string]any, len(free))
		}
		explicit := g.Extra
		for _, k := range free {
			if _, dup := explicit[k]; dup && top[extraKey] != nil {
				return nil, metadataErr("ambiguous metadata: key %q appears both at the top level and inside `_extra_`; move it into `_extra_` only", k)
			}
		}
		for _, k := range free {
			g.Extra[k] = top[k]
		}
	}
	return g, nil
}

// ToMap returns the CBOR map upstream writes for g: empty sections omitted.
func (g *GlobalMetadata) ToMap() map[string]any {
	m := make(map[string]any, 3)
	if len(g.Base) > 0 {
		arr := make([]any, len(g.Base))
		for i, b := range g.Base {
			if b == nil {
				b = map[string]any{}
			}
			arr[i] = b
		}
		m["base"] = arr
	}
	if len(g.Extra) > 0 {
		m[extraKey] = g.Extra
	}
	if len(g.Reserved) > 0 {
		m[reservedKey] = g.Reserved
	}
	return m
}

// MarshalCBOR encodes g canonically (what a metadata frame body holds).
func (g *GlobalMetadata) MarshalCBOR() ([]byte, error) {
	return MarshalCanonical(g.ToMap())
}

// Clone returns a copy of g whose top-level containers (Base slice, each
// base map, Extra, Reserved) are fresh; nested values are shared.
func (g *GlobalMetadata) Clone() *GlobalMetadata {
	if g == nil {
		return &GlobalMetadata{}
	}
	c := &GlobalMetadata{Raw: g.Raw}
	if g.Base != nil {
		c.Base = make([]map[string]any, len(g.Base))
		for i, b := range g.Base {
			c.Base[i] = cloneMap(b)
		}
	}
	c.Extra = cloneMap(g.Extra)
	c.Reserved = cloneMap(g.Reserved)
	return c
}

func cloneMap(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	c := make(map[string]any, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// Lookup resolves a dotted key path message-wide with upstream's convention:
// base[0], base[1], … in order (first match wins; paths starting with
// `_reserved_` are hidden), then `_extra_`; a leading "extra." or "_extra_."
// targets `_extra_` only.
func (g *GlobalMetadata) Lookup(path string) (any, bool) {
	segs := splitPath(path)
	if len(segs) == 0 || path == "" {
		return nil, false
	}
	if segs[0] == "extra" || segs[0] == extraKey {
		return lookupPath(g.Extra, segs[1:])
	}
	if segs[0] != reservedKey {
		for _, b := range g.Base {
			if v, ok := lookupPath(b, segs); ok {
				return v, true
			}
		}
	}
	return lookupPath(g.Extra, segs)
}

// LookupAt resolves a dotted key path in base[i] only (no `_extra_`
// fallback; `_reserved_` as first segment is hidden; out of range → absent).
func (g *GlobalMetadata) LookupAt(i int, path string) (any, bool) {
	segs := splitPath(path)
	if i < 0 || i >= len(g.Base) || len(segs) == 0 || segs[0] == reservedKey {
		return nil, false
	}
	return lookupPath(g.Base[i], segs)
}

// Keys returns the message-level key union: each base entry's keys (sorted,
// `_reserved_` skipped) first-seen, then `_extra_`'s sorted keys.
func (g *GlobalMetadata) Keys() []string {
	seen := map[string]bool{}
	var out []string
	add := func(m map[string]any) {
		ks := make([]string, 0, len(m))
		for k := range m {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		for _, k := range ks {
			if k != reservedKey && !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	for _, b := range g.Base {
		add(b)
	}
	add(g.Extra)
	return out
}

func splitPath(p string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(p); i++ {
		if i == len(p) || p[i] == '.' {
			out = append(out, p[start:i])
			start = i + 1
		}
	}
	return out
}

func lookupPath(m map[string]any, segs []string) (any, bool) {
	if len(segs) == 0 || m == nil {
		return nil, false
	}
	var cur any = m
	for _, s := range segs {
		mm, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		cur, ok = mm[s]
		if !ok {
			return nil, false
		}
	}
	return cur, true
}

// validateForEncode applies the encoder-side rules of global metadata
// (docs/metadata.md, "Encoder rules").
func (g *GlobalMetadata) validateForEncode(nObjects int) error {
	if len(g.Reserved) > 0 {
		return metadataErr("client code must not write to '_reserved_' at message level; it is populated by the library")
	}
	for i, b := range g.Base {
		if _, ok := b[reservedKey]; ok {
			return metadataErr("client code must not write to '_reserved_' in base[%d]; it is populated by the library", i)
		}
	}
	if len(g.Base) > nObjects {
		return metadataErr("metadata base has %d entries but only %d descriptors provided; extra base entries would be discarded", len(g.Base), nObjects)
	}
	return nil
}

// tensorSummary is base[i]._reserved_.tensor for a descriptor.
func tensorSummary(d *Descriptor) map[string]any {
	shape, strides := nonNilU64(d.Shape), nonNilU64(d.Strides)
	return map[string]any{"ndim": d.NDim, "dtype": d.DType.String(), "shape": shape, "strides": strides}
}

// firstNonTextKey returns the kind (cborKind) of the first top-level key
// of body's map, in encoded order, that is not text, so that the error
// names the same key on every run (a Go map's order is random); body is
// known to decode.
func firstNonTextKey(body []byte) string {
	d := cborDecoder{b: body}
	major, info, arg, err := d.head()
	for err == nil && major == 6 {
		major, info, arg, err = d.head()
	}
	for i := uint64(0); err == nil && major == 5 && (info == 31 || i < arg); i++ {
		if info == 31 && d.isBreak() {
			break
		}
		var k any
		if k, err = d.value(1); err == nil {
			if _, text := untag(k).(string); !text {
				return cborKind(k)
			}
			_, err = d.value(1)
		}
	}
	return "unknown"
}

// setSections fills Base, Reserved and Extra from their top-level keys,
// checked in that order so that metadata with two malformed sections
// always names the same one.
func (g *GlobalMetadata) setSections(top map[string]any) error {
	if val, ok := top["base"]; ok {
		arr, ok := untag(val).([]any)
		if !ok {
			return metadataErr("failed to deserialize base: expected an array of maps, got %s", cborKind(val))
		}
		g.Base = make([]map[string]any, len(arr))
		for i, e := range arr {
			mm, ok := textKeyed(e)
			if !ok {
				return metadataErr("failed to deserialize base: entry %d is %s, expected a map with text keys", i, cborKind(e))
			}
			g.Base[i] = mm
		}
	}
	for _, sec := range [...]struct {
		key string
		dst *map[string]any
	}{{reservedKey, &g.Reserved}, {extraKey, &g.Extra}} {
		if val, ok := top[sec.key]; ok {
			mm, ok := textKeyed(val)
			if !ok {
				return metadataErr("failed to deserialize %s: expected a map with text keys, got %s", sec.key, cborKind(val))
			}
			*sec.dst = mm
		}
	}
	return nil
}
