package core

import (
	"bytes"
	"encoding/hex"
	"math"
	"math/big"
	"strings"
	"testing"

	"github.com/fxamacker/cbor/v2"
)

// GlobalMetadata parsing rules.
func TestGlobalMetadataParsing(t *testing.T) {
	bad := map[string]string{
		"83010203": "not a map",
		"a10102":   "non-text top-level key",
		// several non-text keys: the error names the first in encoded order
		"a3616101410002010302": "non-text top-level key (bytes key)",
		"a36161010103410002":   "non-text top-level key (integer key)",
		"c1bf0103410002ff":     "non-text top-level key (integer key)",
		// two malformed sections: always the same one, in base, _reserved_, _extra_ order
		"a26a5f72657365727665645f016462617365f5":       "failed to deserialize base",
		"a2675f65787472615f016a5f72657365727665645f01": "failed to deserialize _reserved_",
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
	if dec.Metadata.Raw == nil || !checkCanonical(dec.Metadata.Raw) {
		t.Fatal("raw CBOR not kept")
	}
}
