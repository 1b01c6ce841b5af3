// Package testutil holds helpers that the tests of several packages share:
// reading the files under their testdata/ folders (the JSON vectors that
// tools/gen_*_vectors.py records from upstream) and generating the inputs
// those vectors describe. Only tests import it.
package testutil

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// ReadFile returns the contents of the file at the joined path elements;
// a read error fails t.
func ReadFile(t testing.TB, elem ...string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(elem...))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// ReadJSON decodes the JSON file at path into v, gunzipping it first when
// the name ends in ".gz"; an error fails t.
func ReadJSON(t testing.TB, path string, v any) {
	t.Helper()
	decodeJSON(t, path, v, false)
}

// ReadJSONNumbers is ReadJSON keeping numbers as json.Number (exact
// integers and floats as written).
func ReadJSONNumbers(t testing.TB, path string, v any) {
	t.Helper()
	decodeJSON(t, path, v, true)
}

func decodeJSON(t testing.TB, path string, v any, numbers bool) {
	t.Helper()
	var r io.Reader = bytes.NewReader(ReadFile(t, path))
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(r)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	}
	dec := json.NewDecoder(r)
	if numbers {
		dec.UseNumber()
	}
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// GenBytes returns the n bytes of a generated input named by kind, as
// gen_bytes in tools/gen_codec_vectors.py makes them: "ramp" (a slow ramp
// with a short period), "lcg" (the top bytes of a 32-bit LCG) or "far"
// (1000 lcg bytes, zeros, the same 1000 bytes again; n >= 2000). Another
// kind panics.
func GenBytes(kind string, n int) []byte {
	out := make([]byte, n)
	switch kind {
	case "ramp":
		for i := range out {
			out[i] = byte((i/7)*3 + i%5)
		}
	case "lcg":
		x := uint32(12345)
		for i := range out {
			x = x*1103515245 + 12345
			out[i] = byte(x >> 24)
		}
	case "far":
		blk := GenBytes("lcg", 1000)
		copy(out, blk)
		copy(out[n-1000:], blk)
	default:
		panic("testutil: unknown generated input " + kind)
	}
	return out
}
