package simplepacking

import (
	"bytes"
	"encoding/binary"
	"math"
	"testing"

	"github.com/tensogram-go/tensogram-go/internal/testutil"
)

type vecRange struct {
	Offset  int    `json:"offset"`
	Count   int    `json:"count"`
	Decoded string `json:"decoded"`
}

type vecCase struct {
	Name     string     `json:"name"`
	Bits     uint32     `json:"bits"`
	Order    string     `json:"order"`
	Input    string     `json:"input"`
	Ref      string     `json:"reference_value"`
	BSF      int32      `json:"binary_scale_factor"`
	DSF      int32      `json:"decimal_scale_factor"`
	Packed   string     `json:"packed"`
	Decoded  string     `json:"decoded"`
	Explicit bool       `json:"explicit"`
	Ranges   []vecRange `json:"ranges"`
}

func loadVectors(t *testing.T) []vecCase {
	return testutil.Cases[vecCase](t, "testdata/vectors.json")
}

func toBE(vals []float64) []byte {
	out := make([]byte, 8*len(vals))
	for i, v := range vals {
		binary.BigEndian.PutUint64(out[8*i:], math.Float64bits(v))
	}
	return out
}

// TestUpstreamVectors checks parameters, packed bytes, decoded values and
// range decodes against upstream tensogram 0.24.0 bit for bit.
func TestUpstreamVectors(t *testing.T) {
	for _, c := range loadVectors(t) {
		t.Run(c.Name, func(t *testing.T) {
			vals := testutil.Float64sLE(testutil.Hex(t, c.Input))
			want := Params{
				ReferenceValue:     testutil.Float64sLE(testutil.Hex(t, c.Ref))[0],
				BinaryScaleFactor:  c.BSF,
				DecimalScaleFactor: c.DSF,
				BitsPerValue:       c.Bits,
			}
			if !c.Explicit {
				got, err := ComputeParams(vals, c.Bits, c.DSF)
				if err != nil {
					t.Fatal(err)
				}
				if math.Float64bits(got.ReferenceValue) != math.Float64bits(want.ReferenceValue) ||
					got.BinaryScaleFactor != want.BinaryScaleFactor || got.DecimalScaleFactor != want.DecimalScaleFactor {
					t.Fatalf("params %+v, upstream %+v", got, want)
				}
			}
			packedWant := testutil.Hex(t, c.Packed)
			for _, threads := range []int{1, 2, 3} {
				var got []byte
				var err error
				if c.Order == "big" {
					got, err = EncodeBytes(toBE(vals), true, want, WithThreads(threads))
				} else {
					got, err = Encode(vals, want, WithThreads(threads))
				}
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, packedWant) {
					t.Fatalf("threads %d: packed\n got %x\nwant %x", threads, got, packedWant)
				}
			}
			decWant := testutil.Hex(t, c.Decoded)
			dec := make([]byte, len(decWant))
			if err := DecodeBytesInto(dec, false, packedWant, want); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(dec, decWant) {
				t.Fatalf("decoded\n got %x\nwant %x", dec, decWant)
			}
			for _, r := range c.Ranges {
				got, err := DecodeRange(packedWant, len(vals), r.Offset, r.Count, want)
				if err != nil {
					t.Fatal(err)
				}
				if w := testutil.Float64sLE(testutil.Hex(t, r.Decoded)); !sameBits(got, w) {
					t.Fatalf("range (%d,%d): got %v want %v", r.Offset, r.Count, got, w)
				}
			}
		})
	}
}

func sameBits(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}
