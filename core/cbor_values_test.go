package core

import (
	"encoding/hex"
	"testing"

	"github.com/fxamacker/cbor/v2"
)

// Keys naming the same text under different tags collapse to the value of
// the key whose canonical encoding sorts last (the last on the wire for a
// map written in canonical order, as upstream keeps it), on every call.
func TestTextKeyedCollidingTaggedKeys(t *testing.T) {
	m := map[any]any{
		"a":                               uint64(1),
		cbor.Tag{Number: 0, Content: "a"}: uint64(2),
		cbor.Tag{Number: 1, Content: cbor.Tag{Number: 0, Content: "a"}}: uint64(3),
		cbor.Tag{Number: 24, Content: "a"}:                              uint64(4),
		"b":                                                             uint64(5),
		cbor.Tag{Number: 7, Content: "b"}:                               uint64(6),
	}
	for range 50 {
		got, ok := textKeyed(m)
		if !ok || got["a"] != uint64(4) || got["b"] != uint64(6) || len(got) != 2 {
			t.Fatalf("textKeyed = %v, %v; want map[a:4 b:6]", got, ok)
		}
	}
}

// ParseGlobalMetadata of {"_extra_": {"a": 1, 0("a"): 2}} (canonical order)
// keeps 2, upstream's answer, on every call.
func TestGlobalMetadataTaggedDuplicateExtraKey(t *testing.T) {
	body, err := hex.DecodeString("a1675f65787472615fa2616101c0616102")
	if err != nil {
		t.Fatal(err)
	}
	for range 50 {
		g, err := ParseGlobalMetadata(body)
		if err != nil {
			t.Fatal(err)
		}
		if g.Extra["a"] != uint64(2) || len(g.Extra) != 1 {
			t.Fatalf("Extra = %v, want map[a:2]", g.Extra)
		}
	}
}
