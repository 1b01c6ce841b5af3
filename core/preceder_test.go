package core

import (
	"bytes"
	"reflect"
	"testing"
)

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

// PrecederEntry finds the preceder of the region before an object's frame
// (header frames before it are skipped) and enforces the local rules.
func TestPrecederEntryRegions(t *testing.T) {
	pad := func(b []byte) []byte { return append(b, make([]byte, align8(len(b))-len(b))...) }
	hdr := pad(tFrame(FrameHeaderMetadata, 0, []byte{0xa0}, false))
	pre := pad(precederFrame(t, map[string]any{"x": uint64(1), "_reserved_": "strip"}))
	if p, err := PrecederEntry(append(append([]byte{}, hdr...), pre...)); err != nil || !reflect.DeepEqual(p, map[string]any{"x": uint64(1)}) {
		t.Fatalf("header + preceder: %v %v", p, err)
	}
	if p, err := PrecederEntry(hdr); err != nil || p != nil {
		t.Fatalf("no preceder: %v %v", p, err)
	}
	_, err := PrecederEntry(append(append([]byte{}, pre...), hdr...))
	wantErr(t, err, ErrFraming, "")
	_, err = PrecederEntry(precederFrame(t))
	wantErr(t, err, ErrMetadata, "exactly 1")
}
