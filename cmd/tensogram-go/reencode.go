package main

import (
	"os"
	"strings"

	"github.com/tensogram-go/tensogram-go/core"
)

// maskMethods are the mask method names the CLI accepts.
var maskMethods = []string{"none", "rle", "roaring", "lz4", "zstd", "blosc2"}

// encodeOptions builds the encode options of the re-encoding subcommands
// (merge, split, reshuffle) from the global options, checking the mask
// method names.
func encodeOptions(c *ctx) (*core.EncodeOptions, error) {
	g := c.globals
	for _, m := range []string{g.nanMask, g.posInfMask, g.negInfMask} {
		if !contains(maskMethods, m) {
			return nil, errf("unknown mask method %q (expected \"%s\")", m, strings.Join(maskMethods, "\" | \""))
		}
	}
	thr := g.smallMaskThreshold
	if thr == 0 {
		thr = -1
	}
	return &core.EncodeOptions{Threads: g.threads, AllowNaN: g.allowNaN, AllowInf: g.allowInf,
		NaNMaskMethod: g.nanMask, PosInfMaskMethod: g.posInfMask, NegInfMaskMethod: g.negInfMask,
		SmallMaskThreshold: thr}, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// decodeFull decodes a message in full keeping the wire byte order.
func decodeFull(msg []byte, threads int) (*core.Message, error) {
	return core.Decode(msg, &core.DecodeOptions{WireOrder: true, Threads: threads})
}

// stripReserved removes every `_reserved_` map (message level and per base
// entry) so the encoder regenerates them.
func stripReserved(g *core.GlobalMetadata) *core.GlobalMetadata {
	g = g.Clone()
	g.Reserved = nil
	for _, b := range g.Base {
		delete(b, "_reserved_")
	}
	return g
}

// encodeInputs turns decoded objects back into encoder inputs (masks are
// recomputed by the encoder).
func encodeInputs(objs []core.DecodedObject) []core.EncodeInput {
	in := make([]core.EncodeInput, len(objs))
	for i, o := range objs {
		d := o.Descriptor.Clone()
		d.Masks = nil
		in[i] = core.EncodeInput{Descriptor: d, Data: o.Data}
	}
	return in
}

// createOutput creates or truncates an output file (bare OS error text on
// failure; parent directories are not created).
func createOutput(path string) (*os.File, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, errf("%s", osText(err))
	}
	return f, nil
}

// writeAll writes b to f, reporting failures as OS errors.
func writeAll(f *os.File, b []byte) error {
	if _, err := f.Write(b); err != nil {
		return errf("%s", osText(err))
	}
	return nil
}
