package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
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
