package szip

import (
	"bytes"
	"encoding/hex"
	"slices"
	"testing"

	"github.com/tensogram-go/tensogram-go/internal/testutil"
)

// upstreamVector is one case written by tools/gen_szip_vectors.py from
// upstream tensogram 0.24.0 (libaec backend).
type upstreamVector struct {
	Name          string   `json:"name"`
	BitsPerSample int      `json:"bits_per_sample"`
	BlockSize     int      `json:"block_size"`
	RSI           int      `json:"rsi"`
	Flags         uint32   `json:"flags"`
	Samples       int      `json:"samples"`
	Input         string   `json:"input"`
	Payload       string   `json:"payload"`
	Offsets       []uint64 `json:"offsets"`
	BadRSIs       []int    `json:"upstream_bad_rsis"`
}

func loadVectors(t testing.TB) []upstreamVector {
	t.Helper()
	var doc struct {
		Vectors []upstreamVector `json:"vectors"`
	}
	testutil.ReadJSON(t, "testdata/vectors.json", &doc)
	if len(doc.Vectors) == 0 {
		t.Fatal("no vectors")
	}
	return doc.Vectors
}

func (v upstreamVector) decoded(t testing.TB) (Params, []byte, []byte) {
	t.Helper()
	in, err := hex.DecodeString(v.Input)
	if err != nil {
		t.Fatal(err)
	}
	payload, err := hex.DecodeString(v.Payload)
	if err != nil {
		t.Fatal(err)
	}
	p := Params{BitsPerSample: v.BitsPerSample, BlockSize: v.BlockSize, RSI: v.RSI, Flags: Flags(v.Flags)}
	return p, in, payload
}

func TestUpstreamVectors(t *testing.T) {
	sawDefect := false
	for _, v := range loadVectors(t) {
		t.Run(v.Name, func(t *testing.T) {
			p, in, payload := v.decoded(t)
			if got := len(in) / p.SampleWidth(); got != v.Samples {
				t.Fatalf("input holds %d samples, vector says %d", got, v.Samples)
			}
			out, offs, err := Encode(in, p)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out, payload) {
				t.Fatalf("payload differs from upstream (%d vs %d bytes)", len(out), len(payload))
			}
			_, loffs, err := Encode(in, p, WithLibaecOffsets())
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(loffs, v.Offsets) {
				t.Fatalf("libaec-mode offsets %v, upstream %v", loffs, v.Offsets)
			}
			// Our default offsets agree with upstream except exactly where
			// upstream's range decode proved its offset wrong.
			var differ []int
			for i := range offs {
				if offs[i] != v.Offsets[i] {
					differ = append(differ, i)
				}
			}
			if !slices.Equal(differ, v.BadRSIs) {
				t.Fatalf("offsets differ from upstream at %v, upstream range decode fails at %v", differ, v.BadRSIs)
			}
			bad, err := DefectiveOffsets(payload, p, v.Offsets, v.Samples)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(bad, v.BadRSIs) {
				t.Fatalf("DefectiveOffsets = %v, want %v", bad, v.BadRSIs)
			}
			sawDefect = sawDefect || len(bad) > 0
			dec := make([]byte, len(in))
			if err := Decode(dec, payload, p); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(dec, in) {
				t.Fatal("decode differs from upstream input")
			}
			cw := p.SampleWidth()
			s := p.RSISamples()
			for i := range v.Offsets {
				lo := i * s * cw
				hi := min(len(in), lo+s*cw+5*cw)
				part := make([]byte, hi-lo)
				if err := DecodeRange(part, payload, p, v.Offsets, lo); err != nil {
					t.Fatalf("range from rsi %d: %v", i, err)
				}
				if !bytes.Equal(part, in[lo:hi]) {
					t.Fatalf("range from rsi %d differs", i)
				}
			}
			for _, th := range []int{2, 4} {
				pout, _, err := Encode(in, p, WithThreads(th), withParallelMin(0))
				if err != nil || !bytes.Equal(pout, payload) {
					t.Fatalf("threads=%d: payload differs (%v)", th, err)
				}
				pdec := make([]byte, len(in))
				if err := Decode(pdec, payload, p, WithThreads(th), WithOffsets(v.Offsets), withParallelMin(0)); err != nil || !bytes.Equal(pdec, in) {
					t.Fatalf("threads=%d: decode differs (%v)", th, err)
				}
			}
		})
	}
	if !sawDefect {
		t.Fatal("no vector exercises libaec's defective offsets")
	}
}

// Group boundaries for parallel decode move off upstream's defective
// offsets: in u16_sparse_nopre entry 11 is defective, so a boundary there
// moves forward to a correct entry; a boundary on a correct entry stays.
func TestBoundariesAvoidDefectiveOffsets(t *testing.T) {
	for _, v := range loadVectors(t) {
		if v.Name != "u16_sparse_nopre" {
			continue
		}
		p, _, payload := v.decoded(t)
		c, err := newCoder(p)
		if err != nil {
			t.Fatal(err)
		}
		bounds := []int{0, 11, 30, len(v.Offsets)}
		movePastSuspectOffsets(c, payload, v.Offsets, bounds)
		if bounds[1] <= 11 || bounds[1] > 19 || slices.Contains(v.BadRSIs, bounds[1]) || bounds[2] != 30 {
			t.Fatalf("bounds = %v (defective entries %v)", bounds, v.BadRSIs)
		}
		return
	}
	t.Fatal("vector u16_sparse_nopre not found")
}
