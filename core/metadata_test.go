package core

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestMetadataLookupHelpers(t *testing.T) {
	g := &GlobalMetadata{
		Base: []map[string]any{
			{"mars": map[string]any{"param": "2t"}, "b": uint64(0), "_reserved_": map[string]any{"tensor": 1}},
			{"mars": map[string]any{"param": "msl"}, "a": ""},
		},
		Extra: map[string]any{"src": "x", "mars": "extra"},
	}
	if v, ok := g.Lookup("mars.param"); !ok || v != "2t" {
		t.Fatal(v)
	}
	if v, ok := g.Lookup("b"); !ok || v != uint64(0) {
		t.Fatal("stored zero must be found")
	}
	if _, ok := g.Lookup("_reserved_.tensor"); ok {
		t.Fatal("_reserved_ must be hidden")
	}
	if v, ok := g.Lookup("extra.mars"); !ok || v != "extra" {
		t.Fatal(v)
	}
	if v, ok := g.Lookup("src"); !ok || v != "x" {
		t.Fatal(v)
	}
	if _, ok := g.Lookup(""); ok {
		t.Fatal("empty path")
	}
	if v, ok := g.LookupAt(1, "mars.param"); !ok || v != "msl" {
		t.Fatal(v)
	}
	if _, ok := g.LookupAt(1, "src"); ok {
		t.Fatal("LookupAt must not fall back to extra")
	}
	if _, ok := g.LookupAt(5, "a"); ok {
		t.Fatal("out of range")
	}
	if got := g.Keys(); !reflect.DeepEqual(got, []string{"b", "mars", "a", "src"}) {
		t.Fatal(got)
	}
}

func TestFileReportJSON(t *testing.T) {
	msg := mustEncode(t, nil, []EncodeInput{f32Input(1)}, nil)
	fr := ValidateBuffer(append([]byte("xx"), msg...), nil)
	j, err := json.Marshal(fr)
	if err != nil {
		t.Fatal(err)
	}
	s := string(j)
	if !strings.Contains(s, `"file_issues":[{"byte_offset":0,"description":"2 unrecognized bytes at offset 0","length":2}]`) || !strings.Contains(s, `"messages":[{"hash_verified":true`) {
		t.Fatal(s)
	}
	empty, _ := json.Marshal(ValidateBuffer(nil, nil))
	if string(empty) != `{"file_issues":[],"messages":[]}` {
		t.Fatal(string(empty))
	}
	_, err = ParseValidateMode("fast")
	wantErr(t, err, ErrMetadata, "unknown validation level: 'fast', expected one of: quick, default, checksum, full")
}
