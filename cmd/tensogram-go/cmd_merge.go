package main

import (
	"fmt"
	"maps"
	"os"
	"reflect"
	"slices"

	"github.com/tensogram-go/tensogram-go/core"
)

// cmdMerge decodes every message of every input and writes one message
// holding all objects: base entries concatenated, extra keys merged by the
// strategy (first, last, error).
func cmdMerge(c *ctx) error {
	inputs := c.positionals("INPUTS")
	out := mustValue(c, "output")
	strategy, ok := c.value("strategy")
	if !ok {
		strategy = "first"
	}
	if len(inputs) == 0 {
		return errf("no input files specified")
	}
	if strategy != "first" && strategy != "last" && strategy != "error" {
		return errf("unknown merge strategy '%s': expected first, last, or error", strategy)
	}
	var meta *core.GlobalMetadata
	var objs []core.DecodedObject
	err := forEachMessage(c, inputs, func(_ int, msg []byte) error {
		m, err := decodeFull(msg, c.globals.threads)
		if err != nil {
			return err
		}
		objs = append(objs, m.Objects...)
		g := stripReserved(m.Metadata)
		if meta == nil {
			meta = g
			return nil
		}
		meta.Base = append(meta.Base, g.Base...)
		return mergeExtra(meta, g.Extra, strategy)
	})
	if err != nil {
		return err
	}
	if meta == nil {
		meta = &core.GlobalMetadata{}
	}
	opts, err := encodeOptions(c)
	if err != nil {
		return err
	}
	b, err := core.Encode(meta, encodeInputs(objs), opts)
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, b, 0o644); err != nil {
		return errf("%s", osText(err))
	}
	fmt.Fprintf(c.stdout, "Merged %d objects from %d file(s) into %s (strategy: %s)\n", len(objs), len(inputs), out, strategy)
	return nil
}

// mergeExtra merges a later message's extra keys into meta. Keys are taken
// in sorted order, as upstream's CLI takes them, so with several
// conflicting keys the "error" strategy names the first in that order.
func mergeExtra(meta *core.GlobalMetadata, extra map[string]any, strategy string) error {
	for _, k := range slices.Sorted(maps.Keys(extra)) {
		v := extra[k]
		old, exists := meta.Extra[k]
		switch {
		case !exists || strategy == "last":
			if meta.Extra == nil {
				meta.Extra = map[string]any{}
			}
			meta.Extra[k] = v
		case strategy == "error" && !reflect.DeepEqual(old, v):
			return errf("conflicting values for key '%s' (use --strategy first or last to resolve)", k)
		}
	}
	return nil
}
