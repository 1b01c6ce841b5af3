package main

import (
	"fmt"
	"io"
	"strings"
)

// optKind is how an option takes its value.
type optKind int

const (
	// optFlag takes no value.
	optFlag optKind = iota
	// optValue takes one value (next argument, attached, or after "=").
	optValue
	// optBool is a boolean flag whose value may only follow "=".
	optBool
)

// option describes one command-line option.
type option struct {
	id        string
	long      string
	short     byte
	kind      optKind
	valueName string
	required  bool
	env       string
	help      string
	def       string
	// check validates a value (a parse error text, or "").
	check func(string) string
	// choices are the values shell completion offers (nil: a file name
	// or free text).
	choices []string
}

// display is the option as usage errors name it, e.g. "--keys <KEYS>".
func (o *option) display() string {
	name := "--" + o.long
	if o.long == "" {
		name = "-" + string(o.short)
	}
	switch o.kind {
	case optValue:
		return name + " <" + o.valueName + ">"
	case optBool:
		return name + "[=<" + o.valueName + ">]"
	}
	return name
}

// positional describes the positional arguments of a command.
type positional struct {
	id        string
	valueName string
	required  bool
	multiple  bool
	// choices are the values shell completion offers (nil: file names).
	choices []string
}

// display is the positional as usage errors name it, e.g. "<INPUT>".
func (p *positional) display() string {
	if p.multiple {
		return "<" + p.valueName + ">..."
	}
	return "<" + p.valueName + ">"
}

// command is one subcommand: its options, positionals, mutually exclusive
// option pairs and the function that runs it.
type command struct {
	name      string
	about     string
	usage     string
	opts      []option
	pos       []positional
	conflicts [][2]string
	run       func(*ctx) error
	// progress: the subcommand draws a progress bar (progress.go).
	progress bool
	// extra: a subcommand upstream lacks, left out of the subcommand list
	// of usage errors so those stay identical to upstream's.
	extra bool
}

// ctx is a parsed command line plus the I/O streams.
type ctx struct {
	cmd            *command
	values         map[string][]string
	stdout, stderr io.Writer
	lookupEnv      func(string) (string, bool)
	globals        globalOptions
	// showProgress: draw progress bars (decided once, progressWanted).
	showProgress bool
}

// value returns an option's value and whether it was given.
func (c *ctx) value(id string) (string, bool) {
	v, ok := c.values[id]
	if !ok || len(v) == 0 {
		return "", false
	}
	return v[len(v)-1], true
}

// flag reports whether a flag was given.
func (c *ctx) flag(id string) bool {
	_, ok := c.values[id]
	return ok
}

// positionals returns the values of a positional argument.
func (c *ctx) positionals(id string) []string { return c.values[id] }

// usageError is a clap-style usage error (exit 2).
type usageError struct {
	reason string
	tips   []string
	usage  string // "" omits the Usage block
}

func (u *usageError) Error() string { return u.reason }

// print writes the error in clap's layout.
func (u *usageError) print(w io.Writer) {
	var b strings.Builder
	b.WriteString("error: " + u.reason + "\n")
	if len(u.tips) > 0 {
		b.WriteString("\n")
		for _, t := range u.tips {
			b.WriteString("  tip: " + t + "\n")
		}
	}
	if u.usage != "" {
		b.WriteString("\nUsage: " + u.usage + "\n")
	}
	b.WriteString("\nFor more information, try '--help'.\n")
	fmt.Fprint(w, b.String())
}
