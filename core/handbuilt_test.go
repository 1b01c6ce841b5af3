package core

import (
	"bytes"
	"encoding/hex"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/tensogram-go/tensogram-go/internal/testutil"
)

// handbuiltMessages are layouts upstream can read but its Python API cannot
// write (preceders, CBOR-before descriptors, footer-only metadata, odd
// padding, non-canonical CBOR). They are stored in testdata/handbuilt so
// tools/gen_core_vectors.py can record upstream's decode of them.
func handbuiltMessages(t testing.TB) map[string][]byte {
	hdr := tFrame(FrameHeaderMetadata, FrameFlagHashPresent, []byte{0xa0}, true)
	obj := func(v ...byte) []byte {
		return tDataFrame(tDesc(t, Uint8, []uint64{uint64(len(v))}, LittleEndian), v, true, true)
	}
	foot := tFrame(FrameFooterMetadata, FrameFlagHashPresent, tCBOR(t, map[string]any{"base": []any{
		map[string]any{"mars": map[string]any{"a": uint64(1), "b": uint64(2)}, "keep": "footer"},
		map[string]any{"only": "footer"},
	}, "_extra_": map[string]any{"x": uint64(1)}}), true)
	pre := tFrame(FramePrecederMetadata, FrameFlagHashPresent, tCBOR(t, map[string]any{"base": []any{
		map[string]any{"mars": map[string]any{"a": uint64(9)}, "_reserved_": map[string]any{"z": uint64(1)}, "new": "p"}}}), true)
	out := map[string][]byte{}
	out["preceders"] = tMessage(FlagHeaderMetadata|FlagFooterMetadata|FlagPrecederMetadata|FlagHashesPresent,
		[][]byte{hdr, pre, obj(1, 2), obj(3), foot}, false)

	before := func(dt DType, order ByteOrder, payload []byte) []byte {
		return tDataFrame(tDesc(t, dt, []uint64{uint64(len(payload) / dt.Size())}, order), payload, false, true)
	}
	out["cbor_before"] = tMessage(FlagHeaderMetadata|FlagHashesPresent, [][]byte{hdr,
		before(Uint16, BigEndian, []byte{0, 1, 0, 2}), before(Float32, LittleEndian, f32s(1.5, -2)), obj(7)}, false)

	idx := tFrame(FrameFooterIndex, FrameFlagHashPresent, tCBOR(t, map[string]any{"offsets": []uint64{24}, "lengths": []uint64{0}}), true)
	fm := tFrame(FrameFooterMetadata, FrameFlagHashPresent, tCBOR(t, map[string]any{"base": []any{map[string]any{"k": "v"}}}), true)
	out["footer_only"] = tMessage(FlagFooterMetadata|FlagFooterIndex|FlagHashesPresent, [][]byte{obj(5, 6, 7), idx, fm}, false)

	gap := []byte{0xde, 0xad, 0xbe, 0xef, 0, 0, 0, 1}
	out["padding"] = tMessage(FlagHeaderMetadata|FlagHashesPresent, [][]byte{hdr, gap, obj(1), gap, gap, obj(2)}, false)

	// Non-canonical metadata: unsorted keys, long-form ints, f64 1.5,
	// indefinite lengths, a duplicate key and a free-form top-level key.
	nc := []byte{0xbf, 0x67, '_', 'e', 'x', 't', 'r', 'a', '_', 0xa2, 0x61, 'a', 0x1b, 0, 0, 0, 0, 0, 0, 0, 1,
		0x61, 'f', 0xfb, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0,
		0x64, 'b', 'a', 's', 'e', 0x9f, 0xa1, 0x61, 'k', 0x61, 'x', 0xff,
		0x64, 'b', 'a', 's', 'e', 0x81, 0xa1, 0x61, 'k', 0x61, 'y', // duplicate: last wins
		0x67, 'p', 'r', 'o', 'd', 'u', 'c', 't', 0x63, 'e', 'f', 'i', 0xff}
	out["noncanonical"] = tMessage(FlagHeaderMetadata|FlagHashesPresent, [][]byte{
		tFrame(FrameHeaderMetadata, FrameFlagHashPresent, nc, true), obj(9)}, false)

	// Masks with the CBOR-before layout: offsets count from the byte after
	// the descriptor.
	md := NewDescriptor(Float32, []uint64{3})
	md.ByteOrder = LittleEndian
	md.Masks = map[string]MaskInfo{MaskNaN: {Offset: 12, Length: 1, Method: "none"}, MaskNegInf: {Offset: 13, Length: 1, Method: "none"}}
	mdesc, _ := md.MarshalCBOR()
	payload := append(f32s(1, 0, 0), 0x40, 0x20)
	out["masks_before"] = tMessage(FlagHeaderMetadata|FlagHashesPresent, [][]byte{hdr, tDataFrame(mdesc, payload, false, true)}, false)

	// Streaming-style message (total_length 0) with preceders.
	var sb bytes.Buffer
	se, err := NewStreamingEncoder(&sb, &GlobalMetadata{Base: []map[string]any{{"a": uint64(1)}}},
		&EncodeOptions{Provenance: &Provenance{EncoderName: "tensogram-go", EncoderVersion: "test", Time: "2026-01-01T00:00:00Z", UUID: "00000000-0000-4000-8000-000000000000"}})
	if err != nil {
		t.Fatal(err)
	}
	se.WritePreceder(map[string]any{"p": "first"})
	se.WriteObject(f32Input(1, 2))
	se.WriteObject(f32Input(3))
	se.WritePreceder(map[string]any{"a": uint64(7)})
	se.WriteObject(EncodeInput{Descriptor: NewDescriptor(Int8, []uint64{2}), Data: []byte{0xff, 1}})
	if err := se.Finish(); err != nil {
		t.Fatal(err)
	}
	out["streaming_preceders"] = sb.Bytes()
	return out
}

// The committed handbuilt fixtures are exactly what the builders produce
// (TENSOGRAM_UPDATE_FIXTURES=1 rewrites them).
func TestHandbuiltFixtures(t *testing.T) {
	dir := filepath.Join("testdata", "handbuilt")
	for name, b := range handbuiltMessages(t) {
		p := filepath.Join(dir, name+".tgm")
		if os.Getenv("TENSOGRAM_UPDATE_FIXTURES") == "1" {
			os.MkdirAll(dir, 0o755)
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		got, err := os.ReadFile(p)
		if err != nil || !bytes.Equal(got, b) {
			t.Fatalf("%s: fixture out of date (%v)", name, err)
		}
		if _, err := Decode(b, &DecodeOptions{VerifyHash: true}); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
}

// Upstream's decode of the handbuilt layouts (testdata/handbuilt/expected.json,
// recorded by tools/gen_core_vectors.py): preceder-merged metadata,
// first-frame metadata, payloads in host order, descriptors before the
// payload, masks whose offsets count from after such a descriptor
// (docs/format.md, Data-object frames), non-canonical CBOR, odd padding and
// validator codes.
func TestHandbuiltAgainstUpstream(t *testing.T) {
	var exp map[string]map[string]any
	testutil.ReadJSONNumbers(t, filepath.Join("testdata", "handbuilt", "expected.json"), &exp)
	canon := func(v any) string {
		b, err := MarshalCanonical(jsonToCBORValue(v))
		if err != nil {
			t.Fatal(err)
		}
		return hex.EncodeToString(b)
	}
	for name, e := range exp {
		b := testutil.ReadFile(t, "testdata", "handbuilt", name)
		m, err := Decode(b, nil)
		if err != nil {
			t.Fatal(name, err)
		}
		for i, want := range e["base"].([]any) {
			if canon(want) != canon(toJSONish(m.Metadata.Base[i])) {
				t.Fatalf("%s base[%d] = %v, upstream %v", name, i, m.Metadata.Base[i], want)
			}
		}
		if canon(e["extra"]) != canon(toJSONish(orEmpty(m.Metadata.Extra))) || canon(e["reserved"]) != canon(toJSONish(orEmpty(m.Metadata.Reserved))) {
			t.Fatalf("%s extra/reserved %v %v", name, m.Metadata.Extra, m.Metadata.Reserved)
		}
		first, err := DecodeMetadata(b)
		if err != nil {
			t.Fatal(err)
		}
		fb := make([]any, len(first.Base))
		for i, x := range first.Base {
			fb[i] = x
		}
		if canon(e["first_base"]) != canon(toJSONish(fb)) || canon(e["first_extra"]) != canon(toJSONish(orEmpty(first.Extra))) {
			t.Fatalf("%s first metadata %v", name, first)
		}
		objs := e["objects"].([]any)
		if len(objs) != len(m.Objects) {
			t.Fatalf("%s: %d objects", name, len(m.Objects))
		}
		for i, o := range objs {
			om := o.(map[string]any)
			got := m.Objects[i]
			if om["dtype"] != got.Descriptor.DType.String() || om["hex"] != hex.EncodeToString(got.Data) || om["byte_order"] != got.Descriptor.ByteOrder.String() {
				t.Fatalf("%s object %d: %s %x", name, i, got.Descriptor.DType, got.Data)
			}
		}
		codes := issueCodes(ValidateMessage(b, nil))
		want := []string{}
		for _, c := range e["validate"].([]any) {
			want = append(want, c.(string))
		}
		if !reflect.DeepEqual(codes, want) {
			t.Fatalf("%s validate %v, upstream %v", name, codes, want)
		}
	}
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// toJSONish maps values the way upstream's Python binding exposes them
// (bytes stay bytes; everything else is already JSON-like here).
func toJSONish(v any) any { return v }
