package main

import (
	"fmt"
	"io"
	"strings"
)

// bashCompletion writes the bash script: a function that finds the
// subcommand among the words so far, then completes option names, option
// values (choices or file names) or positionals.
func bashCompletion(w io.Writer) {
	header(w, "bash", "source <(tensogram-go completion bash)")
	fmt.Fprintln(w, "_tensogram_go() {")
	fmt.Fprintln(w, `    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" cmd="" i opts="" words="" files="" eq=""`)
	fmt.Fprintln(w, `    # bash splits "--opt=value" at "=": complete the value of --opt`)
	fmt.Fprintln(w, `    if [[ $cur == "=" ]]; then cur="" eq=1; elif [[ $prev == "=" ]]; then prev="${COMP_WORDS[COMP_CWORD-2]}" eq=1; fi`)
	fmt.Fprintln(w, "    for ((i = 1; i < COMP_CWORD; i++)); do")
	fmt.Fprintf(w, "        case \"${COMP_WORDS[i]}\" in\n            %s) cmd=\"${COMP_WORDS[i]}\"; break ;;\n        esac\n    done\n",
		strings.Join(commandNames(), "|"))
	fmt.Fprintln(w, `    case "$cmd" in`)
	bashEntry(w, `""`, optionsFor(nil), commandNames(), false)
	for _, e := range completionEntries() {
		bashEntry(w, e.name, e.opts, e.words, e.files)
	}
	fmt.Fprintln(w, "    esac")
	fmt.Fprintln(w, `    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    elif [[ -n $files ]]; then
        COMPREPLY=($(compgen -f -- "$cur"))
    else
        COMPREPLY=($(compgen -W "$words" -- "$cur"))
    fi
}
complete -o filenames -F _tensogram_go tensogram-go`)
}

// bashEntry writes one case arm: value completion for the previous word,
// then the option, word and file lists.
func bashEntry(w io.Writer, label string, opts []option, words []string, files bool) {
	fmt.Fprintf(w, "    %s)\n        case \"$prev\" in\n", label)
	var names []string
	for _, o := range opts {
		sp := o.spellings()
		names = append(names, sp...)
		switch {
		case o.kind == optBool:
			fmt.Fprintf(w, "            %s) [[ -n $eq ]] && { COMPREPLY=($(compgen -W %q -- \"$cur\")); return; } ;;\n", strings.Join(sp, "|"), strings.Join(o.choices, " "))
		case o.kind != optValue:
		case o.choices != nil:
			fmt.Fprintf(w, "            %s) COMPREPLY=($(compgen -W %q -- \"$cur\")); return ;;\n", strings.Join(sp, "|"), strings.Join(o.choices, " "))
		case o.takesFile():
			fmt.Fprintf(w, "            %s) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n", strings.Join(sp, "|"))
		default:
			fmt.Fprintf(w, "            %s) COMPREPLY=(); return ;;\n", strings.Join(sp, "|"))
		}
	}
	fmt.Fprintln(w, "        esac")
	fmt.Fprintf(w, "        opts=%q\n", strings.Join(names, " "))
	if len(words) > 0 {
		fmt.Fprintf(w, "        words=%q\n", strings.Join(words, " "))
	}
	if files {
		fmt.Fprintln(w, "        files=1")
	}
	fmt.Fprintln(w, "        ;;")
}
