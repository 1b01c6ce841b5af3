package sz3

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"os"
	"testing"
)

// corpusHash is the SHA-256 of every stream Encode writes for
// hashCorpus's default cases (each prefixed with its length). It pins the
// encoder's output bytes: a change of the quantiser, the interpolation
// batches, the tuner or the Huffman coder that alters a single byte fails
// TestEncodeCorpusHash. It changes only with a deliberate change of the
// output, together with the vector tests against upstream SZ3.
const corpusHash = "5863da5124be7595991c20a631b887f62919988437f397281f293dc311c4daa8"

// hashCorpus is tuneCorpus at lengths from 1 to 70,000 (200,000 and 1M as
// well with SZ3_HASH_FULL set; that hash is only logged), plus fields
// with spikes, infinities and NaNs (values that go verbatim) under abs
// bounds. With SZ3_HASH_FULL, the encoder before this test was added
// (6ddcf3c) and every change since give
// 709d6a50dba013ba03fe1996e3f87d1c055a39d263f53b4237f43c707a4c4949.
func hashCorpus(full bool) []tuneCase {
	lengths := []int{1, 2, 5, 17, 100, 1000, 4097, 70000}
	if full {
		lengths = append(lengths, 200000, 1000000)
	}
	cases := tuneCorpus(lengths)
	for _, n := range []int{33, 5000, 70000} {
		v := tuneField("randn", n, int64(3*n))
		for i := 7; i < n; i += 97 {
			v[i] = []float64{1e300, -1e300, math.Inf(1), math.Inf(-1), math.NaN(), 50}[(i/97)%6]
		}
		for _, b := range []float64{0.1, 1e-3} {
			cases = append(cases, tuneCase{"spiky", v, ModeAbs, b})
		}
	}
	return cases
}

// TestEncodeCorpusHash checks that Encode's output over hashCorpus is
// byte for byte the pinned one.
func TestEncodeCorpusHash(t *testing.T) {
	if testing.Short() {
		t.Skip("encodes a corpus of ~200 fields")
	}
	full := os.Getenv("SZ3_HASH_FULL") != ""
	h := sha256.New()
	for _, c := range hashCorpus(full) {
		out, err := Encode(c.vals, c.mode, c.bound)
		if err != nil {
			t.Fatalf("%s n=%d mode %d bound %g: %v", c.name, len(c.vals), c.mode, c.bound, err)
		}
		h.Write(binary.LittleEndian.AppendUint64(nil, uint64(len(out))))
		h.Write(out)
	}
	got := hex.EncodeToString(h.Sum(nil))
	if full {
		t.Logf("full corpus hash %s", got)
		return
	}
	if got != corpusHash {
		t.Fatalf("corpus hash %s, pinned %s", got, corpusHash)
	}
}
