package main

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/fxamacker/cbor/v2"

	"github.com/tensogram-go/tensogram-go/core"
)

func TestParseWhere(t *testing.T) {
	cases := []struct {
		in     string
		key    string
		vals   []string
		negate bool
	}{
		{"a=b", "a", []string{"b"}, false},
		{"a!=b/c", "a", []string{"b", "c"}, true},
		{"a=b=c", "a", []string{"b=c"}, false},
		{"a=b!=c", "a=b", []string{"c"}, true},
		{"k=", "k", []string{""}, false},
		{"k=a//b", "k", []string{"a", "", "b"}, false},
		{"mars.param =2t", "mars.param ", []string{"2t"}, false},
	}
	for _, c := range cases {
		w, err := parseWhere(c.in, true)
		if err != nil || w.key != c.key || w.negate != c.negate || len(w.values) != len(c.vals) {
			t.Fatalf("%q: %+v %v", c.in, w, err)
		}
		for i := range c.vals {
			if w.values[i] != c.vals[i] {
				t.Fatalf("%q: values %q", c.in, w.values)
			}
		}
	}
	if _, err := parseWhere("bad", true); err == nil || err.Error() != "invalid where clause: invalid where-clause: bad (expected key=value or key!=value)" {
		t.Fatalf("bad clause: %v", err)
	}
	if w, err := parseWhere("", false); w != nil || err != nil {
		t.Fatal("absent clause must be nil")
	}
}

func TestWhereMatches(t *testing.T) {
	g := &core.GlobalMetadata{Base: []map[string]any{{"param": "2t", "x": 1.0}, {"param": "msl"}}}
	for clause, want := range map[string]bool{
		"param=2t": true, "param=msl": false, "param!=msl": true, "nope!=x": true, "nope=x": false,
		"x=1": true, "x=1.0": false, "version=3": true,
	} {
		w, _ := parseWhere(clause, true)
		if got := w.matches(g); got != want {
			t.Errorf("%s: %v, want %v", clause, got, want)
		}
	}
}

func TestFloatFormats(t *testing.T) {
	for f, want := range map[float64]string{2.5: "2.5", 1: "1", 1e20: "100000000000000000000", 1e-7: "0.0000001", math.Inf(-1): "-inf", math.Copysign(0, -1): "-0"} {
		if got := plainFloat(f); got != want {
			t.Errorf("plainFloat(%v) = %q, want %q", f, got, want)
		}
	}
	for f, want := range map[float64]string{1: "1.0", 1e20: "1e20", 1e-5: "1e-5", 1.5e16: "1.5e16", 0.0001: "0.0001"} {
		if got := debugFloat(f); got != want {
			t.Errorf("debugFloat(%v) = %q, want %q", f, got, want)
		}
	}
	for f, want := range map[float64]string{0: "0.0", 1: "1.0", 1e15: "1000000000000000.0", 1e16: "1e+16", 1.5e-6: "1.5e-6", 1e-5: "0.00001", 5e-324: "5e-324"} {
		if got := jsonFloat(f); got != want {
			t.Errorf("jsonFloat(%v) = %q, want %q", f, got, want)
		}
	}
}

func TestDebugValue(t *testing.T) {
	v := []any{uint64(1), "x", map[string]any{"bb": int64(-2), "a": []byte{222, 173}}, nil, true, 1e20}
	want := `Array([Integer(Integer(1)), Text("x"), Map([(Text("a"), Bytes([222, 173])), (Text("bb"), Integer(Integer(-2)))]), Null, Bool(true), Float(1e20)])`
	if got := debugValue(v); got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}

func TestSplitName(t *testing.T) {
	for _, c := range [][3]any{
		{"dir/split_[index].tgm", 1, "dir/split_0001.tgm"},
		{"dir/out.tgm", 0, "dir/out_0000.tgm"},
		{"noext", 2, "noext_0002"},
		{"a.tar.gz", 3, "a.tar_0003.gz"},
		{".hidden", 0, ".hidden_0000"},
		{"x_[index]_[index]", 12345, "x_12345_12345"},
	} {
		if got := splitName(c[0].(string), c[1].(int)); got != c[2].(string) {
			t.Errorf("splitName(%q) = %q, want %q", c[0], got, c[2])
		}
	}
}

func TestExpandPlaceholders(t *testing.T) {
	g := &core.GlobalMetadata{Base: []map[string]any{{"p": "2t", "loop": "[loop]"}}}
	for tmpl, want := range map[string]string{
		"o/[p].tgm": "o/2t.tgm", "[nope]_[version]": "unknown_3", "a[b": "a[b", "x]y[p]": "x]y2t",
	} {
		if got := expandPlaceholders(tmpl, g); got != want {
			t.Errorf("%q: %q, want %q", tmpl, got, want)
		}
	}
	if got := expandPlaceholders("[loop]", g); got != "[loop]" {
		t.Errorf("self-referencing value: %q", got)
	}
}

// FuzzRun checks that no argument list makes the CLI panic (inputs are
// corpus files, so only the parser and readers are exercised).
func FuzzRun(f *testing.F) {
	f.Add("ls\x00-p\x00a,b\x00testdata/corpus/E.tgm")
	f.Add("dump\x00-j\x00-w\x00a!=b\x00testdata/corpus/corrupt.tgm")
	f.Add("--threads=\x00get\x00-p")
	f.Fuzz(func(t *testing.T, joined string) {
		args := bytes.Split([]byte(joined), []byte{0})
		strs := make([]string, len(args))
		for i, a := range args {
			strs[i] = string(a)
		}
		for _, a := range strs {
			switch a {
			case "set", "copy", "merge", "split", "reshuffle":
				return // writers would create files
			}
			if strings.Contains(a, "://") {
				return // URLs would reach the network (remote_test.go covers them)
			}
		}
		var out, errb bytes.Buffer
		run(strs, nil, &out, &errb)
	})
}

// TestPipeInput checks that a pipe given as a file name fails the way
// upstream's CLI fails on it (the file cannot be read by offset).
func TestPipeInput(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Skip(err)
	}
	defer r.Close()
	go func() { w.Write([]byte("TENSOGRM")); w.Close() }()
	var out, errb bytes.Buffer
	code := run([]string{"info", fmt.Sprintf("/dev/fd/%d", r.Fd())}, nil, &out, &errb)
	want := "error: io error: Illegal seek (os error 29)\n  caused by: Illegal seek (os error 29)\n"
	if code != 1 || errb.String() != want {
		t.Fatalf("exit %d, stderr %q", code, errb.String())
	}
}

// TestMisspelledGlobalOptionBeforeCommand checks the suggestion clap gives
// for an unknown long option before any subcommand (upstream's text, with
// this binary's name): the usage line lists the options given, the
// suggested one, then <COMMAND>. It used to crash (FuzzRun finding).
func TestMisspelledGlobalOptionBeforeCommand(t *testing.T) {
	cases := map[string][]string{
		"--allow-inf[=<ALLOW_INF>] <COMMAND>":                     {"--a"},
		"--threads <THREADS> --allow-nan[=<ALLOW_NAN>] <COMMAND>": {"--threads", "2", "--alow-nan"},
	}
	for usage, args := range cases {
		var out, errb bytes.Buffer
		if code := run(args, nil, &out, &errb); code != 2 || out.Len() != 0 {
			t.Fatalf("%q: exit %d, stdout %q", args, code, out.String())
		}
		bad := args[len(args)-1]
		suggested := "--allow-inf"
		if bad == "--alow-nan" {
			suggested = "--allow-nan"
		}
		want := "error: unexpected argument '" + bad + "' found\n\n  tip: a similar argument exists: '" + suggested +
			"'\n\nUsage: " + binName + " " + usage + "\n\nFor more information, try '--help'.\n"
		if errb.String() != want {
			t.Fatalf("%q:\n got %q\nwant %q", args, errb.String(), want)
		}
	}
}

// Map keys whose printed forms coincide (two NaNs; a tag around "a" and
// the text naming it) print in one order on every call, and a NaN key
// prints its own value.
func TestMapsWithCollidingKeysPrintDeterministically(t *testing.T) {
	tagged := cbor.Tag{Number: 0, Content: "a"}
	m := map[any]any{math.NaN(): uint64(1), tagged: uint64(2), debugValue(tagged): uint64(3)}
	for i := uint64(4); i < 12; i++ {
		m[math.NaN()] = i
	}
	var b strings.Builder
	writeJSON(&b, toJSON(m), false, 0)
	wantJSON, wantDebug := b.String(), debugValue(m)
	if strings.Contains(wantDebug, "Null") {
		t.Fatalf("a NaN key lost its value: %s", wantDebug)
	}
	for range 20 {
		b.Reset()
		writeJSON(&b, toJSON(m), false, 0)
		if b.String() != wantJSON {
			t.Fatalf("JSON changed between calls:\n%s\n%s", wantJSON, b.String())
		}
		if got := debugValue(m); got != wantDebug {
			t.Fatalf("debug form changed between calls:\n%s\n%s", wantDebug, got)
		}
	}
}
