package main

import (
	"strconv"
	"strings"

	"github.com/tensogram-go/tensogram-go/core"
)

// immutableKeys may not be the last segment of a `set` key: they describe
// the payload, which `set` does not re-encode.
var immutableKeys = []string{"shape", "strides", "dtype", "ndim", "type", "encoding", "filter", "compression", "hash",
	"szip_rsi", "szip_block_size", "szip_flags", "szip_block_offsets", "sp_reference_value", "sp_binary_scale_factor",
	"sp_decimal_scale_factor", "sp_bits_per_value", "shuffle_element_size"}

// mutation is one KEY=VALUE of `set -s`.
type mutation struct{ key, value string }

// parseMutations splits and checks the `-s` list.
func parseMutations(list string) ([]mutation, error) {
	var out []mutation
	for _, item := range strings.Split(list, ",") {
		k, v, ok := strings.Cut(item, "=")
		if !ok {
			return nil, errf("invalid set value: %s", item)
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		segs := strings.Split(k, ".")
		if contains(immutableKeys, segs[len(segs)-1]) {
			return nil, errf("cannot modify immutable key: %s", k)
		}
		if segs[0] == "_reserved_" {
			return nil, errf("cannot modify '_reserved_' \u2014 this namespace is managed by the library")
		}
		out = append(out, mutation{k, v})
	}
	return out, nil
}

// cmdSet copies INPUT to OUTPUT, re-encoding (without hashes) the matching
// messages with the mutations applied.
func cmdSet(c *ctx) error {
	where, err := parseWhere(c.value("where"))
	if err != nil {
		return err
	}
	list, _ := c.value("set")
	muts, err := parseMutations(list)
	if err != nil {
		return err
	}
	in, out := c.positionals("INPUT")[0], c.positionals("OUTPUT")[0]
	src, f, err := openPair(c, in, out)
	if err != nil {
		return err
	}
	defer src.close()
	defer f.Close()
	return src.each(withMetadata(func(_ int, msg []byte, g *core.GlobalMetadata) error {
		if !where.matches(g) {
			return writeAll(f, msg)
		}
		m, err := decodeFull(msg, 0)
		if err != nil {
			return err
		}
		meta := m.Metadata.Clone()
		inputs := encodeInputs(m.Objects)
		for _, mu := range muts {
			if err := applyMutation(meta, inputs, mu); err != nil {
				return err
			}
		}
		meta = stripReserved(meta)
		b, err := core.Encode(meta, inputs, &core.EncodeOptions{NoHash: true})
		if err != nil {
			return err
		}
		return writeAll(f, b)
	}))
}

// applyMutation stores one value (always as text): objects.N.path into
// descriptor N's parameters, extra.path / _extra_.path into extra, anything
// else into every base entry (into extra for a zero-object message).
func applyMutation(meta *core.GlobalMetadata, objs []core.EncodeInput, mu mutation) error {
	segs := strings.Split(mu.key, ".")
	switch segs[0] {
	case "objects":
		if len(segs) < 3 {
			return errf("invalid object key: %s", mu.key)
		}
		n, err := strconv.ParseUint(segs[1], 10, 64)
		if err != nil {
			return errf("invalid object index in key: %s", mu.key)
		}
		if n >= uint64(len(objs)) {
			return errf("object index out of range in key: %s", mu.key)
		}
		d := objs[n].Descriptor
		if d.Params == nil {
			d.Params = map[string]any{}
		}
		setPath(d.Params, segs[2:], mu.value)
	case "extra", "_extra_":
		if len(segs) < 2 {
			return errf("invalid extra key: %s (expected extra.key)", mu.key)
		}
		if meta.Extra == nil {
			meta.Extra = map[string]any{}
		}
		setPath(meta.Extra, segs[1:], mu.value)
	default:
		if len(meta.Base) == 0 {
			if meta.Extra == nil {
				meta.Extra = map[string]any{}
			}
			setPath(meta.Extra, segs, mu.value)
			return nil
		}
		for i := range meta.Base {
			if meta.Base[i] == nil {
				meta.Base[i] = map[string]any{}
			}
			setPath(meta.Base[i], segs, mu.value)
		}
	}
	return nil
}

// setPath stores value at the path, creating maps and replacing non-map
// intermediates (nested maps are copied before they are changed).
func setPath(m map[string]any, segs []string, value string) {
	for _, s := range segs[:len(segs)-1] {
		next, ok := m[s].(map[string]any)
		cp := make(map[string]any, len(next)+1)
		if ok {
			for k, v := range next {
				cp[k] = v
			}
		}
		m[s] = cp
		m = cp
	}
	m[segs[len(segs)-1]] = value
}
