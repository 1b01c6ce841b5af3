package testutil

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"math"
	"testing"
)

// CodecVector is one case of a byte codec's testdata/vectors.json as
// tools/gen_codec_vectors.py writes it: an input (hex, or generated when
// Gen is set), the bytes upstream produced from it (hex) and, for shuffle,
// the element size.
type CodecVector struct {
	Name        string `json:"name"`
	Input       string `json:"input"`
	Output      string `json:"output"`
	ElementSize int    `json:"element_size"`
	Gen         *struct {
		Kind string `json:"kind"`
		N    int    `json:"n"`
	} `json:"gen"`
}

// CodecVectors reads the cases of a byte codec's vectors file at path.
func CodecVectors(t testing.TB, path string) []CodecVector {
	t.Helper()
	return Cases[CodecVector](t, path)
}

// CheckCodecVectors runs a byte codec against its vectors file at path:
// for every case, encode (when not nil) must turn the input into
// upstream's bytes exactly, and decode must turn upstream's bytes back
// into the input. A mismatch or error is reported on t and the next case
// runs.
func CheckCodecVectors(t testing.TB, path string, encode, decode func(c CodecVector, b []byte) ([]byte, error)) {
	t.Helper()
	for _, c := range CodecVectors(t, path) {
		in, want := c.In(), c.Out()
		if encode != nil {
			got, err := encode(c, in)
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("%s (%d bytes): encoded output differs from upstream (got %d bytes, want %d): %v", c.Name, len(in), len(got), len(want), err)
			}
		}
		back, err := decode(c, want)
		if err != nil || !bytes.Equal(back, in) {
			t.Errorf("%s: decoding upstream bytes: got %d bytes, want %d: %v", c.Name, len(back), len(in), err)
		}
	}
}

// Cases reads the "cases" array of the JSON file at path (gzipped when
// the name ends in ".gz"); a file without cases fails t.
func Cases[T any](t testing.TB, path string) []T {
	t.Helper()
	var doc struct {
		Cases []T `json:"cases"`
	}
	ReadJSON(t, path, &doc)
	if len(doc.Cases) == 0 {
		t.Fatalf("%s: no cases", path)
	}
	return doc.Cases
}

// In returns the case's input bytes.
func (v CodecVector) In() []byte {
	if v.Gen != nil {
		return GenBytes(v.Gen.Kind, v.Gen.N)
	}
	b, _ := hex.DecodeString(v.Input)
	return b
}

// Out returns the bytes upstream produced.
func (v CodecVector) Out() []byte {
	b, _ := hex.DecodeString(v.Output)
	return b
}

// Hex decodes the hex string s; malformed hex fails t.
func Hex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Float64sLE reads b as little-endian float64 values (a trailing partial
// value is ignored).
func Float64sLE(b []byte) []float64 {
	out := make([]float64, len(b)/8)
	for i := range out {
		out[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
	}
	return out
}

// Float64sToLE writes v as little-endian float64 bytes.
func Float64sToLE(v []float64) []byte {
	out := make([]byte, 8*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint64(out[8*i:], math.Float64bits(x))
	}
	return out
}
