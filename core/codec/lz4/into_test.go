package lz4

import (
	"bytes"
	"errors"
	"testing"
)

// DecompressInto writes in place, returns the bytes the block produced and
// refuses a size prefix above len(dst).
func TestDecompressInto(t *testing.T) {
	src := bytes.Repeat([]byte("tensogram lz4 into "), 5000)
	p, err := Compress(src)
	if err != nil {
		t.Fatal(err)
	}
	dst := make([]byte, len(src))
	if n, err := DecompressInto(dst, p); err != nil || n != len(src) || !bytes.Equal(dst, src) {
		t.Fatalf("exact size: n=%d err=%v", n, err)
	}
	if allocs := testing.AllocsPerRun(5, func() { _, _ = DecompressInto(dst, p) }); allocs != 0 {
		t.Errorf("%v allocations per call, want 0", allocs)
	}
	big := make([]byte, len(src)+10)
	if n, err := DecompressInto(big, p); err != nil || n != len(src) {
		t.Errorf("larger destination: n=%d err=%v", n, err)
	}
	if _, err := DecompressInto(make([]byte, len(src)-1), p); !errors.Is(err, ErrSizeLimit) {
		t.Errorf("destination too small: %v, want ErrSizeLimit", err)
	}
	if _, err := DecompressInto(dst, p[:3]); !errors.Is(err, ErrTruncated) {
		t.Errorf("truncated prefix: %v, want ErrTruncated", err)
	}
	// Half the block: 95 KB cannot come from ~100 bytes (the expansion
	// bound); all but the last byte: a block cut mid-sequence.
	if _, err := DecompressInto(dst, p[:len(p)/2]); !errors.Is(err, ErrSizeLimit) {
		t.Errorf("half a block: %v, want ErrSizeLimit", err)
	}
	if _, err := DecompressInto(dst, p[:len(p)-1]); !errors.Is(err, ErrCorrupt) {
		t.Errorf("truncated block: %v, want ErrCorrupt", err)
	}
}
