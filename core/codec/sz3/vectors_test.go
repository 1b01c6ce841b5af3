package sz3

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/tensogram-go/tensogram-go/internal/testutil"
)

// vectorCase is one entry of testdata/vectors.json (tools/gen_sz3_vectors.py).
type vectorCase struct {
	Name          string  `json:"name"`
	Kind          string  `json:"kind"`
	N             int     `json:"n"`
	Mode          string  `json:"mode"`
	Bound         float64 `json:"bound"`
	Algo          string  `json:"algo"`
	StreamBytes   int     `json:"stream_bytes"`
	InputSHA256   string  `json:"input_sha256"`
	DecodedSHA256 string  `json:"decoded_sha256"`
	EncodeError   string  `json:"encode_error"`
}

func loadVectors(t testing.TB) []vectorCase {
	return testutil.Cases[vectorCase](t, filepath.Join("testdata", "vectors.json"))
}

// TestDecodeUpstreamVectors decodes every upstream stream and requires
// upstream's decoded doubles bit for bit.
func TestDecodeUpstreamVectors(t *testing.T) {
	for _, c := range loadVectors(t) {
		if c.EncodeError != "" {
			continue
		}
		t.Run(c.Name, func(t *testing.T) {
			stream := testutil.ReadFile(t, "testdata", c.Name+".sz3")
			info, err := ReadInfo(stream)
			if err != nil {
				t.Fatal(err)
			}
			if info.Algorithm.String() != c.Algo {
				t.Errorf("algorithm %v, vectors say %s", info.Algorithm, c.Algo)
			}
			got, err := Decode(stream, c.N)
			if err != nil {
				t.Fatal(err)
			}
			raw := testutil.Float64sToLE(got)
			sum := sha256.Sum256(raw)
			if hex.EncodeToString(sum[:]) == c.DecodedSHA256 {
				return
			}
			if want, err := os.ReadFile(filepath.Join("testdata", c.Name+".out")); err == nil {
				w := testutil.Float64sLE(want)
				for i := range w {
					if math.Float64bits(w[i]) != math.Float64bits(got[i]) {
						t.Fatalf("value %d: got %v (%#x), upstream %v (%#x)", i, got[i], math.Float64bits(got[i]), w[i], math.Float64bits(w[i]))
					}
				}
				if !bytes.Equal(raw, want) {
					t.Fatal("decoded bytes differ")
				}
			}
			t.Fatalf("decoded SHA-256 %x, upstream %s", sum, c.DecodedSHA256)
		})
	}
}
