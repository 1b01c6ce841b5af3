package main

import (
	"fmt"
	"strings"

	"github.com/tensogram-go/tensogram-go/core"
)

// cmdDump prints every matching message in full: object summaries, base
// entries and extra (text), or one pretty JSON object per message (-j); with
// -j -p only the found keys, resolved on the full metadata.
func cmdDump(c *ctx) error {
	where, err := parseWhere(c.value("where"))
	if err != nil {
		return err
	}
	list, hasKeys := c.value("keys")
	asJSON := c.flag("json")
	return selectMessages(c, where, func(i int, msg []byte, _ *core.GlobalMetadata) error {
		m, err := core.Decode(msg, &core.DecodeOptions{WireOrder: true})
		if err != nil {
			return err
		}
		switch {
		case asJSON && hasKeys:
			fmt.Fprintln(c.stdout, jsonText(foundKeysJSON(m.Metadata, splitKeys(list)), true))
		case asJSON:
			fmt.Fprintln(c.stdout, jsonText(dumpJSON(m), true))
		default:
			fmt.Fprint(c.stdout, dumpText(i, m))
		}
		return nil
	})
}

// dumpText renders one message in the text layout of `dump`.
func dumpText(i int, m *core.Message) string {
	var b strings.Builder
	fmt.Fprintf(&b, "=== Message %d ===\nversion: %d\nobjects: %d\n", i, core.WireVersion, len(m.Objects))
	for j := range m.Objects {
		d := m.Objects[j].Descriptor
		fmt.Fprintf(&b, "  object[%d]: type=%s, dtype=%s, shape=%s\n", j, d.Type, d.DType, shapeText(d.Shape))
	}
	for j, base := range m.Metadata.Base {
		fmt.Fprintf(&b, "  base[%d]:\n", j)
		writeCompactMembers(&b, base)
	}
	if len(m.Metadata.Extra) > 0 {
		b.WriteString("  extra:\n")
		writeCompactMembers(&b, m.Metadata.Extra)
	}
	b.WriteByte('\n')
	return b.String()
}

func writeCompactMembers(b *strings.Builder, m map[string]any) {
	for _, mem := range toJSON(m).(jsonObject) {
		fmt.Fprintf(b, "    %s: %s\n", mem.Key, jsonText(mem.Value, false))
	}
}

func shapeText(shape []uint64) string {
	parts := make([]string, len(shape))
	for i, s := range shape {
		parts[i] = fmt.Sprint(s)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// dumpJSON is the `dump -j` object of a message: base (if any), extra (if
// any), objects (type, dtype, shape and the descriptor's codec parameters)
// and version, keys sorted.
func dumpJSON(m *core.Message) jsonObject {
	obj := jsonObject{}
	if len(m.Metadata.Base) > 0 {
		arr := make([]any, len(m.Metadata.Base))
		for i, b := range m.Metadata.Base {
			if b == nil {
				b = map[string]any{}
			}
			arr[i] = toJSON(b)
		}
		obj = append(obj, jsonMember{"base", arr})
	}
	if len(m.Metadata.Extra) > 0 {
		obj = append(obj, jsonMember{"extra", toJSON(m.Metadata.Extra)})
	}
	objs := make([]any, len(m.Objects))
	for i := range m.Objects {
		d := m.Objects[i].Descriptor
		o := jsonObject{{"type", d.Type}, {"dtype", d.DType.String()}, {"shape", toJSON(shapeAny(d.Shape))}}
		for k, v := range d.Params {
			o = append(o, jsonMember{k, toJSON(v)})
		}
		objs[i] = sortedObject(o)
	}
	obj = append(obj, jsonMember{"objects", objs}, jsonMember{"version", jsonRaw(fmt.Sprint(core.WireVersion))})
	return sortedObject(obj)
}

func shapeAny(shape []uint64) []any {
	out := make([]any, len(shape))
	for i, s := range shape {
		out[i] = s
	}
	return out
}
