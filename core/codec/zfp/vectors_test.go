package zfp

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"testing"

	"github.com/tensogram-go/tensogram-go/internal/testutil"
)

// upstreamCase is one codec vector of testdata/vectors.json.gz, written by
// upstream tensogram 0.24.0 (tools/gen_zfp_vectors.py).
type upstreamCase struct {
	Kind    string  `json:"kind"`
	N       int     `json:"n"`
	Mode    string  `json:"mode"`
	Param   float64 `json:"param"`
	Input   string  `json:"input"`
	Stream  string  `json:"stream"`
	Decoded string  `json:"decoded"`
}

func (c upstreamCase) name() string {
	return fmt.Sprintf("%s/%s=%v/n=%d", c.Kind, c.Mode, c.Param, c.N)
}

func (c upstreamCase) params(t testing.TB) Params {
	m, ok := ParseMode(c.Mode)
	if !ok {
		t.Fatalf("bad mode %q", c.Mode)
	}
	return Params{Mode: m, Rate: c.Param, Precision: uint32(c.Param), Tolerance: c.Param}
}

func loadVectors(t testing.TB) []upstreamCase {
	return testutil.Cases[upstreamCase](t, "testdata/vectors.json.gz")
}

// TestUpstreamVectors checks byte identity of our streams with upstream's
// and bit identity of our decoded values with upstream's, for every case.
func TestUpstreamVectors(t *testing.T) {
	for _, c := range loadVectors(t) {
		p := c.params(t)
		in, stream, want := testutil.Hex(t, c.Input), testutil.Hex(t, c.Stream), testutil.Hex(t, c.Decoded)
		got, err := EncodeBytes(in, binary.LittleEndian, p)
		if err != nil || !bytes.Equal(got, stream) {
			t.Errorf("%s: encode differs from upstream (%d vs %d bytes, %v)", c.name(), len(got), len(stream), err)
			continue
		}
		out := make([]byte, len(want))
		if err := DecodeBytes(out, stream, binary.LittleEndian, p); err != nil || !bytes.Equal(out, want) {
			t.Errorf("%s: decode differs from upstream (%v)", c.name(), err)
			continue
		}
		vals := make([]float64, c.N)
		if err := Decode(vals, stream, p); err != nil {
			t.Fatalf("%s: %v", c.name(), err)
		}
		for i, v := range testutil.Float64sLE(want) {
			if math.Float64bits(v) != math.Float64bits(vals[i]) {
				t.Fatalf("%s: value %d = %v, upstream %v", c.name(), i, vals[i], v)
			}
		}
		checkRanges(t, c.name(), stream, vals, p)
	}
}

// checkRanges compares every range of a small field, and a sample of
// ranges of a large one, with the full decode.
func checkRanges(t *testing.T, name string, stream []byte, full []float64, p Params) {
	n := len(full)
	step := 1
	if n > 16 {
		step = n/7 + 1
	}
	for first := 0; first <= n; first += step {
		for count := 0; first+count <= n; count += step {
			dst := make([]float64, count)
			if err := DecodeRange(dst, stream, uint64(n), uint64(first), p); err != nil {
				t.Fatalf("%s: range [%d,+%d): %v", name, first, count, err)
			}
			for i := range dst {
				if math.Float64bits(dst[i]) != math.Float64bits(full[first+i]) {
					t.Fatalf("%s: range [%d,+%d) value %d differs", name, first, count, i)
				}
			}
		}
	}
}
