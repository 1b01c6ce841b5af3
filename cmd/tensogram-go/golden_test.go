package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// goldenCase is one invocation recorded from upstream's CLI by
// tools/gen_cli_goldens.py.
type goldenCase struct {
	Name    string            `json:"name"`
	Args    []string          `json:"args"`
	Env     map[string]string `json:"env"`
	Outputs []string          `json:"outputs"`
	Exit    int               `json:"exit"`
	Stdout  string            `json:"stdout"`
	Stderr  string            `json:"stderr"`
	Checks  []outputCheck     `json:"checks"`
}

// outputCheck is what upstream printed about one file a writer produced.
type outputCheck struct {
	File     string `json:"file"`
	Missing  bool   `json:"missing"`
	DumpJSON string `json:"dump_json"`
	Ls       string `json:"ls"`
	Validate string `json:"validate"`
}

// deliberateDifferences are cases whose output differs from upstream on
// purpose (see the README's CLI section).
var deliberateDifferences = map[string]bool{
	"usage/version":       true, // names this package and the wire version
	"usage/version-short": true,
	"usage/none":          true, // prints the help text, which is our own
	"run/remote":          true, // URLs are opened (upstream's CLI takes them as file names)
}

// cborDetail matches the CBOR parser's own description of a syntax error,
// the one part of an error text that differs between the two libraries
// (upstream prints its parser's internal error value, e.g. "Syntax(78)").
var cborDetail = regexp.MustCompile(`(failed to parse (descriptor )?CBOR: )[^\n"]*`)

// normalise replaces the CBOR parser's detail by a placeholder.
func normalise(s string) string { return cborDetail.ReplaceAllString(s, "${1}<detail>") }

func loadCases(t *testing.T) []goldenCase {
	t.Helper()
	b, err := os.ReadFile("testdata/cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []goldenCase
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	return cases
}

// invoke runs the CLI in-process with env set, returning exit code,
// stdout and stderr with dir replaced by "$OUT".
func invoke(t *testing.T, args []string, env map[string]string, dir string) (int, string, string) {
	t.Helper()
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "TENSOGRAM_") {
			t.Setenv(k, "")
			os.Unsetenv(k)
		}
	}
	for k, v := range env {
		t.Setenv(k, v)
	}
	full := make([]string, len(args))
	for i, a := range args {
		full[i] = strings.ReplaceAll(a, "$OUT", dir)
	}
	var out, errb bytes.Buffer
	code := run(full, nil, &out, &errb)
	for k := range env {
		os.Unsetenv(k)
	}
	return code, strings.ReplaceAll(out.String(), dir, "$OUT"), strings.ReplaceAll(errb.String(), dir, "$OUT")
}

// TestGoldenCases replays every recorded case and compares exit code,
// stdout and stderr byte for byte, then what our CLI prints about the files
// a writer produced with what upstream printed about its own.
func TestGoldenCases(t *testing.T) {
	for _, gc := range loadCases(t) {
		if deliberateDifferences[gc.Name] {
			continue
		}
		t.Run(gc.Name, func(t *testing.T) {
			dir := t.TempDir()
			code, so, se := invoke(t, gc.Args, gc.Env, dir)
			so, se = normalise(so), normalise(se)
			if code != gc.Exit || so != normalise(gc.Stdout) || se != normalise(gc.Stderr) {
				t.Fatalf("args %q\nexit %d, want %d\nstdout:\n%s\nwant:\n%s\nstderr:\n%s\nwant:\n%s", gc.Args, code, gc.Exit, so, gc.Stdout, se, gc.Stderr)
			}
			for _, ck := range gc.Checks {
				checkOutput(t, dir, ck)
			}
		})
	}
}

func checkOutput(t *testing.T, dir string, ck outputCheck) {
	t.Helper()
	path := filepath.Join(dir, ck.File)
	if _, err := os.Stat(path); (err != nil) != ck.Missing {
		t.Fatalf("%s: exists=%v, upstream missing=%v", ck.File, err == nil, ck.Missing)
	}
	if ck.Missing {
		return
	}
	_, so, se := invoke(t, []string{"dump", "-j", path}, nil, dir)
	if so+se != ck.DumpJSON {
		t.Errorf("%s: dump -j:\n%s\nwant:\n%s", ck.File, so+se, ck.DumpJSON)
	}
	_, so, _ = invoke(t, []string{"ls", "-p", "version,param,mars.param,codec,k,source", path}, nil, dir)
	if so != ck.Ls {
		t.Errorf("%s: ls:\n%s\nwant:\n%s", ck.File, so, ck.Ls)
	}
	_, so, _ = invoke(t, []string{"validate", "--json", path}, nil, dir)
	if so != ck.Validate {
		t.Errorf("%s: validate --json:\n%s\nwant:\n%s", ck.File, so, ck.Validate)
	}
}
