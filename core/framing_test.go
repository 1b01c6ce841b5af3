package core

import (
	"bytes"
	"testing"
)

// Short buffers are framing errors.
func TestDecodeRejectsShortBuffer(t *testing.T) {
	for n := 0; n < 24; n++ {
		_, err := Decode(make([]byte, n), nil)
		wantErr(t, err, ErrFraming, "buffer too short")
	}
}

// Bad magic shows the bytes as ASCII and hex.
func TestDecodeBadMagicShowsBytes(t *testing.T) {
	b := append([]byte("GARBAGE!"), make([]byte, 40)...)
	_, err := Decode(b, nil)
	wantErr(t, err, ErrFraming, "GARBAGE!", "4741524241474521")
}

// Any version but 3 is rejected.
func TestDecodeRejectsVersionOtherThan3(t *testing.T) {
	for _, v := range []uint16{0, 1, 2, 4, 99} {
		m := simpleMsg(t)
		be.PutUint16(m[8:], v)
		_, err := Decode(m, nil)
		wantErr(t, err, ErrFraming, "unsupported message version", "required = 3")
	}
}

// Reserved word and flags do not affect decoding.
func TestPreambleReservedAndFlagsIgnored(t *testing.T) {
	m := simpleMsg(t)
	be.PutUint32(m[12:], 0xdeadbeef)
	be.PutUint16(m[10:], 0xff7e)
	if _, err := Decode(m, nil); err != nil {
		t.Fatal(err)
	}
}

// total_length bounds: larger than the buffer, below 48, overflowing.
func TestTotalLengthBounds(t *testing.T) {
	m := simpleMsg(t)
	be.PutUint64(m[16:], uint64(len(m)+8))
	_, err := Decode(m, nil)
	wantErr(t, err, ErrFraming, "exceeds buffer size")
	for l := uint64(1); l <= 47; l++ {
		be.PutUint64(m[16:], l)
		_, err := Decode(m, nil)
		wantErr(t, err, ErrFraming, "smaller than the minimum message size")
	}
	be.PutUint64(m[16:], 48)
	_, err = Decode(m, nil)
	if err == nil || bytes.Contains([]byte(err.Error()), []byte("minimum message size")) {
		t.Fatalf("total_length 48: %v", err)
	}
	be.PutUint64(m[16:], ^uint64(0))
	wantErr(t, func() error { _, err := Decode(m, nil); return err }(), ErrFraming)
}

// Postamble: end magic and the mirrored total_length.
func TestPostambleChecks(t *testing.T) {
	m := simpleMsg(t)
	bad := append([]byte(nil), m...)
	bad[len(bad)-1] = 'X'
	_, err := Decode(bad, nil)
	wantErr(t, err, ErrFraming, "invalid end magic")
	bad = append([]byte(nil), m...)
	be.PutUint64(bad[len(bad)-16:], 8)
	_, err = Decode(bad, nil)
	wantErr(t, err, ErrFraming, "does not match preamble total_length")
	ok := append([]byte(nil), m...)
	be.PutUint64(ok[len(ok)-16:], 0)
	if _, err := Decode(ok, nil); err != nil {
		t.Fatal(err)
	}
}

// Bytes after the message are ignored; two messages → first only.
func TestDecodeIgnoresBytesAfterMessage(t *testing.T) {
	a := mustEncode(t, nil, []EncodeInput{f32Input(1, 2)}, nil)
	b := mustEncode(t, nil, []EncodeInput{f32Input(3, 4, 5)}, nil)
	m, err := Decode(append(append([]byte(nil), a...), b...), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(m.Objects[0].Data, f32s(1, 2)) {
		t.Fatal("decoded the wrong message")
	}
}

// first_footer_offset is not used by decode.
func TestDecodeIgnoresFirstFooterOffset(t *testing.T) {
	m := simpleMsg(t)
	be.PutUint64(m[len(m)-24:], 12345)
	if _, err := Decode(m, nil); err != nil {
		t.Fatal(err)
	}
	r := ValidateMessage(m, nil)
	if !r.HasCode("footer_offset_out_of_range") {
		t.Fatalf("validator issues %+v", r.Issues)
	}
	be.PutUint64(m[len(m)-24:], 24)
	if r := ValidateMessage(m, nil); !r.HasCode("footer_offset_mismatch") || !r.OK() {
		t.Fatalf("validator issues %+v", r.Issues)
	}
}

// Reserved and unknown frame types are framing errors.
func TestReservedAndUnknownFrameTypes(t *testing.T) {
	for _, typ := range []uint16{4, 0, 10, 0xffff} {
		m := simpleMsg(t)
		be.PutUint16(m[PreambleSize+2:], typ)
		_, err := Decode(m, nil)
		if typ == 4 {
			wantErr(t, err, ErrFraming, "reserved frame type 4", "obsolete v2")
		} else {
			wantErr(t, err, ErrFraming, "unknown frame type")
		}
	}
}

// Frame minimum size, bounds and the ENDF marker.
func TestFrameSizeBoundsAndEndMarker(t *testing.T) {
	m := simpleMsg(t)
	bad := append([]byte(nil), m...)
	be.PutUint64(bad[PreambleSize+8:], 27)
	_, err := Decode(bad, nil)
	wantErr(t, err, ErrFraming, "smaller than minimum")
	obj := PreambleSize + align8(29)
	bad = append([]byte(nil), m...)
	be.PutUint64(bad[obj+8:], 35)
	_, err = Decode(bad, nil)
	wantErr(t, err, ErrFraming, "too small")
	bad = append([]byte(nil), m...)
	be.PutUint64(bad[obj+8:], 1<<40)
	_, err = Decode(bad, nil)
	wantErr(t, err, ErrFraming, "exceeds buffer")
	bad = append([]byte(nil), m...)
	bad[PreambleSize+28] = 'X'
	_, err = Decode(bad, nil)
	wantErr(t, err, ErrFraming, "missing ENDF")
}

// Frames of an earlier phase after a later one are rejected.
func TestFramePhaseOrder(t *testing.T) {
	meta := tFrame(FrameHeaderMetadata, 0, []byte{0xa0}, false)
	obj := tDataFrame(tDesc(t, Uint8, []uint64{1}, LittleEndian), []byte{7}, true, false)
	_, err := Decode(tMessage(1, [][]byte{obj, meta}, false), nil)
	wantErr(t, err, ErrFraming, "unexpected", "order")
	foot := tFrame(FrameFooterMetadata, 0, []byte{0xa0}, false)
	_, err = Decode(tMessage(1, [][]byte{meta, foot, obj}, false), nil)
	wantErr(t, err, ErrFraming, "unexpected")
}

// Footer frames in any order and header frames in any order decode.
func TestFramesInAnyOrderWithinPhase(t *testing.T) {
	obj := tDataFrame(tDesc(t, Uint8, []uint64{1}, LittleEndian), []byte{7}, true, false)
	idx := tFrame(FrameFooterIndex, 0, tCBOR(t, map[string]any{"offsets": []uint64{24}, "lengths": []uint64{uint64(len(obj))}}), false)
	hash := tFrame(FrameFooterHash, 0, tCBOR(t, map[string]any{"hashes": []string{"0000000000000000"}, "algorithm": "xxh3"}), false)
	meta := tFrame(FrameFooterMetadata, 0, tCBOR(t, map[string]any{"base": []any{map[string]any{"k": "v"}}}), false)
	for _, order := range [][][]byte{{idx, hash, meta}, {meta, hash, idx}, {hash, meta, idx}} {
		m, err := Decode(tMessage(0, append([][]byte{obj}, order...), false), nil)
		if err != nil || m.Metadata.Base[0]["k"] != "v" {
			t.Fatal(err)
		}
	}
	hm := tFrame(FrameHeaderMetadata, 0, []byte{0xa0}, false)
	hidx := tFrame(FrameHeaderIndex, 0, tCBOR(t, map[string]any{"offsets": []uint64{}, "lengths": []uint64{}}), false)
	if _, err := Decode(tMessage(1, [][]byte{hidx, hm, hidx}, false), nil); err != nil {
		t.Fatal(err)
	}
}

// Arbitrary padding between frames is skipped.
func TestPaddingBetweenFramesSkipped(t *testing.T) {
	meta := tFrame(FrameHeaderMetadata, 0, []byte{0xa0}, false)
	obj := tDataFrame(tDesc(t, Uint8, []uint64{1}, LittleEndian), []byte{7}, true, false)
	pad := []byte{0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4}
	m := tMessage(1, [][]byte{meta, pad, pad, obj}, false)
	d, err := Decode(m, nil)
	if err != nil || len(d.Objects) != 1 || d.Objects[0].Data[0] != 7 {
		t.Fatal(err)
	}
	if r := ValidateMessage(m, nil); !r.HasCode("non_zero_padding") || !r.OK() {
		t.Fatalf("non-zero padding must be a warning: %+v", r.Issues)
	}
}

// Frame version values other than 1 are accepted.
func TestFrameVersionIgnored(t *testing.T) {
	m := simpleMsg(t)
	be.PutUint16(m[PreambleSize+4:], 7)
	if _, err := Decode(m, nil); err != nil {
		t.Fatal(err)
	}
}

// A message needs a metadata frame; a footer one alone is enough.
func TestMetadataFramePresence(t *testing.T) {
	obj := tDataFrame(tDesc(t, Uint8, []uint64{1}, LittleEndian), []byte{7}, true, false)
	_, err := Decode(tMessage(0, [][]byte{obj}, false), nil)
	wantErr(t, err, ErrMetadata, "no metadata frame")
	foot := tFrame(FrameFooterMetadata, 0, tCBOR(t, map[string]any{"_extra_": map[string]any{"x": uint64(1)}}), false)
	m, err := Decode(tMessage(0, [][]byte{obj, foot}, false), nil)
	if err != nil || m.Metadata.Extra["x"] != uint64(1) {
		t.Fatal(err)
	}
}

// Decode returns the last metadata frame, DecodeMetadata the first.
func TestDecodeUsesLastMetadataFrameDecodeMetadataFirst(t *testing.T) {
	h := tFrame(FrameHeaderMetadata, 0, tCBOR(t, map[string]any{"_extra_": map[string]any{"which": "header"}}), false)
	f := tFrame(FrameFooterMetadata, 0, tCBOR(t, map[string]any{"_extra_": map[string]any{"which": "footer"}}), false)
	m := tMessage(3, [][]byte{h, f}, false)
	d, err := Decode(m, nil)
	if err != nil || d.Metadata.Extra["which"] != "footer" {
		t.Fatal(err, d)
	}
	g, err := DecodeMetadata(m)
	if err != nil || g.Extra["which"] != "header" {
		t.Fatal(err, g)
	}
}
