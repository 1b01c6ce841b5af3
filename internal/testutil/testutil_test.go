package testutil

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// TestReadJSONPlainAndGzip reads the same document from a .json and a
// .json.gz file, with and without json.Number.
func TestReadJSONPlainAndGzip(t *testing.T) {
	dir := t.TempDir()
	doc := []byte(`{"cases":[{"n":12345678901234567}]}`)
	plain := filepath.Join(dir, "v.json")
	if err := os.WriteFile(plain, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	if _, err := zw.Write(doc); err != nil || zw.Close() != nil {
		t.Fatal(err)
	}
	packed := filepath.Join(dir, "v.json.gz")
	if err := os.WriteFile(packed, gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{plain, packed} {
		var v struct{ Cases []struct{ N json.Number } }
		ReadJSON(t, p, &v)
		if len(v.Cases) != 1 || v.Cases[0].N != "12345678901234567" {
			t.Fatalf("%s: %+v", p, v)
		}
		var m map[string]any
		ReadJSONNumbers(t, p, &m)
		if n := m["cases"].([]any)[0].(map[string]any)["n"]; n != json.Number("12345678901234567") {
			t.Fatalf("%s: n = %#v", p, n)
		}
	}
}

// TestGenBytesMatchesGenerator pins the first bytes of each kind to what
// tools/gen_codec_vectors.py's gen_bytes produces.
func TestGenBytesMatchesGenerator(t *testing.T) {
	if got := GenBytes("ramp", 8); !bytes.Equal(got, []byte{0, 1, 2, 3, 4, 0, 1, 5}) {
		t.Fatalf("ramp % x", got)
	}
	lcg := GenBytes("lcg", 1000)
	if x := uint32(12345); lcg[0] != byte((x*1103515245+12345)>>24) {
		t.Fatalf("lcg[0] = %#x", lcg[0])
	}
	far := GenBytes("far", 3000)
	if !bytes.Equal(far[:1000], lcg) || !bytes.Equal(far[2000:], lcg) || bytes.ContainsFunc(far[1000:2000], func(r rune) bool { return r != 0 }) {
		t.Fatal("far is not lcg, zeros, lcg")
	}
}

// TestFloat64sLERoundTrip writes and reads back values bit for bit.
func TestFloat64sLERoundTrip(t *testing.T) {
	v := []float64{0, -1.5, math.Inf(1), math.Copysign(0, -1)}
	b := Float64sToLE(v)
	if len(b) != 32 || b[15] != 0xbf {
		t.Fatalf("% x", b)
	}
	for i, x := range Float64sLE(append(b, 1, 2, 3)) {
		if math.Float64bits(x) != math.Float64bits(v[i]) {
			t.Fatalf("value %d: %v, want %v", i, x, v[i])
		}
	}
}
