package core

import (
	"bytes"
	"encoding/hex"
	"math"
	"math/big"
	"reflect"
	"strings"
	"testing"

	"github.com/fxamacker/cbor/v2"
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
	if CheckCanonical(noncanon) || !CheckCanonical(canonical) {
		t.Fatal("CheckCanonical")
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

// GlobalMetadata parsing rules.
func TestGlobalMetadataParsing(t *testing.T) {
	bad := map[string]string{
		"83010203":                   "not a map",
		"a10102":                     "non-text top-level key",
		"a164626173650a":             "failed to deserialize base",
		"a16462617365810a":           "failed to deserialize base",
		"a16a5f72657365727665645f01": "failed to deserialize _reserved_",
		"a1675f65787472615fa10101":   "failed to deserialize _extra_",
	}
	for h, want := range bad {
		b, _ := hex.DecodeString(h)
		_, err := ParseGlobalMetadata(b)
		wantErr(t, err, ErrMetadata, want)
	}
	g, err := ParseGlobalMetadata(tCBOR(t, map[string]any{"version": uint64(2), "common": map[string]any{}, "reserved": uint64(1), "product": "x"}))
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"version", "common", "reserved", "product"} {
		if _, ok := g.Extra[k]; !ok {
			t.Fatalf("free-form key %s not moved into extra", k)
		}
	}
	if g.Reserved != nil {
		t.Fatal("legacy key \"reserved\" must not become _reserved_")
	}
	_, err = ParseGlobalMetadata(tCBOR(t, map[string]any{"k": uint64(1), "_extra_": map[string]any{"k": uint64(2)}}))
	wantErr(t, err, ErrMetadata, "ambiguous metadata")
}

// Encoder-side metadata rules.
func TestEncoderMetadataRules(t *testing.T) {
	m := mustEncode(t, nil, nil, nil)
	frames, _ := listFrames(m)
	v, _, _ := UnmarshalLenient(frames[0].body)
	top := v.(map[string]any)
	if _, ok := top["base"]; ok {
		t.Fatal("empty base must be omitted")
	}
	if _, ok := top["_extra_"]; ok {
		t.Fatal("empty extra must be omitted")
	}
	if _, ok := top["version"]; ok {
		t.Fatal("the format version must not be written into the metadata")
	}
	_, err := Encode(&GlobalMetadata{Reserved: map[string]any{"x": uint64(1)}}, nil, nil)
	wantErr(t, err, ErrMetadata, "_reserved_")
	_, err = Encode(&GlobalMetadata{Base: []map[string]any{{}, {"_reserved_": uint64(1)}}}, []EncodeInput{f32Input(1), f32Input(2)}, nil)
	wantErr(t, err, ErrMetadata, "base[1]")
	nested := &GlobalMetadata{Base: []map[string]any{{"foo": map[string]any{"_reserved_": uint64(1)}}}}
	dec, err := Decode(mustEncode(t, nested, []EncodeInput{f32Input(1)}, nil), nil)
	if err != nil || dec.Metadata.Base[0]["foo"].(map[string]any)["_reserved_"] != uint64(1) {
		t.Fatal("a nested _reserved_ is user data and must survive", err)
	}
	_, err = Encode(&GlobalMetadata{Base: []map[string]any{{}, {}}}, []EncodeInput{f32Input(1)}, nil)
	wantErr(t, err, ErrMetadata, "metadata base has 2 entries but only 1 descriptors")
	dec, _ = Decode(mustEncode(t, nil, []EncodeInput{f32Input(1), f32Input(2)}, nil), nil)
	if len(dec.Metadata.Base) != 2 {
		t.Fatal("base must be padded to the object count")
	}
	for _, dt := range AllDTypes {
		d := NewDescriptor(dt, []uint64{})
		n, _ := d.DecodedSize()
		dec, err := Decode(mustEncode(t, nil, []EncodeInput{{Descriptor: d, Data: make([]byte, n)}}, nil), nil)
		if err != nil {
			t.Fatal(err)
		}
		ten := dec.Metadata.Base[0]["_reserved_"].(map[string]any)["tensor"].(map[string]any)
		if len(ten) != 4 || ten["ndim"] != uint64(0) || ten["dtype"] != dt.String() || len(ten["shape"].([]any)) != 0 || len(ten["strides"].([]any)) != 0 {
			t.Fatalf("tensor summary of a scalar: %v", ten)
		}
	}
	r := dec.Metadata.Reserved
	enc := r["encoder"].(map[string]any)
	ts, _ := r["time"].(string)
	uuid, _ := r["uuid"].(string)
	if enc["name"] != EncoderName || enc["version"] != Version || !strings.HasSuffix(ts, "Z") || !strings.Contains(ts, "T") || len(uuid) != 36 || strings.Count(uuid, "-") != 4 {
		t.Fatalf("provenance: %v", r)
	}
}

// More base entries than objects is a metadata error; base and _extra_ may
// share key names.
func TestBaseCountAgainstObjects(t *testing.T) {
	meta := tFrame(FrameHeaderMetadata, 0, tCBOR(t, map[string]any{"base": []any{map[string]any{}, map[string]any{}}}), false)
	obj := tDataFrame(tDesc(t, Uint8, []uint64{1}, LittleEndian), []byte{1}, true, false)
	_, err := Decode(tMessage(1, [][]byte{meta, obj}, false), nil)
	wantErr(t, err, ErrMetadata, "metadata base has 2 entries but message contains 1 objects")
	g := &GlobalMetadata{Base: []map[string]any{{"k": "base"}}, Extra: map[string]any{"k": "extra"}}
	dec, _ := Decode(mustEncode(t, g, []EncodeInput{f32Input(1)}, nil), nil)
	if dec.Metadata.Base[0]["k"] != "base" || dec.Metadata.Extra["k"] != "extra" {
		t.Fatal("same key in base and _extra_")
	}
}

func precederFrame(t testing.TB, base ...any) []byte {
	if base == nil {
		base = []any{}
	}
	return tFrame(FramePrecederMetadata, 0, tCBOR(t, map[string]any{"base": base}), false)
}

// Preceder merge and legality.
func TestPrecederMergeAndPlacement(t *testing.T) {
	obj := func(v byte) []byte {
		return tDataFrame(tDesc(t, Uint8, []uint64{1}, LittleEndian), []byte{v}, true, false)
	}
	foot := tFrame(FrameFooterMetadata, 0, tCBOR(t, map[string]any{"base": []any{
		map[string]any{"mars": map[string]any{"a": uint64(1), "b": uint64(2)}, "_reserved_": map[string]any{"tensor": "t0"}, "keep": "footer"},
		map[string]any{"only": "footer"},
	}}), false)
	hdr := tFrame(FrameHeaderMetadata, 0, []byte{0xa0}, false)
	pre := precederFrame(t, map[string]any{"mars": map[string]any{"a": uint64(9)}, "_reserved_": "strip", "new": "p"})
	m := tMessage(FlagHeaderMetadata|FlagFooterMetadata|FlagPrecederMetadata,
		[][]byte{hdr, pre, obj(1), obj(2), foot}, false)
	dec, err := Decode(m, nil)
	if err != nil {
		t.Fatal(err)
	}
	b0 := dec.Metadata.Base[0]
	if !reflect.DeepEqual(b0["mars"], map[string]any{"a": uint64(9)}) || b0["new"] != "p" || b0["keep"] != "footer" ||
		!reflect.DeepEqual(b0["_reserved_"], map[string]any{"tensor": "t0"}) {
		t.Fatalf("shallow preceder merge: %v", b0)
	}
	if dec.Metadata.Base[1]["only"] != "footer" {
		t.Fatal("an object without preceder keeps its footer entry")
	}
	// A preceder must be followed directly by a data-object frame.
	for _, frames := range [][][]byte{{hdr, pre, pre, obj(1)}, {hdr, obj(1), pre, foot}} {
		_, err := Decode(tMessage(1, frames, false), nil)
		wantErr(t, err, ErrFraming, "PrecederMetadata")
	}
	_, err = Decode(tMessage(1, [][]byte{hdr, obj(1), pre}, false), nil)
	wantErr(t, err, ErrFraming, "dangling")
	// A preceder base must have exactly one entry.
	for _, base := range [][]any{{}, {map[string]any{}, map[string]any{}}} {
		_, err := Decode(tMessage(1, [][]byte{hdr, precederFrame(t, base...), obj(1)}, false), nil)
		wantErr(t, err, ErrMetadata, "exactly 1")
	}
	// Extra keys tolerated.
	p := tFrame(FramePrecederMetadata, 0, tCBOR(t, map[string]any{"base": []any{map[string]any{"x": uint64(1)}}, "_extra_": map[string]any{"e": uint64(1)}, "free": uint64(1)}), false)
	if dec, err := Decode(tMessage(1, [][]byte{hdr, p, obj(1)}, false), nil); err != nil || dec.Metadata.Base[0]["x"] != uint64(1) {
		t.Fatal(err)
	}
}

// Streaming writer preceder rules and merge into the footer metadata.
func TestStreamingPreceders(t *testing.T) {
	var buf bytes.Buffer
	se, err := NewStreamingEncoder(&buf, &GlobalMetadata{Base: []map[string]any{{"k": "meta"}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantErr(t, se.WritePreceder(map[string]any{"_reserved_": uint64(1)}), ErrMetadata)
	if err := se.WritePreceder(map[string]any{"k": "pre", "p": uint64(1)}); err != nil {
		t.Fatal(err)
	}
	wantErr(t, se.WritePreceder(map[string]any{}), ErrFraming)
	if err := se.WriteObject(f32Input(1, 2)); err != nil {
		t.Fatal(err)
	}
	if err := se.WritePreceder(map[string]any{}); err != nil {
		t.Fatal(err)
	}
	wantErr(t, se.Finish(), ErrFraming, "dangling")
	if err := se.WriteObject(f32Input(3)); err != nil {
		t.Fatal(err)
	}
	if err := se.Finish(); err != nil {
		t.Fatal(err)
	}
	wantErr(t, se.WriteObject(f32Input(3)), ErrEncoding, "already finished")
	dec, err := Decode(buf.Bytes(), &DecodeOptions{VerifyHash: true})
	if err != nil {
		t.Fatal(err)
	}
	if dec.Metadata.Base[0]["k"] != "pre" || dec.Metadata.Base[0]["p"] != uint64(1) || len(dec.Metadata.Base) != 2 {
		t.Fatal(dec.Metadata.Base)
	}
	// The footer copy alone (preceders ignored) already holds the merged keys.
	frames, _ := listFrames(buf.Bytes())
	for _, f := range frames {
		if f.hdr.Type == FrameFooterMetadata {
			g, _ := ParseGlobalMetadata(f.body)
			if g.Base[0]["k"] != "pre" {
				t.Fatal("footer not merged")
			}
		}
	}
	if r := ValidateMessage(buf.Bytes(), nil); !r.OK() || !r.HashVerified {
		t.Fatal("streaming message with preceders must validate", r.Issues)
	}
}

// Index frame parsing.
func TestIndexFrameParsing(t *testing.T) {
	bad := []any{
		[]any{uint64(1)},
		map[any]any{uint64(1): uint64(1)},
		map[string]any{"offsets": uint64(1)},
		map[string]any{"offsets": []any{int64(-1)}, "lengths": []any{uint64(1)}},
		map[string]any{"offsets": []any{1.5}, "lengths": []any{uint64(1)}},
		map[string]any{"offsets": []any{uint64(1)}, "lengths": []any{}},
	}
	for _, v := range bad {
		_, err := ParseIndexFrame(tCBOR(t, v))
		wantErr(t, err, ErrMetadata)
	}
	ix, err := ParseIndexFrame(tCBOR(t, map[string]any{"offsets": []any{uint64(8)}, "lengths": []any{uint64(9)}, "object_count": uint64(1)}))
	if err != nil || ix.Offsets[0] != 8 {
		t.Fatal(err)
	}
	_, err = ParseHashFrame(tCBOR(t, map[string]any{"hashes": []any{uint64(1)}}))
	wantErr(t, err, ErrMetadata)
	h, err := ParseHashFrame(tCBOR(t, map[string]any{"hash_type": "xxh3"}))
	if err != nil || h.Algorithm != "" || len(h.Hashes) != 0 {
		t.Fatal(err)
	}
}

// The two-pass index is self-consistent for 1 and many objects.
func TestIndexTwoPassIsConsistent(t *testing.T) {
	for _, n := range []int{1, 2, 31, 150} {
		in := make([]EncodeInput, n)
		for i := range in {
			in[i] = EncodeInput{Descriptor: NewDescriptor(Uint8, []uint64{uint64(i%13 + 1)}), Data: make([]byte, i%13+1)}
		}
		m := mustEncode(t, nil, in, nil)
		mv, err := ParseMessage(m)
		if err != nil {
			t.Fatal(err)
		}
		for i, o := range mv.Objects {
			if mv.Index.Offsets[i] != uint64(o.FrameOffset) || mv.Index.Lengths[i] != uint64(len(o.Frame)) {
				t.Fatalf("n=%d object %d", n, i)
			}
		}
		if r := ValidateMessage(m, &ValidateOptions{Mode: ModeFull, Canonical: true}); len(r.Issues) != 0 || !r.HashVerified {
			t.Fatal(r.Issues)
		}
	}
}

// Metadata values of every CBOR kind round-trip (ints > 2^63, negative
// big ints, bytes, tags, non-text keys, nested arrays, null, floats).
func TestMetadataValueRoundTrip(t *testing.T) {
	minus := *new(big.Int).Neg(new(big.Int).Lsh(big.NewInt(1), 64))
	extra := map[string]any{
		"u": uint64(math.MaxUint64), "i": int64(math.MinInt64), "bigneg": minus, "f": 0.1, "h": 1.5,
		"t": true, "n": nil, "b": []byte{0, 1, 2}, "s": "ünï",
		"tag":   cbor.Tag{Number: 1000, Content: "x"},
		"imap":  map[any]any{uint64(1): "one", "two": uint64(2)},
		"arr":   []any{[]any{uint64(1)}, map[string]any{"z": nil}},
		"empty": map[string]any{},
	}
	g := &GlobalMetadata{Extra: extra}
	m := mustEncode(t, g, nil, nil)
	dec, err := Decode(m, nil)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := MarshalCanonical(extra)
	b, _ := MarshalCanonical(dec.Metadata.Extra)
	if !bytes.Equal(a, b) {
		t.Fatalf("round trip differs\n%x\n%x", a, b)
	}
	if dec.Metadata.Raw == nil || !CheckCanonical(dec.Metadata.Raw) {
		t.Fatal("raw CBOR not kept")
	}
}
