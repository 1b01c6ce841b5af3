package core

import (
	"bytes"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
)

// checkSkim fails when skimGlobalMetadata accepts a body that
// ParseGlobalMetadata rejects or reads differently; it reports whether the
// skim was sure.
func checkSkim(t testing.TB, body []byte) bool {
	item, n, ok := skimGlobalMetadata(body)
	g, err := ParseGlobalMetadata(body)
	if !ok {
		return false
	}
	if err != nil {
		t.Fatalf("skim accepted % x, parse failed: %v", body, err)
	}
	if !bytes.Equal(item, g.Raw) || n != len(g.Base) {
		t.Fatalf("skim of % x: item %d bytes, base %d; parse: %d bytes, base %d", body, len(item), n, len(g.Raw), len(g.Base))
	}
	return true
}

// checkMessageRaw fails when ParseMessageRaw differs from ParseMessage
// (error text, objects, metadata CBOR and padding).
func checkMessageRaw(t testing.TB, b []byte) {
	for _, verify := range []bool{false, true} {
		want, werr := ParseMessage(b)
		if verify {
			want, werr = ParseMessageVerified(b)
		}
		got, gerr := ParseMessageRaw(b, verify)
		if (werr == nil) != (gerr == nil) || (werr != nil && werr.Error() != gerr.Error()) {
			t.Fatalf("verify %v: ParseMessage error %v, ParseMessageRaw %v", verify, werr, gerr)
		}
		if werr != nil {
			continue
		}
		if len(got.Objects) != len(want.Objects) || got.Length != want.Length {
			t.Fatalf("verify %v: objects/length differ", verify)
		}
		if got.Metadata == nil {
			if !bytes.Equal(got.MetadataCBOR, want.Metadata.Raw) {
				t.Fatalf("verify %v: metadata CBOR differs", verify)
			}
			for i := range want.Objects {
				if want.Objects[i].Preceder != nil {
					t.Fatalf("maps skipped although object %d has a preceder", i)
				}
			}
		} else if !bytes.Equal(got.Metadata.Raw, want.Metadata.Raw) || len(got.Metadata.Base) != len(want.Metadata.Base) {
			t.Fatalf("verify %v: parsed metadata differs", verify)
		}
	}
}

func TestSkimGlobalMetadataAgreesWithParse(t *testing.T) {
	sure := []string{
		"a0",                               // {}
		"a1646261736581a0",                 // {"base": [{}]}
		"bf646261736582a0a1616101ff",       // indefinite top map, base [{}, {"a": 1}]
		"a2646261736580617882f93c00c0f6",   // free key x: [1.0 (half), tag 0 around null]
		"a1625f65a1616101",                 // unknown short key (free)
		"a16a5f72657365727665645fa1617601", // _reserved_
		"a1616ba2016161203a7fffffff",       // nested map with integer keys
		"a1646261736581a161619f0102ff00",   // trailing byte ignored
	}
	unsure := []string{
		"",                             // empty
		"80",                           // not a map
		"a10101",                       // non-text top key
		"a164626173650a",               // base not an array
		"a164626173658101",             // base entry not a map
		"a1616bf8",                     // unknown simple value
		"a1616b7fff",                   // indefinite text
		"a1616ba1820102f6",             // array key in nested map
		"a1616b62c328",                 // invalid UTF-8
		"a1646261736581a1",             // truncated
		"a2675f65787472615fa0617801",   // _extra_ next to a free key
		"a1646261736581c0a0",           // tagged base entry
		"a1616ba13b800000000000000001", // key below -2^63
		"a1646261736581a16161ff",       // break as a value
		"a1646261736599ffffa0",         // base length past the body
	}
	for _, h := range sure {
		if !checkSkim(t, mustHex(t, h)) {
			t.Errorf("skim unsure of %s", h)
		}
	}
	for _, h := range unsure {
		if checkSkim(t, mustHex(t, h)) {
			t.Errorf("skim accepted %s", h)
		}
	}
	deep := bytes.Repeat([]byte{0x81}, 300)
	if checkSkim(t, append([]byte{0xa1, 0x61, 'x'}, append(deep, 0)...)) {
		t.Error("skim accepted nesting past 256 levels")
	}
}

func TestParseMessageRawAgreesWithParseMessage(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "vectors", "*.tgm"))
	for _, n := range goldenNames {
		files = append(files, filepath.Join("testdata", "golden", n))
	}
	if len(files) == 0 {
		t.Fatal("no test messages")
	}
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		checkMessageRaw(t, b)
		if raw, err := DecodeMetadataCBOR(b); err == nil {
			g, gerr := DecodeMetadata(b)
			if gerr != nil || !bytes.Equal(raw, g.Raw) {
				t.Fatalf("%s: DecodeMetadataCBOR differs from DecodeMetadata (%v)", p, gerr)
			}
		}
	}
}

// FuzzSkimGlobalMetadata: the skim never accepts what the parser rejects,
// and ParseMessageRaw and DecodeMetadataCBOR agree with their full-parse
// counterparts on any buffer.
func FuzzSkimGlobalMetadata(f *testing.F) {
	addSeeds(f)
	f.Add(mustHex(f, "a2646261736582a0a1616101617882f93c00c0f6"))
	f.Fuzz(func(t *testing.T, b []byte) {
		checkSkim(t, b)
		checkMessageRaw(t, b)
		raw, err := DecodeMetadataCBOR(b)
		g, gerr := DecodeMetadata(b)
		if (err == nil) != (gerr == nil) || (err != nil && err.Error() != gerr.Error()) || (err == nil && !bytes.Equal(raw, g.Raw)) {
			t.Fatalf("DecodeMetadataCBOR %v, DecodeMetadata %v", err, gerr)
		}
	})
}

func mustHex(t testing.TB, s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// With a preceder the maps are built (and merged) as by ParseMessage.
func TestParseMessageRawWithPreceder(t *testing.T) {
	obj := tDataFrame(tDesc(t, Uint8, []uint64{1}, LittleEndian), []byte{7}, true, false)
	hdr := tFrame(FrameHeaderMetadata, 0, tCBOR(t, map[string]any{"base": []any{map[string]any{"a": uint64(1)}}}), false)
	pre := precederFrame(t, map[string]any{"p": "x"})
	m := tMessage(FlagHeaderMetadata|FlagPrecederMetadata, [][]byte{hdr, pre, obj}, false)
	checkMessageRaw(t, m)
	mv, err := ParseMessageRaw(m, false)
	if err != nil || mv.Metadata == nil || mv.Metadata.Base[0]["p"] != "x" || mv.Metadata.Base[0]["a"] != uint64(1) {
		t.Fatalf("preceder not merged: %v %v", mv, err)
	}
	plain := tMessage(FlagHeaderMetadata, [][]byte{hdr, obj}, false)
	checkMessageRaw(t, plain)
	if mv, err := ParseMessageRaw(plain, false); err != nil || mv.Metadata != nil || len(mv.MetadataCBOR) == 0 {
		t.Fatalf("maps built without a preceder: %v", err)
	}
	// Base longer than the object count: ParseMessage's error.
	two := tFrame(FrameHeaderMetadata, 0, tCBOR(t, map[string]any{"base": []any{map[string]any{}, map[string]any{}}}), false)
	checkMessageRaw(t, tMessage(FlagHeaderMetadata, [][]byte{two, obj}, false))
}
