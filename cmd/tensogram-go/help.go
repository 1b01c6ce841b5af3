package main

import (
	"fmt"
	"strings"
)

// helpText is the --help output of the tool (cmd nil) or of a subcommand.
func helpText(cmd *command) string {
	var b strings.Builder
	if cmd == nil {
		fmt.Fprintf(&b, "Tensogram message files: inspect, filter, validate and re-encode\n\nUsage: %s [OPTIONS] <COMMAND>\n\nCommands:\n", binName)
		for _, c := range commands() {
			fmt.Fprintf(&b, "  %-10s %s\n", c.name, c.about)
		}
		fmt.Fprintf(&b, "  %-10s %s\n", "help", "Print this message or the help of the given subcommand(s)")
		b.WriteString("\nOptions:\n")
		writeOptions(&b, optionsFor(nil))
		return b.String()
	}
	fmt.Fprintf(&b, "%s\n\nUsage: %s %s\n", cmd.about, binName, cmd.usage)
	if len(cmd.pos) > 0 {
		b.WriteString("\nArguments:\n")
		for _, p := range cmd.pos {
			name := "[" + p.valueName + "]"
			if p.required {
				name = "<" + p.valueName + ">"
			}
			if p.multiple {
				name += "..."
			}
			fmt.Fprintf(&b, "  %s\n", name)
		}
	}
	b.WriteString("\nOptions:\n")
	writeOptions(&b, optionsFor(cmd))
	return b.String()
}

func writeOptions(b *strings.Builder, opts []option) {
	for _, o := range opts {
		flag := "    "
		if o.short != 0 {
			flag = "-" + string(o.short) + ", "
		}
		line := flag + o.display()
		extra := ""
		if o.env != "" {
			extra += " [env: " + o.env + "=]"
		}
		if o.def != "" {
			extra += " [default: " + o.def + "]"
		}
		fmt.Fprintf(b, "  %s\n          %s%s\n", line, o.help, extra)
	}
}
