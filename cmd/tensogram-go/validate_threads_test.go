package main

import (
	"os"
	"path/filepath"
	"testing"
)

// validate --threads N prints byte for byte what the serial run prints,
// in text and JSON, at every mode, over a file mixing good messages,
// failing messages and garbage.
func TestValidateThreadsSameOutput(t *testing.T) {
	var all []byte
	for i := 0; i < 4; i++ {
		for _, name := range []string{"golden_multi_message.tgm", "corrupt.tgm", "masks.tgm", "junk.tgm", "unhashed.tgm", "streaming.tgm", "badmeta.tgm"} {
			b, err := os.ReadFile(filepath.Join("testdata", "corpus", name))
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, b...)
		}
	}
	mixed := filepath.Join(t.TempDir(), "mixed.tgm")
	if err := os.WriteFile(mixed, all, 0o644); err != nil {
		t.Fatal(err)
	}
	good := filepath.Join("testdata", "corpus", "golden_multi_message.tgm")
	for _, mode := range [][]string{{}, {"--full"}, {"--quick"}, {"--checksum"}, {"--json"}, {"--full", "--json", "--canonical"}} {
		args := append(append([]string{"validate"}, mode...), good, mixed)
		c1, o1, e1 := runCLI(append([]string{"--threads", "1"}, args...)...)
		if c1 != 1 || o1+e1 == "" {
			t.Fatalf("%v: serial exit %d", mode, c1)
		}
		for _, n := range []string{"0", "4"} {
			cn, on, en := runCLI(append([]string{"--threads", n}, args...)...)
			if cn != c1 || on != o1 || en != e1 {
				t.Errorf("%v --threads %s differs:\n%s%s\nserial:\n%s%s", mode, n, on, en, o1, e1)
			}
		}
	}
}
