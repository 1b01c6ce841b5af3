package main

import (
	"fmt"

	"github.com/tensogram-go/tensogram-go/core"
)

// cmdInfo prints a per-file summary: path, message count, size and, when
// the file holds a message, the wire version (after checking that the first
// message's metadata decodes).
func cmdInfo(c *ctx) error {
	for _, p := range c.positionals("FILES") {
		in, err := openInput(c, p)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "File: %s\n  Messages: %d\n  Size: %d bytes\n", p, len(in.spans), in.size)
		if len(in.spans) > 0 {
			msg, err := in.message(0)
			if err == nil {
				_, err = core.DecodeMetadata(msg)
			}
			if err != nil {
				in.close()
				return err
			}
			fmt.Fprintf(c.stdout, "  Version: %d\n", core.WireVersion)
		}
		in.close()
		fmt.Fprintln(c.stdout)
	}
	return nil
}
