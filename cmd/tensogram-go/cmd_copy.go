package main

import (
	"os"
	"strings"

	"github.com/tensogram-go/tensogram-go/core"
)

// cmdCopy copies the raw bytes of matching messages: into OUTPUT (created
// or truncated once), or, when OUTPUT holds a [key] placeholder, appended to
// the file named by expanding the placeholders per message.
func cmdCopy(c *ctx) error {
	where, err := parseWhere(c.value("where"))
	if err != nil {
		return err
	}
	in, out := c.positionals("INPUT")[0], c.positionals("OUTPUT")[0]
	placeholder := strings.Contains(out, "[") && strings.Contains(out, "]")
	src, err := openInput(c, in)
	if err != nil {
		return err
	}
	defer src.close()
	var single *os.File
	if !placeholder {
		if single, err = createOutput(out); err != nil {
			return err
		}
		defer single.Close()
	}
	return src.each(withMetadata(func(_ int, msg []byte, g *core.GlobalMetadata) error {
		if !where.matches(g) {
			return nil
		}
		if single != nil {
			return writeAll(single, msg)
		}
		f, err := os.OpenFile(expandPlaceholders(out, g), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			return errf("%s", osText(err))
		}
		defer f.Close()
		return writeAll(f, msg)
	}))
}

// expandPlaceholders replaces each [key] in template by the key's display
// value ("unknown" when missing), left to right, until a "[" has no later "]"
// (at most maxExpansions times, so values holding brackets cannot loop).
func expandPlaceholders(template string, g *core.GlobalMetadata) string {
	s := template
	for n := 0; n < maxExpansions; n++ {
		open := strings.IndexByte(s, '[')
		if open < 0 {
			return s
		}
		end := strings.IndexByte(s[open:], ']')
		if end < 0 {
			return s
		}
		key := s[open+1 : open+end]
		v, ok := displayKey(g, key)
		if !ok {
			v = "unknown"
		}
		s = s[:open] + v + s[open+end+1:]
	}
	return s
}

const maxExpansions = 1024
