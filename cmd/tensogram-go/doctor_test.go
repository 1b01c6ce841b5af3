package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/tensogram-go/tensogram-go/core"
)

// TestDoctor checks the report shape upstream's doctor tests check: exit 0,
// the section headers, "Status: HEALTHY" as the last line, the converters
// off and skipped, and the JSON members.
func TestDoctor(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"doctor"}, nil, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s%s", code, out.String(), errb.String())
	}
	text := out.String()
	for _, want := range []string{"\nBuild\n", "\nCompiled-in features\n", "\nSelf-test\n", "  grib                  off\n",
		"  convert        netcdf3 (sanity-classic.nc)skipped (feature 'netcdf' not built in)\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q in\n%s", want, text)
		}
	}
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	if lines[len(lines)-1] != "Status: HEALTHY" {
		t.Errorf("last line %q", lines[len(lines)-1])
	}
	out.Reset()
	if code := run([]string{"doctor", "--json"}, nil, &out, &errb); code != 0 {
		t.Fatalf("--json exit %d", code)
	}
	var doc struct {
		Build    map[string]any   `json:"build"`
		Features []map[string]any `json:"features"`
		SelfTest []map[string]any `json:"self_test"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Build["wire_version"] != 3.0 || len(doc.Features) < 10 || len(doc.SelfTest) < 10 {
		t.Fatalf("report %+v", doc)
	}
	for _, f := range doc.Features {
		if s := f["state"]; s != "on" && s != "off" {
			t.Errorf("feature %v state %v", f["name"], s)
		}
	}
	for _, st := range doc.SelfTest {
		if o := st["outcome"]; o != "ok" && o != "skipped" {
			t.Errorf("self-test %v: %v", st["label"], o)
		}
	}
}

// TestVersionAndNoArguments covers the deliberate differences: --version
// names this package, upstream's release and the wire version; no
// arguments prints the help text to stderr with exit status 2.
func TestVersionAndNoArguments(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"-V"}} {
		var out, errb bytes.Buffer
		if code := run(args, nil, &out, &errb); code != 0 || out.String() != "tensogram-go "+core.Version+" (wire format 3, upstream tensogram 0.24.0)\n" {
			t.Errorf("%q: exit %d, %q", args, code, out.String())
		}
	}
	var out, errb bytes.Buffer
	if code := run(nil, nil, &out, &errb); code != 2 || out.Len() != 0 || !strings.Contains(errb.String(), "Usage: tensogram-go [OPTIONS] <COMMAND>") {
		t.Errorf("no arguments: exit %d, stderr %q", code, errb.String())
	}
}
