package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/tensogram-go/tensogram-go/core"
)

// cmdSplit writes one output file per object: messages with at most one
// object verbatim, multi-object messages re-encoded one object each with
// that object's base entry and the message's extra.
func cmdSplit(c *ctx) error {
	in, tmpl := c.positionals("INPUT")[0], mustValue(c, "output")
	n := 0
	write := func(b []byte) error {
		err := os.WriteFile(splitName(tmpl, n), b, 0o644)
		n++
		if err != nil {
			return errf("%s", osText(err))
		}
		return nil
	}
	err := forEachMessage(c, []string{in}, func(_ int, msg []byte) error {
		m, err := decodeFull(msg, c.globals.threads)
		if err != nil {
			return err
		}
		if len(m.Objects) <= 1 {
			return write(msg)
		}
		opts, err := encodeOptions(c)
		if err != nil {
			return err
		}
		g := stripReserved(m.Metadata)
		for i := range m.Objects {
			one := &core.GlobalMetadata{Extra: g.Extra}
			if i < len(g.Base) {
				one.Base = []map[string]any{g.Base[i]}
			}
			b, err := core.Encode(one, encodeInputs(m.Objects[i:i+1]), opts)
			if err != nil {
				return err
			}
			if err := write(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "Split into %d message(s)\n", n)
	return nil
}

// splitName is output number n: every "[index]" replaced by the 4-digit
// counter, else the counter appended to the file stem (dir/stem_NNNN.ext).
func splitName(tmpl string, n int) string {
	idx := fmt.Sprintf("%04d", n)
	if strings.Contains(tmpl, "[index]") {
		return strings.ReplaceAll(tmpl, "[index]", idx)
	}
	trimmed := strings.TrimRight(tmpl, "/")
	dir, file := filepath.Split(trimmed)
	if trimmed == "" && tmpl != "" {
		dir = "/"
	}
	stem, ext := file, ""
	if i := strings.LastIndexByte(file, '.'); i > 0 && file != ".." {
		stem, ext = file[:i], file[i:]
	}
	if stem == "" || stem == ".." {
		stem, ext = "split", ""
	}
	return dir + stem + "_" + idx + ext
}
