package core

import (
	"bytes"
	"encoding/hex"
	"math"
	"math/big"
	"reflect"
	"testing"
)

// Canonical key order independent of insertion order.
func TestCanonicalKeyOrder(t *testing.T) {
	d := NewDescriptor(Float32, []uint64{1})
	d.ByteOrder = BigEndian
	b, _ := d.MarshalCBOR()
	var keys []string
	for _, k := range []string{"ndim", "type", "dtype", "shape", "filter", "strides", "encoding", "byte_order", "compression"} {
		keys = append(keys, k)
	}
	last := -1
	for _, k := range keys {
		i := bytes.Index(b, append([]byte{byte(0x60 + len(k))}, k...))
		if i <= last {
			t.Fatalf("key %s out of order in %x", k, b)
		}
		last = i
	}
	g := &GlobalMetadata{Base: []map[string]any{{"z": uint64(1)}}, Extra: map[string]any{"a": uint64(1)}, Reserved: map[string]any{"x": uint64(1)}}
	gb, _ := g.MarshalCBOR()
	if !(bytes.Index(gb, []byte("base")) < bytes.Index(gb, []byte("_extra_")) && bytes.Index(gb, []byte("_extra_")) < bytes.Index(gb, []byte("_reserved_"))) {
		t.Fatal("global order")
	}
	mm := tCBOR(t, map[string]any{"inf-": 1, "inf+": 1, "nan": 1})
	if !(bytes.Index(mm, []byte("nan")) < bytes.Index(mm, []byte("inf+")) && bytes.Index(mm, []byte("inf+")) < bytes.Index(mm, []byte("inf-"))) {
		t.Fatal("mask order")
	}
}

// Shortest floats and integers.
func TestCanonicalShortestNumbers(t *testing.T) {
	cases := map[string]any{
		"f90000": 0.0, "f98000": math.Copysign(0, -1), "f93e00": 1.5, "f95b34": 230.5,
		"fb3fb999999999999a": 0.1, "f97c00": math.Inf(1), "f9fc00": math.Inf(-1),
		"f97e00": math.Float64frombits(0x7ff8000000000000), "f97bff": 65504.0, "fa47ffe000": 65504.0 * 2,
		"17": uint64(23), "1818": uint64(24), "190100": uint64(256), "1bffffffffffffffff": uint64(math.MaxUint64),
		"20": int64(-1), "3bffffffffffffffff": *new(big.Int).Neg(new(big.Int).Lsh(big.NewInt(1), 64)),
		"fb7ff8000000000001": math.Float64frombits(0x7ff8000000000001),
	}
	for want, v := range cases {
		got := hex.EncodeToString(tCBOR(t, v))
		if got != want {
			t.Fatalf("%v: %s, want %s", v, got, want)
		}
	}
}

// Non-canonical input decodes identically.
func TestNonCanonicalInputDecodesIdentically(t *testing.T) {
	canonical := tCBOR(t, map[string]any{"_extra_": map[string]any{"a": uint64(1), "bb": 1.5, "l": []any{uint64(2)}}})
	// Same content: reversed key order, long-form ints, f64 float, indefinite lengths.
	noncanon, _ := hex.DecodeString("bf675f65787472615fa3626262fb3ff8000000000000616c9f1a00000002ff61611b0000000000000001ff")
	a, err := ParseGlobalMetadata(canonical)
	if err != nil {
		t.Fatal(err)
	}
	b, err := ParseGlobalMetadata(noncanon)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a.Extra, b.Extra) {
		t.Fatalf("%v vs %v", a.Extra, b.Extra)
	}
	if checkCanonical(noncanon) || !checkCanonical(canonical) {
		t.Fatal("checkCanonical")
	}
	// Duplicate keys: last wins.
	dup, _ := hex.DecodeString("a1675f65787472615fa2616101616102")
	g, err := ParseGlobalMetadata(dup)
	if err != nil || g.Extra["a"] != uint64(2) {
		t.Fatal(err, g)
	}
}

// Nesting bomb → Metadata error, no crash.
func TestCBORNestingBombIsMetadataError(t *testing.T) {
	bomb := append(bytes.Repeat([]byte{0x81}, 10000), 0x00)
	body := append([]byte{0xa1, 0x65, 'o', 't', 'h', 'e', 'r'}, bomb...)
	m := tMessage(1, [][]byte{tFrame(FrameHeaderMetadata, 0, body, false)}, false)
	_, err := Decode(m, nil)
	wantErr(t, err, ErrMetadata)
	ok := append([]byte{0xa1, 0x65, 'o', 't', 'h', 'e', 'r'}, append(bytes.Repeat([]byte{0x81}, 200), 0)...)
	if _, err := ParseGlobalMetadata(ok); err != nil {
		t.Fatal("200 levels must be accepted:", err)
	}
}

// Canonical option in the validator.
func TestValidatorCanonicalOption(t *testing.T) {
	body, _ := hex.DecodeString("a2675f65787472615fa0646261736580") // _extra_ before base
	m := tMessage(1, [][]byte{tFrame(FrameHeaderMetadata, 0, body, false)}, false)
	r := ValidateMessage(m, &ValidateOptions{Canonical: true, Mode: ModeQuick})
	if !r.HasCode("metadata_cbor_non_canonical") {
		t.Fatal(r.Issues)
	}
	g := readGolden(t, "simple_f32.tgm")
	if r := ValidateMessage(g, &ValidateOptions{Canonical: true}); len(r.Issues) != 0 {
		t.Fatal(r.Issues)
	}
}
