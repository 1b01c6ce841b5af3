package lz4

import (
	"bytes"
	"testing"
)

// appendLength writes x/255 bytes of 255 then x%255, for run lengths
// around every multiple of the 64-byte run it appends at once.
func TestAppendLength(t *testing.T) {
	for _, x := range []int{0, 1, 254, 255, 256, 509, 510, 64*255 - 1, 64 * 255, 64*255 + 1, 129*255 + 7, 4_000_000} {
		want := append(bytes.Repeat([]byte{255}, x/255), byte(x%255))
		if got := appendLength([]byte{9}, x); !bytes.Equal(got, append([]byte{9}, want...)) {
			t.Fatalf("x=%d: %d bytes, want %d", x, len(got)-1, len(want))
		}
	}
}

// appendLiterals appends the whole run whatever its size relative to
// literalChunk, into a full or a roomy destination.
func TestAppendLiterals(t *testing.T) {
	for _, n := range []int{0, 5, literalChunk - 1, literalChunk, literalChunk + 1, 2*literalChunk + 3} {
		lits := make([]byte, n)
		for i := range lits {
			lits[i] = byte(i * 13)
		}
		for _, room := range []int{0, n + 10} {
			got := appendLiterals(append(make([]byte, 0, room+2), 1, 2), lits)
			if !bytes.Equal(got, append([]byte{1, 2}, lits...)) {
				t.Fatalf("n=%d room=%d: wrong bytes", n, room)
			}
		}
	}
}
