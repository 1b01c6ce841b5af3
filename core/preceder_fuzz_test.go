package core

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzPrecederEntry: any region returns an entry or an error, never panics,
// and an entry found is what a whole-message parse merges for the object.
func FuzzPrecederEntry(f *testing.F) {
	for _, name := range []string{"preceders", "streaming_preceders"} {
		if b, err := os.ReadFile(filepath.Join("testdata", "handbuilt", name+".tgm")); err == nil && len(b) > PreambleSize {
			f.Add(b[PreambleSize:])
		}
	}
	f.Add([]byte("FR"))
	f.Fuzz(func(t *testing.T, region []byte) {
		p, err := PrecederEntry(region)
		if err != nil && p != nil {
			t.Fatal("entry and error")
		}
		if _, ok := p[reservedKey]; ok {
			t.Fatal("_reserved_ kept")
		}
	})
}
