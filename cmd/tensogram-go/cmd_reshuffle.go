package main

import (
	"fmt"

	"github.com/tensogram-go/tensogram-go/core"
)

// cmdReshuffle re-encodes every message of INPUT (full decode, `_reserved_`
// dropped, default layout with hashes) into OUTPUT, turning streaming
// messages into random-access ones.
func cmdReshuffle(c *ctx) error {
	in, out := c.positionals("INPUT")[0], mustValue(c, "output")
	src, f, err := openPair(c, in, out)
	if err != nil {
		return err
	}
	defer src.close()
	defer f.Close()
	err = src.each(func(_ int, msg []byte) error {
		opts, err := encodeOptions(c)
		if err != nil {
			return err
		}
		m, err := decodeFull(msg, c.globals.threads)
		if err != nil {
			return err
		}
		b, err := core.Encode(stripReserved(m.Metadata), encodeInputs(m.Objects), opts)
		if err != nil {
			return err
		}
		return writeAll(f, b)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "Reshuffled %d message(s) from %s to %s\n", len(src.spans), in, out)
	return nil
}

func mustValue(c *ctx, id string) string {
	v, _ := c.value(id)
	return v
}
