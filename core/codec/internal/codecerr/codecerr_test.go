package codecerr

import (
	"errors"
	"testing"
)

// A sentinel keeps its own text, matches itself and its kind, and not the
// sentinel of another codec of the same kind.
func TestSentinelIsItselfAndItsKind(t *testing.T) {
	a := New(Corrupt, "a: corrupt stream")
	b := New(Corrupt, "b: corrupt block")
	if a.Error() != "a: corrupt stream" {
		t.Fatalf("text %q", a.Error())
	}
	if !errors.Is(a, a) || !errors.Is(a, Corrupt) || errors.Is(a, b) || errors.Is(a, Params) {
		t.Fatal("errors.Is does not tell sentinel and kind apart")
	}
}

// Errorf appends the detail to the sentinel's text and keeps both matches.
func TestErrorfWrapsSentinel(t *testing.T) {
	s := New(Truncated, "x: truncated")
	err := Errorf(s, "need %d bytes, got %d", 8, 3)
	if err.Error() != "x: truncated: need 8 bytes, got 3" {
		t.Fatalf("text %q", err.Error())
	}
	if !errors.Is(err, s) || !errors.Is(err, Truncated) {
		t.Fatal("wrapped error lost its sentinel or kind")
	}
}
