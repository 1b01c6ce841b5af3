package blosc2

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"testing"

	"github.com/tensogram-go/tensogram-go/internal/testutil"
)

// frameCase is one entry of testdata/manifest.json (tools/gen_blosc2_vectors.py).
type frameCase struct {
	Name    string `json:"name"`
	Nbytes  int    `json:"nbytes"`
	SHA256  string `json:"sha256"`
	Special string `json:"special"`
}

func loadFrameCases(t testing.TB) []frameCase {
	t.Helper()
	cases := testutil.Cases[frameCase](t, filepath.Join("testdata", "manifest.json"))
	if len(cases) < 100 {
		t.Fatalf("only %d cases in the manifest", len(cases))
	}
	return cases
}

func readFrame(t testing.TB, name string) []byte {
	t.Helper()
	return testutil.ReadFile(t, "testdata", name+".cframe")
}

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// TestVectorsDecode decodes every frame c-blosc2 wrote to the bytes
// c-blosc2 decodes it to, with 1 and 3 threads.
func TestVectorsDecode(t *testing.T) {
	for _, c := range loadFrameCases(t) {
		t.Run(c.Name, func(t *testing.T) {
			frame := readFrame(t, c.Name)
			for _, th := range []int{1, 3} {
				got, err := Decode(frame, WithThreads(th))
				if err != nil {
					t.Fatalf("threads %d: %v", th, err)
				}
				if len(got) != c.Nbytes {
					t.Fatalf("threads %d: %d bytes, want %d", th, len(got), c.Nbytes)
				}
				if c.Special != "uninit" && sum(got) != c.SHA256 {
					t.Fatalf("threads %d: decoded bytes differ from c-blosc2's", th)
				}
			}
		})
	}
}
