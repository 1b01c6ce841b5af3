package szip

import (
	"bytes"
	"math/rand"
	"testing"

	"github.com/tensogram-go/tensogram-go/internal/testutil"
)

// Ranges decoded in any order through one RSIStarts, from a libaec table
// with defective entries, equal the same bytes of a full decode, and the
// starts recorded are the true ones.
func TestRSIStartsSharedAcrossRanges(t *testing.T) {
	// RSIs of a zero block (after preprocessing) then a non-zero one:
	// every other libaec entry is defective.
	unit := testutil.Hex(t, "0a0b0c0c0c0c0c0c"+"0c0c0c0c0c0c0c0c"+"0c0c0c0c0c0c0c0c"+"c8034d8c09fa1f80")
	samples := append(bytes.Repeat(unit, 20), testutil.Hex(t, "0505050505050505"+"05050505")...)
	p := Params{BitsPerSample: 8, BlockSize: 8, RSI: 2, Flags: FlagPreprocess}
	n := len(samples)
	rng := rand.New(rand.NewSource(7))
	stream, libaec, err := AppendEncode(nil, samples, p, WithLibaecOffsets())
	if err != nil {
		t.Fatal(err)
	}
	truth, err := ScanOffsets(stream, p, n)
	if err != nil {
		t.Fatal(err)
	}
	if bad, _ := DefectiveOffsets(stream, p, libaec, n); len(bad) == 0 {
		t.Fatal("test data must give a defective libaec table")
	}
	var starts RSIStarts
	for k := 0; k < 60; k++ {
		off := rng.Intn(n - 1)
		ln := 1 + rng.Intn(len(samples)-off)
		got := make([]byte, ln)
		if err := DecodeRange(got, stream, p, libaec, off, WithRSIStarts(&starts)); err != nil {
			t.Fatalf("range %d+%d: %v", off, ln, err)
		}
		if !bytes.Equal(got, samples[off:off+ln]) {
			t.Fatalf("range %d+%d differs", off, ln)
		}
	}
	for i, v := range starts.starts {
		if v != truth[i] {
			t.Fatalf("recorded start %d = %d, true %d", i, v, truth[i])
		}
	}
}
