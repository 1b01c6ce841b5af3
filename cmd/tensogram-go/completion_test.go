package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// Every script names every subcommand, every spelling of every option the
// parser accepts after it, and every value choice.
func TestCompletionCoversCommandTable(t *testing.T) {
	for _, shell := range completionShells {
		code, script, se := runCLI("completion", shell)
		if code != 0 || se != "" {
			t.Fatalf("%s: exit %d %s", shell, code, se)
		}
		for _, name := range commandNames() {
			if !strings.Contains(script, name) {
				t.Errorf("%s: subcommand %s missing", shell, name)
			}
		}
		for _, c := range append(commands(), nil) {
			for _, o := range optionsFor(c) {
				for _, sp := range o.spellings() {
					word := sp
					if shell == "fish" {
						word = map[bool]string{true: "-s " + sp[1:], false: "-l " + sp[2:]}[len(sp) == 2]
					}
					if !strings.Contains(script, word) {
						t.Errorf("%s: option %s missing", shell, word)
					}
				}
				for _, ch := range o.choices {
					if !strings.Contains(script, ch) {
						t.Errorf("%s: choice %s of %s missing", shell, ch, o.id)
					}
				}
			}
		}
	}
	if code, _, se := runCLI("completion", "tcsh"); code != 1 || se != "error: unknown shell 'tcsh': expected bash, zsh, fish\n" {
		t.Errorf("unknown shell: exit %d %q", code, se)
	}
	if code, _, se := runCLI("completion"); code != 2 || !strings.Contains(se, "<SHELL>") {
		t.Errorf("no shell: exit %d %q", code, se)
	}
}

// The bash script completes subcommands, options, option values and
// positionals as the table says (run in bash, when bash is installed).
func TestCompletionBashBehaviour(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Log("bash not installed; behaviour not checked")
		return
	}
	dir := t.TempDir()
	_, script, _ := runCLI("completion", "bash")
	os.WriteFile(filepath.Join(dir, "c.bash"), []byte(script), 0o644)
	os.WriteFile(filepath.Join(dir, "data.tgm"), nil, 0o644)
	cases := []struct{ line, want string }{
		{"tensogram-go val", "validate"},
		{"tensogram-go h", "help"},
		{"tensogram-go help sp", "split"},
		{"tensogram-go completion ", "bash fish zsh"},
		{"tensogram-go merge --strategy ", "error first last"},
		{"tensogram-go --nan-mask-method r", "rle roaring"},
		{"tensogram-go validate --qu", "--quick"},
		{"tensogram-go ls -", "--allow-inf --allow-nan --help --nan-mask-method --neg-inf-mask-method --no-progress --pos-inf-mask-method --small-mask-threshold --storage-option --threads -h -j -p -w"},
		{"tensogram-go --allow-nan = ", "false true"},
		{"tensogram-go --allow-nan =", "false true"},
		{"tensogram-go --allow-nan ", "completion copy doctor dump get help info ls merge reshuffle set split validate"},
		{"tensogram-go ls da", "data.tgm"},
		{"tensogram-go split -o da", "data.tgm"},
		{"tensogram-go --threads ", ""},
		{"tensogram-go doctor ", ""},
	}
	for _, c := range cases {
		words := strings.Split(c.line, " ")
		prog := "source c.bash; COMP_WORDS=(" + shellWords(words) + "); COMP_CWORD=" + itoa(len(words)-1) +
			"; _tensogram_go; printf '%s\\n' \"${COMPREPLY[@]}\""
		cmd := exec.Command(bash, "--norc", "-c", prog)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%q: %v %s", c.line, err, out)
		}
		fields := strings.Fields(string(out))
		sort.Strings(fields)
		got := strings.Join(fields, " ")
		if got != c.want {
			t.Errorf("%q completes to %q, want %q", c.line, got, c.want)
		}
	}
}

func shellWords(ws []string) string {
	q := make([]string, len(ws))
	for i, w := range ws {
		q[i] = "'" + w + "'"
	}
	return strings.Join(q, " ")
}

// The zsh and fish scripts parse, and fish completes from them (when those
// shells are installed).
func TestCompletionZshFish(t *testing.T) {
	dir := t.TempDir()
	for _, shell := range []string{"zsh", "fish"} {
		bin, err := exec.LookPath(shell)
		if err != nil {
			t.Logf("%s not installed; script not parsed", shell)
			continue
		}
		_, script, _ := runCLI("completion", shell)
		path := filepath.Join(dir, "c."+shell)
		os.WriteFile(path, []byte(script), 0o644)
		if out, err := exec.Command(bin, "-n", path).CombinedOutput(); err != nil {
			t.Errorf("%s -n: %v %s", shell, err, out)
		}
		if shell != "fish" {
			continue
		}
		out, err := exec.Command(bin, "--no-config", "-c", "source "+path+"; complete -C 'tensogram-go merge --strategy '").CombinedOutput()
		if err != nil || !strings.HasPrefix(string(out), "error\t") || !strings.Contains(string(out), "\nlast\t") {
			t.Errorf("fish completion: %v %q", err, out)
		}
	}
}
