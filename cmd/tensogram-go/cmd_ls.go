package main

import (
	"fmt"
	"strings"

	"github.com/tensogram-go/tensogram-go/core"
)

// selectMessages calls fn with the selection metadata (first metadata
// frame, un-merged) of every message of the files that passes the clause.
func selectMessages(c *ctx, where *whereClause, fn func(i int, msg []byte, g *core.GlobalMetadata) error) error {
	return forEachMessage(c, c.positionals("FILES"), withMetadata(func(i int, msg []byte, g *core.GlobalMetadata) error {
		if !where.matches(g) {
			return nil
		}
		return fn(i, msg, g)
	}))
}

// withMetadata adapts fn to the message iterators, decoding each message's
// selection metadata for it.
func withMetadata(fn func(i int, msg []byte, g *core.GlobalMetadata) error) func(int, []byte) error {
	return func(i int, msg []byte) error {
		g, err := core.DecodeMetadata(msg)
		if err != nil {
			return err
		}
		return fn(i, msg, g)
	}
}

// cmdLs prints one row per matching message: a TAB-separated header of the
// keys (default `version`), then display values ("N/A" when missing); with
// -j one pretty JSON object of the found keys per message.
func cmdLs(c *ctx) error {
	where, err := parseWhere(c.value("where"))
	if err != nil {
		return err
	}
	keys := []string{"version"}
	if v, ok := c.value("keys"); ok {
		keys = splitKeys(v)
	}
	asJSON := c.flag("json")
	if !asJSON {
		fmt.Fprintln(c.stdout, strings.Join(keys, "\t"))
	}
	return selectMessages(c, where, func(_ int, _ []byte, g *core.GlobalMetadata) error {
		if asJSON {
			fmt.Fprintln(c.stdout, jsonText(foundKeysJSON(g, keys), true))
			return nil
		}
		row := make([]string, len(keys))
		for i, k := range keys {
			s, ok := displayKey(g, k)
			if !ok {
				s = "N/A"
			}
			row[i] = s
		}
		fmt.Fprintln(c.stdout, strings.Join(row, "\t"))
		return nil
	})
}

// cmdGet prints the display values of the keys for every matching message,
// space-separated; a missing key is an error.
func cmdGet(c *ctx) error {
	where, err := parseWhere(c.value("where"))
	if err != nil {
		return err
	}
	list, _ := c.value("keys")
	keys := splitKeys(list)
	return selectMessages(c, where, func(_ int, _ []byte, g *core.GlobalMetadata) error {
		row := make([]string, len(keys))
		for i, k := range keys {
			s, ok := displayKey(g, k)
			if !ok {
				return errf("key not found: %s", k)
			}
			row[i] = s
		}
		fmt.Fprintln(c.stdout, strings.Join(row, " "))
		return nil
	})
}
