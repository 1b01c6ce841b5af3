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

// NewCommon words the three shared sentinels after the codec, gives each
// its kind, and gives two codecs distinct values.
func TestNewCommonTextsKindsAndIdentity(t *testing.T) {
	a, b := NewCommon("a"), NewCommon("b")
	for _, c := range []struct {
		got, other, kind error
		text             string
	}{
		{a.Params, b.Params, Params, "a: invalid parameters"},
		{a.Length, b.Length, Length, "a: invalid buffer length"},
		{a.Range, b.Range, Range, "a: range out of bounds"},
	} {
		if c.got.Error() != c.text || !errors.Is(c.got, c.kind) || errors.Is(c.got, c.other) {
			t.Errorf("%q: want text %q, kind %v, distinct from %q", c.got, c.text, c.kind, c.other)
		}
	}
}
