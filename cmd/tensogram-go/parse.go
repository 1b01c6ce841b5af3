package main

import (
	"strings"
	"unicode/utf8"
)

// parser walks the arguments of one invocation.
type parser struct {
	args    []string
	cmd     *command
	values  map[string][]string
	posIdx  int
	onlyPos bool
	action  string   // "help" or "version" when one was requested
	helpCmd bool     // the help subcommand was named
	order   []string // option ids in the order first given
}

// parse turns the arguments into a command and its values, or a usage
// error. Global options are accepted before and after the subcommand.
func parse(args []string) (*parser, error) {
	p := &parser{args: args, values: map[string][]string{}}
	for i := 0; i < len(args); i++ {
		a := args[i]
		var err error
		switch {
		case p.onlyPos || a == "-" || !strings.HasPrefix(a, "-"):
			err = p.positional(a)
		case a == "--":
			p.onlyPos = true
		case strings.HasPrefix(a, "--"):
			i, err = p.long(i)
		default:
			i, err = p.short(i)
		}
		if err != nil {
			return nil, err
		}
		if p.action == "help" || p.action == "version" {
			return p, nil
		}
	}
	if p.action == "help-pending" {
		p.action = "help"
		return p, nil
	}
	return p, p.finish()
}

// options returns the options valid at this point.
func (p *parser) options() []option { return optionsFor(p.cmd) }

// optionsFor returns the options accepted before any subcommand (cmd nil)
// or after cmd: the one list the parser, the help text and the shell
// completion scripts all use.
func optionsFor(cmd *command) []option {
	if cmd == nil {
		return append(append([]option{}, globalOpts...), topOpts...)
	}
	return append(append(append([]option{}, cmd.opts...), globalOpts...), helpOpt)
}

func (p *parser) usage() string {
	if p.cmd == nil {
		return binName + " [OPTIONS] <COMMAND>"
	}
	return binName + " " + p.cmd.usage
}

// unexpected is the error for an unknown option: a similar long option is
// suggested, else (for commands with positionals) the "--" escape.
// smartUsage is the usage line of errors that concern given arguments: the
// required options, the given ones in the order given, extra (a suggested
// option), then the positionals that are required or were given; skip is
// left out.
func (p *parser) smartUsage(extra, skip string) string {
	if p.cmd == nil {
		return p.topSmartUsage(extra)
	}
	parts := []string{binName, p.cmd.name}
	shown := map[string]bool{skip: true}
	show := func(id string) {
		for _, o := range p.cmd.opts {
			if o.id == id && !shown[id] {
				shown[id] = true
				parts = append(parts, o.display())
			}
		}
	}
	for _, o := range p.cmd.opts {
		if o.required {
			show(o.id)
		}
	}
	for _, id := range p.order {
		show(id)
	}
	show(extra)
	for _, pos := range p.cmd.pos {
		if _, given := p.values[pos.id]; pos.required || given {
			parts = append(parts, pos.display())
		}
	}
	return strings.Join(parts, " ")
}

// topSmartUsage is smartUsage before any subcommand: the options given, in
// the order given, then extra, then <COMMAND>.
func (p *parser) topSmartUsage(extra string) string {
	parts := []string{binName}
	opts := p.options()
	shown := map[string]bool{}
	for _, id := range append(append([]string{}, p.order...), extra) {
		for _, o := range opts {
			if o.id == id && !shown[id] {
				shown[id] = true
				parts = append(parts, o.display())
			}
		}
	}
	return strings.Join(append(parts, "<COMMAND>"), " ")
}

func (p *parser) unexpected(a string) error {
	var tips []string
	if strings.HasPrefix(a, "--") {
		var longs []string
		for _, o := range p.options() {
			if o.long != "" {
				longs = append(longs, o.long)
			}
		}
		name, _, _ := strings.Cut(a[2:], "=")
		if s := similar(name, longs); len(s) > 0 {
			best := s[len(s)-1]
			return &usageError{reason: "unexpected argument '" + a + "' found",
				tips: []string{"a similar argument exists: '--" + best + "'"}, usage: p.smartUsage(p.idOfLong(best), "")}
		}
	}
	if len(tips) == 0 && p.cmd != nil && len(p.cmd.pos) > 0 {
		tips = append(tips, "to pass '"+a+"' as a value, use '-- "+a+"'")
	}
	return &usageError{reason: "unexpected argument '" + a + "' found", tips: tips, usage: p.usage()}
}

// idOfLong returns the id of the option with that long name.
func (p *parser) idOfLong(long string) string {
	if o := p.find(long, 0); o != nil {
		return o.id
	}
	return ""
}

// unknownCommand is the error for an unknown subcommand name, suggesting
// similar ones.
func (p *parser) unknownCommand(a string) error {
	names := []string{}
	for _, c := range commands() {
		names = append(names, c.name)
	}
	names = append(names, "help")
	var tips []string
	switch s := similar(a, names); len(s) {
	case 0:
	case 1:
		tips = []string{"a similar subcommand exists: '" + s[0] + "'"}
	default:
		tips = []string{"some similar subcommands exist: '" + strings.Join(s, "', '") + "'"}
	}
	return &usageError{reason: "unrecognized subcommand '" + a + "'", tips: tips, usage: p.usage()}
}

func (p *parser) positional(a string) error {
	if p.cmd == nil && p.action == "" && a == "help" {
		p.helpCmd = true
		p.action = "help-pending"
		return nil
	}
	if p.action == "help-pending" {
		c := findCommand(a)
		if c == nil {
			return p.unknownCommand(a)
		}
		p.cmd = c
		p.action = "help"
		return nil
	}
	if p.cmd == nil {
		c := findCommand(a)
		if c == nil {
			return p.unknownCommand(a)
		}
		p.cmd = c
		return nil
	}
	if p.posIdx >= len(p.cmd.pos) {
		return &usageError{reason: "unexpected argument '" + a + "' found", usage: p.usage()}
	}
	pos := &p.cmd.pos[p.posIdx]
	p.values[pos.id] = append(p.values[pos.id], a)
	if !pos.multiple {
		p.posIdx++
	}
	return nil
}

func (p *parser) find(long string, short byte) *option {
	opts := p.options()
	for i := range opts {
		if (long != "" && opts[i].long == long) || (short != 0 && opts[i].short == short && opts[i].short != 0) {
			return &opts[i]
		}
	}
	return nil
}

func (p *parser) long(i int) (int, error) {
	a := p.args[i]
	name, val, hasEq := strings.Cut(a[2:], "=")
	o := p.find(name, 0)
	if o == nil {
		return i, p.unexpected("--" + name)
	}
	switch o.kind {
	case optFlag:
		if hasEq {
			return i, &usageError{reason: "unexpected value '" + val + "' for '" + o.display() + "' found; no more were expected", usage: p.usage()}
		}
		return i, p.set(o, "")
	case optBool:
		if !hasEq {
			val = "true"
		}
		return i, p.set(o, val)
	}
	if !hasEq {
		if i+1 >= len(p.args) || (strings.HasPrefix(p.args[i+1], "-") && p.args[i+1] != "-") {
			return i, p.missingValue(o)
		}
		i++
		val = p.args[i]
	}
	return i, p.set(o, val)
}

func (p *parser) short(i int) (int, error) {
	a := p.args[i]
	for j := 1; j < len(a); j++ {
		o := p.find("", a[j])
		if o == nil {
			r, _ := utf8.DecodeRuneInString(a[j:])
			return i, p.unexpected("-" + string(r))
		}
		if o.kind != optValue {
			if err := p.set(o, "true"); err != nil || p.action != "" {
				return i, err
			}
			continue
		}
		val := strings.TrimPrefix(a[j+1:], "=")
		if j+1 == len(a) {
			if i+1 >= len(p.args) || (strings.HasPrefix(p.args[i+1], "-") && p.args[i+1] != "-") {
				return i, p.missingValue(o)
			}
			i++
			val = p.args[i]
		}
		return i, p.set(o, val)
	}
	return i, nil
}

func (p *parser) missingValue(o *option) error {
	return &usageError{reason: "a value is required for '" + o.display() + "' but none was supplied"}
}

// set records a value after checking it.
func (p *parser) set(o *option, val string) error {
	switch o.id {
	case "help", "version":
		if p.action == "help-pending" {
			o.id = "help"
		}
		p.action = o.id
		return nil
	}
	if o.check != nil {
		if msg := o.check(val); msg != "" {
			return &usageError{reason: "invalid value '" + val + "' for '" + o.display() + "': " + msg}
		}
	}
	if _, seen := p.values[o.id]; !seen {
		p.order = append(p.order, o.id)
	}
	p.values[o.id] = append(p.values[o.id], val)
	return nil
}

// finish checks required arguments and conflicts.
func (p *parser) finish() error {
	if p.cmd == nil {
		names := []string{}
		for _, c := range commands() {
			if !c.extra {
				names = append(names, c.name)
			}
		}
		return &usageError{reason: "'" + binName + "' requires a subcommand but one was not provided\n  [subcommands: " +
			strings.Join(append(names, "help"), ", ") + "]", usage: p.usage()}
	}
	for i, a := range p.order {
		for _, b := range p.order[i+1:] {
			for _, cf := range p.cmd.conflicts {
				if (cf[0] == a && cf[1] == b) || (cf[0] == b && cf[1] == a) {
					return &usageError{reason: "the argument '--" + a + "' cannot be used with '--" + b + "'", usage: p.smartUsage(a, b)}
				}
			}
		}
	}
	var missing []string
	for _, o := range p.cmd.opts {
		if _, ok := p.values[o.id]; o.required && !ok {
			missing = append(missing, o.display())
		}
	}
	for _, pos := range p.cmd.pos {
		if _, ok := p.values[pos.id]; pos.required && !ok {
			missing = append(missing, pos.display())
		}
	}
	if len(missing) > 0 {
		return &usageError{reason: "the following required arguments were not provided:\n  " + strings.Join(missing, "\n  "), usage: p.smartUsage("", "")}
	}
	return nil
}

func findCommand(name string) *command {
	for _, c := range commands() {
		if c.name == name {
			return c
		}
	}
	return nil
}
