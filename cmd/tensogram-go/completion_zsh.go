package main

import (
	"fmt"
	"io"
	"strings"
)

// zshCompletion writes the zsh script: _arguments specs for the options
// before the subcommand, then per subcommand.
func zshCompletion(w io.Writer) {
	fmt.Fprintf(w, "#compdef %s\n", binName)
	header(w, "zsh", "source <(tensogram-go completion zsh), or save as _tensogram-go in $fpath")
	fmt.Fprintln(w, "_tensogram_go() {\n    local curcontext=\"$curcontext\" state line\n    typeset -A opt_args")
	fmt.Fprintf(w, "    _arguments -C \\\n%s        '1: :_tensogram_go_commands' \\\n        '*:: :->args'\n", zshSpecs(optionsFor(nil)))
	fmt.Fprintln(w, "    [[ $state == args ]] || return\n    case $words[1] in")
	for _, e := range completionEntries() {
		fmt.Fprintf(w, "    %s)\n        _arguments \\\n%s", e.name, zshSpecs(e.opts))
		switch {
		case e.name == "help":
			fmt.Fprintln(w, "            '1: :_tensogram_go_commands' ;;")
		case e.words != nil:
			fmt.Fprintf(w, "            '1: :(%s)' ;;\n", strings.Join(e.words, " "))
		case e.files:
			fmt.Fprintln(w, "            '*:file:_files' ;;")
		default:
			fmt.Fprintln(w, "            ;;")
		}
	}
	fmt.Fprintln(w, "    esac\n}\n\n_tensogram_go_commands() {\n    local -a cmds\n    cmds=(")
	for _, e := range completionEntries() {
		fmt.Fprintf(w, "        %s\n", zshQuote(e.name+":"+strings.ReplaceAll(e.about, ":", `\:`)))
	}
	fmt.Fprintln(w, "    )\n    _describe -t commands 'tensogram-go command' cmds\n}")
	fmt.Fprintln(w, "\nif [[ $funcstack[1] == _tensogram-go ]]; then\n    _tensogram_go \"$@\"\nelse\n    compdef _tensogram_go tensogram-go\nfi")
}

// zshSpecs renders options as _arguments specs, one per line, each line
// ending in a continuation.
func zshSpecs(opts []option) string {
	var b strings.Builder
	for _, o := range opts {
		desc := "[" + zshEscapeDesc(firstSentence(o.help)) + "]"
		action := ""
		switch {
		case o.kind == optBool:
			action = "::" + o.valueName + ":(" + strings.Join(o.choices, " ") + ")"
		case o.kind == optValue && o.choices != nil:
			action = ":" + o.valueName + ":(" + strings.Join(o.choices, " ") + ")"
		case o.takesFile():
			action = ":" + o.valueName + ":_files"
		case o.kind == optValue:
			action = ":" + o.valueName + ": "
		}
		repeat := ""
		if o.id == "storage-option" {
			repeat = "*"
		}
		for _, sp := range o.spellings() {
			suffix := ""
			switch {
			case o.kind == optBool:
				suffix = "=-"
			case o.kind == optValue && len(sp) == 2:
				suffix = "+"
			case o.kind == optValue:
				suffix = "="
			}
			fmt.Fprintf(&b, "            %s \\\n", zshQuote(repeat+sp+suffix+desc+action))
		}
	}
	return b.String()
}

// zshEscapeDesc escapes the brackets that would end an option description.
func zshEscapeDesc(s string) string {
	return strings.NewReplacer("[", `\[`, "]", `\]`).Replace(s)
}

// zshQuote single-quotes s for zsh.
func zshQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
