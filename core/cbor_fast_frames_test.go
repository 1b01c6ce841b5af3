package core

import (
	"reflect"
	"testing"

	"github.com/fxamacker/cbor/v2"
)

// checkFastIndexHash fails when a fast path accepts b but disagrees with
// the generic parser.
func checkFastIndexHash(t testing.TB, b []byte) {
	t.Helper()
	_, keepIx := fastIndexFrame(b)
	_, keepH := fastHashFrame(b)
	if fastIndexScan(b, nil) != keepIx || fastHashScan(b, nil) != keepH {
		t.Fatalf("%x: checking scans accept (index %v, hash %v), reading ones (%v, %v)", b,
			fastIndexScan(b, nil), fastHashScan(b, nil), keepIx, keepH)
	}
	if ix, ok := fastIndexFrame(b); ok {
		want, err := parseIndexFrameGeneric(b)
		if err != nil || !reflect.DeepEqual(ix, want) {
			t.Fatalf("%x: fast index %+v, generic %+v (%v)", b, ix, want, err)
		}
	}
	if h, ok := fastHashFrame(b); ok {
		want, err := parseHashFrameGeneric(b)
		if err != nil || !reflect.DeepEqual(h, want) {
			t.Fatalf("%x: fast hash frame %+v, generic %+v (%v)", b, h, want, err)
		}
	}
}

// cat concatenates CBOR pieces given as byte slices or single bytes.
func cat(parts ...any) []byte {
	var b []byte
	for _, p := range parts {
		switch x := p.(type) {
		case int:
			b = append(b, byte(x))
		case []byte:
			b = append(b, x...)
		case string: // a text string item
			b = append(b, byte(0x60+len(x)))
			b = append(b, x...)
		}
	}
	return b
}

// checkFastFrames encodes each frame as encoders write it and requires
// the fast reader to give it back unchanged and to agree with the generic
// parser.
func checkFastFrames[F interface{ toMap() map[string]any }](t *testing.T, what string, frames []F, fast func([]byte) (F, bool)) {
	t.Helper()
	for _, f := range frames {
		b, err := MarshalCanonical(f.toMap())
		if err != nil {
			t.Fatal(err)
		}
		got, ok := fast(b)
		if !ok || !reflect.DeepEqual(got, f) {
			t.Errorf("%x: fast %s path gave %+v, %v", b, what, got, ok)
		}
		checkFastIndexHash(t, b)
	}
}

// The fast index/hash frame readers take the shapes encoders write and
// leave everything else (repeated keys, other keys, tags, indefinite
// lengths, wrong element types, mismatched lengths) to the generic parser.
func TestIndexHashFastPathsMatchGeneric(t *testing.T) {
	checkFastFrames(t, "index", []*IndexFrame{{Offsets: []uint64{400}, Lengths: []uint64{162}},
		{Offsets: []uint64{}, Lengths: []uint64{}}, {Offsets: []uint64{0, 1 << 40, 1<<64 - 1}, Lengths: []uint64{1, 2, 3}}},
		fastIndexFrame)
	checkFastFrames(t, "hash", []*HashFrame{{Hashes: []string{"3aeac8603f519c1d"}, Algorithm: "xxh3"},
		{Hashes: []string{}, Algorithm: "other"}, {Hashes: []string{"a", "b", "c"}, Algorithm: ""}},
		fastHashFrame)
	// {} and a lone key are accepted too, with upstream's defaults.
	for _, b := range [][]byte{cat(0xa0), cat(0xa1, "offsets", 0x80, 0), cat(0xa1, "algorithm", "xxh3")} {
		checkFastIndexHash(t, b)
	}
	tagged, _ := cbor.Marshal(cbor.Tag{Number: 1, Content: uint64(5)})
	reject := map[string][]byte{
		"repeated key":     cat(0xa2, "offsets", 0x81, 0x01, "offsets", 0x81, 0x02),
		"negative element": cat(0xa1, "offsets", 0x81, 0x20),
		"tagged element":   cat(0xa1, "offsets", 0x81, tagged),
		"indefinite map":   cat(0xbf, "offsets", 0x80, 0xff),
		"indefinite array": cat(0xa1, "offsets", 0x9f, 0x01, 0xff),
		"lengths differ":   cat(0xa2, "lengths", 0x80, "offsets", 0x81, 0x01),
		"unknown key":      cat(0xa1, "foo", 0x01),
		"non-text hash":    cat(0xa1, "hashes", 0x81, 0x01),
		"non-text algo":    cat(0xa1, "algorithm", 0x01),
		"repeated hashes":  cat(0xa2, "hashes", 0x80, "hashes", 0x80),
		"absurd length":    cat(0xa1, "offsets", 0x9b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff),
		"truncated":        cat(0xa1, "offsets", 0x82, 0x01),
		"bad UTF-8 hash":   cat(0xa1, "hashes", 0x81, 0x61, 0xff),
		"not a map":        cat(0x80),
		"empty":            {},
		"non-text map key": cat(0xa1, 0x01, 0x80),
	}
	for what, b := range reject {
		if _, ok := fastIndexFrame(b); ok {
			t.Errorf("%s: fast index path took %x", what, b)
		}
		if _, ok := fastHashFrame(b); ok {
			t.Errorf("%s: fast hash path took %x", what, b)
		}
		checkFastIndexHash(t, b)
	}
}

// FuzzIndexHashFrames: whatever the fast readers accept, the generic
// parser accepts with the same result.
func FuzzIndexHashFrames(f *testing.F) {
	f.Add(cat(0xa2, "lengths", 0x81, 0x18, 0xa2, "offsets", 0x81, 0x19, 0x01, 0x90))
	f.Add(cat(0xa2, "hashes", 0x81, "3aeac8603f519c1d", "algorithm", "xxh3"))
	f.Add(cat(0xa2, "offsets", 0x81, 0x01, "offsets", 0x81, 0x02))
	f.Fuzz(func(t *testing.T, b []byte) { checkFastIndexHash(t, b) })
}
