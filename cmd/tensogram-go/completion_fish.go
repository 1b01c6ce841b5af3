package main

import (
	"fmt"
	"io"
	"strings"
)

// fishCompletion writes the fish script: one `complete` line per
// subcommand, per option (global options everywhere, the others after
// their subcommand) and per positional kind.
func fishCompletion(w io.Writer) {
	header(w, "fish", "tensogram-go completion fish | source")
	fmt.Fprintf(w, "complete -c %s -f\n", binName)
	for _, e := range completionEntries() {
		fmt.Fprintf(w, "complete -c %s -n __fish_use_subcommand -a %s -d %s\n", binName, e.name, fishQuote(e.about))
	}
	for _, o := range optionsFor(nil) {
		fishOption(w, "", o)
	}
	global := map[string]bool{helpOpt.id: true}
	for _, o := range globalOpts {
		global[o.id] = true
	}
	for _, e := range completionEntries() {
		cond := "__fish_seen_subcommand_from " + e.name
		for _, o := range e.opts {
			if !global[o.id] {
				fishOption(w, cond, o)
			}
		}
		if e.words != nil {
			fmt.Fprintf(w, "complete -c %s -n %s -a %s\n", binName, fishQuote(cond), fishQuote(strings.Join(e.words, " ")))
		}
		if e.files {
			fmt.Fprintf(w, "complete -c %s -n %s -F\n", binName, fishQuote(cond))
		}
	}
	fmt.Fprintf(w, "complete -c %s -n 'not __fish_use_subcommand' -s h -l help -d 'Print help'\n", binName)
}

// fishOption writes one option's line (cond "" for everywhere).
func fishOption(w io.Writer, cond string, o option) {
	if cond == "" && o.id == helpOpt.id {
		cond = "__fish_use_subcommand"
	}
	if cond == "" && o.id == "version" {
		cond = "__fish_use_subcommand"
	}
	line := "complete -c " + binName
	if cond != "" {
		line += " -n " + fishQuote(cond)
	}
	if o.short != 0 {
		line += " -s " + string(o.short)
	}
	if o.long != "" {
		line += " -l " + o.long
	}
	switch {
	case o.kind != optFlag && o.choices != nil:
		line += " -x -a " + fishQuote(strings.Join(o.choices, " "))
	case o.takesFile():
		line += " -r -F"
	case o.kind == optValue:
		line += " -x"
	}
	fmt.Fprintln(w, line+" -d "+fishQuote(firstSentence(o.help)))
}

// fishQuote single-quotes s for fish.
func fishQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, "'", `\'`).Replace(s) + "'"
}
