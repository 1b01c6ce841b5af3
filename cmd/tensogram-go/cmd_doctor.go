package main

import (
	"fmt"
	"strings"

	"github.com/tensogram-go/tensogram-go/core"
	"github.com/tensogram-go/tensogram-go/core/pyapi"
)

// Column widths of the human doctor report.
const (
	featureNameWidth = 22
	selfTestWidth    = 42
)

// converterTests are the self-test rows of converters this build lacks.
var converterTests = []struct{ label, feature string }{
	{"convert        grib    (sanity.grib2)", "grib"},
	{"convert        netcdf3 (sanity-classic.nc)", "netcdf"},
	{"convert        netcdf4 (sanity-hdf5.nc)", "netcdf"},
}

// doctorReport is the environment report: pyapi.Doctor's build, features
// and self-tests (the same the Python doctor() gives) plus the converter
// rows of the command-line tool.
type doctorReport struct {
	build    map[string]any
	features []map[string]any
	tests    []map[string]any
}

func loadDoctor() (*doctorReport, error) {
	v, _, err := core.UnmarshalLenient(pyapi.Doctor())
	if err != nil {
		return nil, err
	}
	top, _ := core.NormalizeValue(v).(map[string]any)
	r := &doctorReport{}
	r.build, _ = top["build"].(map[string]any)
	for _, f := range asMaps(top["features"]) {
		r.features = append(r.features, f)
	}
	r.tests = asMaps(top["self_test"])
	for _, name := range []string{"grib", "netcdf"} {
		r.features = append(r.features, map[string]any{"name": name, "kind": "converter", "state": "off"})
	}
	for _, ct := range converterTests {
		r.tests = append(r.tests, map[string]any{"label": ct.label, "outcome": "skipped",
			"reason": "feature '" + ct.feature + "' not built in"})
	}
	return r, nil
}

func asMaps(v any) []map[string]any {
	arr, _ := v.([]any)
	out := make([]map[string]any, 0, len(arr))
	for _, e := range arr {
		if m, ok := e.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

func (r *doctorReport) healthy() bool {
	for _, t := range r.tests {
		if t["outcome"] == "failed" {
			return false
		}
	}
	return true
}

// cmdDoctor prints the report (text or --json); exit 1 if a self-test
// failed.
func cmdDoctor(c *ctx) error {
	r, err := loadDoctor()
	if err != nil {
		return err
	}
	if c.flag("json") {
		fmt.Fprintln(c.stdout, jsonText(r.json(), true))
	} else {
		fmt.Fprint(c.stdout, r.text())
	}
	if !r.healthy() {
		return silentError
	}
	return nil
}

func str(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}

func (r *doctorReport) text() string {
	var b strings.Builder
	title := binName + " doctor"
	fmt.Fprintf(&b, "%s\n%s\n\nBuild\n", title, strings.Repeat("=", len(title)))
	for _, row := range [][2]string{{binName, str(r.build, "version")}, {"wire-format", fmt.Sprint(r.build["wire_version"])},
		{"target", str(r.build, "target")}, {"profile", str(r.build, "profile")}} {
		fmt.Fprintf(&b, "  %-*s%s\n", featureNameWidth, row[0], row[1])
	}
	b.WriteString("\nCompiled-in features\n")
	for _, f := range r.features {
		state := "off"
		if str(f, "state") == "on" {
			ver := str(f, "version")
			if ver == "" {
				ver = "unknown"
			}
			state = fmt.Sprintf("on  (%s %s %s)", str(f, "backend"), linkageText(str(f, "linkage")), ver)
		}
		fmt.Fprintf(&b, "  %-*s%s\n", featureNameWidth, str(f, "name"), state)
	}
	b.WriteString("\nSelf-test\n")
	for _, t := range r.tests {
		out := "ok"
		switch str(t, "outcome") {
		case "failed":
			out = "FAILED"
			if e := str(t, "error"); e != "" {
				out += "  (" + e + ")"
			}
		case "skipped":
			out = "skipped (" + str(t, "reason") + ")"
		}
		fmt.Fprintf(&b, "  %-*s%s\n", selfTestWidth, str(t, "label"), out)
	}
	status := "HEALTHY"
	if !r.healthy() {
		status = "UNHEALTHY"
	}
	fmt.Fprintf(&b, "\nStatus: %s\n", status)
	return b.String()
}

// linkageText spells a linkage value as the human report shows it.
func linkageText(l string) string {
	switch l {
	case "ffi":
		return "FFI"
	case "pure-rust":
		return "pure-Rust"
	case "pure-go":
		return "pure-Go"
	}
	return l
}

func (r *doctorReport) json() jsonObject {
	b := r.build
	build := jsonObject{{"version", b["version"]}, {"wire_version", toJSON(b["wire_version"])}, {"target", b["target"]}, {"profile", b["profile"]}}
	feats := []any{}
	for _, f := range r.features {
		o := jsonObject{{"name", f["name"]}, {"kind", f["kind"]}, {"state", f["state"]}}
		if f["state"] == "on" {
			o = append(o, jsonMember{"backend", f["backend"]}, jsonMember{"linkage", f["linkage"]}, jsonMember{"version", f["version"]})
		}
		feats = append(feats, o)
	}
	tests := []any{}
	for _, t := range r.tests {
		o := jsonObject{{"label", t["label"]}, {"outcome", t["outcome"]}}
		for _, k := range []string{"error", "reason"} {
			if v, ok := t[k]; ok {
				o = append(o, jsonMember{k, v})
			}
		}
		tests = append(tests, o)
	}
	return jsonObject{{"build", build}, {"features", feats}, {"self_test", tests}}
}
