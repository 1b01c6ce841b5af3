package core

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Goldens pass every level, hash verified.
func TestValidateGoldensAtEveryLevel(t *testing.T) {
	for _, name := range goldenNames {
		fr := ValidateBuffer(readGolden(t, name), &ValidateOptions{Mode: ModeFull, Canonical: true})
		if !fr.OK() || len(fr.FileIssues) != 0 {
			t.Fatal(name, fr.FileIssues)
		}
		for _, m := range fr.Messages {
			if len(m.Report.Issues) != 0 || !m.Report.HashVerified || m.Report.ObjectCount == 0 {
				t.Fatal(name, m.Report.Issues)
			}
		}
	}
}

// Modes.
func TestValidateModes(t *testing.T) {
	m := mustEncode(t, nil, []EncodeInput{f32Input(1, 2)}, nil)
	mv, _ := ParseMessage(m)
	// Tamper a payload byte and add non-zero padding and a bad index.
	c := append([]byte(nil), m...)
	c[mv.Objects[0].FrameOffset+16] ^= 1
	pad := mv.Objects[0].FrameOffset + len(mv.Objects[0].Frame)
	c[pad] = 0x99
	q := ValidateMessage(c, &ValidateOptions{Mode: ModeQuick})
	if q.HasCode("hash_mismatch") || !q.HasCode("non_zero_padding") {
		t.Fatal("quick", q.Issues)
	}
	cs := ValidateMessage(c, &ValidateOptions{Mode: ModeChecksum})
	if !cs.HasCode("hash_mismatch") || cs.HasCode("non_zero_padding") || cs.HashVerified {
		t.Fatal("checksum", cs.Issues)
	}
	for _, i := range cs.Issues {
		if i.Level == LevelMetadata {
			t.Fatal("checksum ran level 2")
		}
	}
	if mode, err := ParseValidateMode("full"); err != nil || mode != ModeFull {
		t.Fatal(err)
	}
	if _, err := ParseValidateMode("bogus"); err == nil {
		t.Fatal("bogus mode")
	}
}

// Unhashed messages.
func TestValidateUnhashedMessage(t *testing.T) {
	m := mustEncode(t, nil, []EncodeInput{f32Input(1), f32Input(2)}, &EncodeOptions{NoHash: true})
	r := ValidateMessage(m, nil)
	n := 0
	for _, i := range r.Issues {
		if i.Code == "no_hash_available" && i.Severity == SeverityWarning {
			n++
		}
	}
	if n != 2 || !r.OK() || r.HashVerified {
		t.Fatal(r.Issues)
	}
}

// Hash findings.
func TestValidateHashFindings(t *testing.T) {
	m := mustEncode(t, nil, []EncodeInput{f32Input(1), f32Input(2)}, &EncodeOptions{AggregateHash: HashBoth})
	mv, _ := ParseMessage(m)
	c := append([]byte(nil), m...)
	c[mv.Objects[1].FrameOffset+16] ^= 1
	r := ValidateMessage(c, nil)
	found := false
	for _, i := range r.Issues {
		if i.Code == "hash_mismatch" && i.ObjectIndex == 1 && i.ByteOffset == int64(mv.Objects[1].FrameOffset) {
			found = true
		}
	}
	if !found || r.OK() {
		t.Fatal("tampered slot", r.Issues)
	}
	// Edit one HeaderHash entry (re-hashing that frame).
	frames, _ := listFrames(m)
	for _, f := range frames {
		if f.hdr.Type != FrameHeaderHash {
			continue
		}
		c := append([]byte(nil), m...)
		body := c[f.offset+16 : f.offset+f.length-12]
		i := strings.Index(string(body), mv.Hashes.Hashes[0])
		body[i] ^= 0x01
		be.PutUint64(c[f.offset+f.length-12:], HashXXH3(body))
		r := ValidateMessage(c, nil)
		if !r.HasCode("hash_mismatch") || r.OK() {
			t.Fatal("edited hash frame entry", r.Issues)
		}
	}
	if r := ValidateMessage(m, nil); !r.OK() || !r.HashVerified {
		t.Fatal("identical header/footer lists must pass", r.Issues)
	}
	// Unknown algorithm.
	hf := tFrame(FrameHeaderHash, 0, tCBOR(t, map[string]any{"hashes": []string{"00"}, "algorithm": "sha256"}), false)
	obj := tDataFrame(tDesc(t, Uint8, []uint64{1}, LittleEndian), []byte{1}, true, true)
	msg := tMessage(FlagHeaderMetadata|FlagHeaderHashes|FlagHashesPresent, [][]byte{tFrame(FrameHeaderMetadata, 0, []byte{0xa0}, false), hf, obj}, false)
	if r := ValidateMessage(msg, nil); !r.HasCode("unknown_hash_algorithm") {
		t.Fatal("unknown hash algorithm", r.Issues)
	}
}

// Structure error codes.
func TestValidateStructureCodes(t *testing.T) {
	good := simpleMsg(t)
	meta := tFrame(FrameHeaderMetadata, 0, []byte{0xa0}, false)
	obj := tDataFrame(tDesc(t, Uint8, []uint64{1}, LittleEndian), []byte{1}, true, false)
	mod := func(f func(b []byte) []byte) []byte { return f(append([]byte(nil), good...)) }
	cases := map[string][]byte{
		"buffer_too_short":            good[:10],
		"invalid_magic":               mod(func(b []byte) []byte { b[0] = 'X'; return b }),
		"preamble_parse_failed":       mod(func(b []byte) []byte { be.PutUint16(b[8:], 2); return b }),
		"total_length_too_small":      mod(func(b []byte) []byte { be.PutUint64(b[16:], 30); return b }),
		"total_length_exceeds_buffer": mod(func(b []byte) []byte { be.PutUint64(b[16:], 1<<40); return b }),
		"postamble_invalid":           mod(func(b []byte) []byte { b[len(b)-1] = 0; return b }),
		"footer_offset_out_of_range":  mod(func(b []byte) []byte { be.PutUint64(b[len(b)-24:], 3); return b }),
		"invalid_frame_header":        mod(func(b []byte) []byte { be.PutUint16(b[26:], 4); return b }),
		"frame_too_small":             mod(func(b []byte) []byte { be.PutUint64(b[24+align8(29)+8:], 30); return b }),
		"frame_exceeds_message":       mod(func(b []byte) []byte { be.PutUint64(b[32:], 1000); return b }),
		"missing_end_marker":          mod(func(b []byte) []byte { b[24+28] = 0; return b }),
		"frame_order_violation":       tMessage(1, [][]byte{obj, meta}, false),
		"preceder_not_followed_by_object": tMessage(1, [][]byte{meta, precederFrame(t, map[string]any{}),
			tFrame(FrameFooterIndex, 0, tCBOR(t, map[string]any{}), false)}, false),
		"dangling_preceder": tMessage(1, [][]byte{meta, obj, precederFrame(t, map[string]any{})}, false),
		"no_metadata_frame": tMessage(0, [][]byte{obj}, false),
		"truncated_frame_header": func() []byte {
			b := tMessage(1, [][]byte{meta}, false)
			b = append(b[:len(b)-24], append([]byte("FR\x00\x01\x00\x01\x00\x00"), b[len(b)-24:]...)...)
			be.PutUint64(b[16:], uint64(len(b)))
			be.PutUint64(b[len(b)-16:], uint64(len(b)))
			be.PutUint64(b[len(b)-24:], uint64(len(b)-24))
			return b
		}(),
	}
	co := append([]byte(nil), obj...)
	be.PutUint64(co[len(co)-20:], 3)
	cases["cbor_offset_invalid"] = tMessage(1, [][]byte{meta, co}, false)
	cases["cbor_before_boundary_unknown"] = tMessage(1, [][]byte{meta, tDataFrame([]byte{0xbf}, nil, false, false)}, false)
	for code, msg := range cases {
		r := ValidateMessage(msg, nil)
		if !r.HasCode(code) || r.OK() {
			t.Fatalf("%s: %+v", code, r.Issues)
		}
	}
}

// Streaming messages validate with warnings only (their flags claim frames
// that may be absent).
func TestValidateStreamingWarningsOnly(t *testing.T) {
	b, _ := os.ReadFile(filepath.Join("testdata", "vectors", "streaming_empty.tgm"))
	r := ValidateMessage(b, nil)
	if !r.OK() || !r.HasCode("flag_mismatch") {
		t.Fatal(r.Issues)
	}
}

// Metadata-level codes.
func TestValidateMetadataCodes(t *testing.T) {
	meta := tFrame(FrameHeaderMetadata, 0, []byte{0xa0}, false)
	obj := tDataFrame(tDesc(t, Uint8, []uint64{1}, LittleEndian), []byte{1}, true, false)
	desc := func(f func(m map[string]any)) []byte {
		m, _ := NewDescriptor(Uint8, []uint64{1}).ToMap()
		f(m)
		return tMessage(1, [][]byte{meta, tDataFrame(tCBOR(t, m), []byte{1}, true, false)}, false)
	}
	cases := map[string][]byte{
		"index_count_mismatch":       tMessage(1, [][]byte{meta, tFrame(FrameHeaderIndex, 0, tCBOR(t, map[string]any{"offsets": []uint64{}, "lengths": []uint64{}}), false), obj}, false),
		"index_offset_mismatch":      tMessage(1, [][]byte{meta, tFrame(FrameHeaderIndex, 0, tCBOR(t, map[string]any{"offsets": []uint64{8}, "lengths": []uint64{1}}), false), obj}, false),
		"index_cbor_parse_failed":    tMessage(1, [][]byte{meta, tFrame(FrameHeaderIndex, 0, []byte{0x01}, false), obj}, false),
		"hash_frame_count_mismatch":  tMessage(1, [][]byte{meta, tFrame(FrameHeaderHash, 0, tCBOR(t, map[string]any{"hashes": []string{}, "algorithm": "xxh3"}), false), obj}, false),
		"preceder_base_count_wrong":  tMessage(1, [][]byte{meta, precederFrame(t), obj}, false),
		"preceder_cbor_parse_failed": tMessage(1, [][]byte{meta, tFrame(FramePrecederMetadata, 0, []byte{0xff}, false), obj}, false),
		"metadata_cbor_parse_failed": tMessage(1, [][]byte{tFrame(FrameHeaderMetadata, 0, []byte{0x80}, false), obj}, false),
		"base_count_exceeds_objects": tMessage(1, [][]byte{tFrame(FrameHeaderMetadata, 0, tCBOR(t, map[string]any{"base": []any{map[string]any{}, map[string]any{}}}), false), obj}, false),
		"reserved_not_a_map":         tMessage(1, [][]byte{tFrame(FrameHeaderMetadata, 0, tCBOR(t, map[string]any{"base": []any{map[string]any{"_reserved_": uint64(1)}}}), false), obj}, false),
		"ndim_shape_mismatch":        desc(func(m map[string]any) { m["ndim"] = uint64(3) }),
		"strides_shape_mismatch":     desc(func(m map[string]any) { m["strides"] = []uint64{} }),
		"shape_overflow": desc(func(m map[string]any) {
			m["shape"] = []uint64{1 << 40, 1 << 40}
			m["strides"] = []uint64{1, 1}
			m["ndim"] = uint64(2)
		}),
		"unknown_encoding":             desc(func(m map[string]any) { m["encoding"] = "x" }),
		"unknown_filter":               desc(func(m map[string]any) { m["filter"] = "x" }),
		"unknown_compression":          desc(func(m map[string]any) { m["compression"] = "x" }),
		"empty_obj_type":               desc(func(m map[string]any) { m["type"] = "" }),
		"descriptor_cbor_parse_failed": desc(func(m map[string]any) { m["dtype"] = "Float32" }),
	}
	for code, msg := range cases {
		r := ValidateMessage(msg, nil)
		if !r.HasCode(code) || r.OK() {
			t.Fatalf("%s: %+v", code, r.Issues)
		}
	}
	w := tMessage(1, [][]byte{tFrame(FrameHeaderMetadata, 0, tCBOR(t, map[string]any{"base": []any{map[string]any{"_reserved_": map[string]any{}}}}), false), obj}, false)
	if r := ValidateMessage(w, nil); !r.HasCode("reserved_missing_tensor") || !r.OK() {
		t.Fatal(r.Issues)
	}
}

// Fidelity NaN/Inf scan (via pre-encoded payloads, which skip the scan).
func TestValidateFidelityNonFinite(t *testing.T) {
	for _, dt := range []DType{Float16, BFloat16, Float32, Float64, Complex64, Complex128} {
		for _, order := range []ByteOrder{LittleEndian, BigEndian} {
			for _, kind := range []string{MaskNaN, MaskPosInf} {
				d := NewDescriptor(dt, []uint64{4})
				d.ByteOrder = order
				n, _ := d.DecodedSize()
				data := make([]byte, n)
				pat, w := nonFinitePattern(dt, kind)
				putUint(data[dt.Size()*3+dt.Size()-w:], pat, w, order) // imaginary part for complex
				m := mustEncode(t, nil, []EncodeInput{{Descriptor: d, Data: data}}, &EncodeOptions{PreEncoded: true})
				r := ValidateMessage(m, &ValidateOptions{Mode: ModeFull})
				code := map[string]string{MaskNaN: "nan_detected", MaskPosInf: "inf_detected"}[kind]
				if !r.HasCode(code) {
					t.Fatalf("%s %s %s: %+v", dt, order, kind, r.Issues)
				}
			}
		}
	}
	// -0.0, subnormals and masked NaNs pass; integers are not scanned.
	ok := mustEncode(t, nil, []EncodeInput{{Descriptor: NewDescriptor(Float64, []uint64{3}), Data: f64s(math.Copysign(0, -1), 5e-324, math.NaN())}}, &EncodeOptions{AllowNaN: true})
	if r := ValidateMessage(ok, &ValidateOptions{Mode: ModeFull}); len(r.Issues) != 0 {
		t.Fatal(r.Issues)
	}
	ints := mustEncode(t, nil, []EncodeInput{{Descriptor: NewDescriptor(Uint32, []uint64{1}), Data: []byte{0, 0, 0xc0, 0x7f}}}, nil)
	if r := ValidateMessage(ints, &ValidateOptions{Mode: ModeFull}); len(r.Issues) != 0 {
		t.Fatal(r.Issues)
	}
}

// Size mismatch at level 4.
func TestValidateDecodedSizeMismatch(t *testing.T) {
	meta := tFrame(FrameHeaderMetadata, 0, []byte{0xa0}, false)
	m := tMessage(1, [][]byte{meta, tDataFrame(tDesc(t, Float32, []uint64{3}, LittleEndian), make([]byte, 8), true, false)}, false)
	if r := ValidateMessage(m, &ValidateOptions{Mode: ModeFull}); !r.HasCode("decoded_size_mismatch") {
		t.Fatal(r.Issues)
	}
}

// File-level issues and JSON spelling.
func TestValidateFileIssuesAndJSON(t *testing.T) {
	msg := mustEncode(t, nil, []EncodeInput{f32Input(1)}, nil)
	buf := append(append(append([]byte("junk"), msg...), []byte("gap")...), msg...)
	buf = append(buf, msg[:60]...)
	fr := ValidateBuffer(buf, nil)
	if len(fr.Messages) != 2 || len(fr.FileIssues) != 3 || fr.OK() {
		t.Fatalf("%+v", fr.FileIssues)
	}
	if !strings.Contains(fr.FileIssues[0].Description, "4 unrecognized bytes at offset 0") ||
		!strings.Contains(fr.FileIssues[2].Description, "60 trailing bytes after last message") {
		t.Fatal(fr.FileIssues)
	}
	if g := ValidateBuffer([]byte("nothing here"), nil); !strings.Contains(g.FileIssues[0].Description, "12 bytes with no valid messages") {
		t.Fatal(g.FileIssues)
	}
	p := filepath.Join(t.TempDir(), "v.tgm")
	os.WriteFile(p, msg, 0o644)
	if fr, err := ValidateFile(p, nil); err != nil || !fr.OK() {
		t.Fatal(err)
	}
	r := ValidateMessage(mustEncode(t, nil, []EncodeInput{f32Input(1)}, &EncodeOptions{NoHash: true}), nil)
	j, _ := json.Marshal(r)
	s := string(j)
	if !strings.Contains(s, `"code":"no_hash_available"`) || !strings.Contains(s, `"level":"integrity"`) || !strings.Contains(s, `"severity":"warning"`) || !strings.Contains(s, `"object_index":0`) {
		t.Fatal(s)
	}
	r = ValidateMessage(simpleMsgFlagMismatch(t), nil)
	j, _ = json.Marshal(r.Issues[0])
	if r.Issues[0].Code != "flag_mismatch" || strings.Contains(string(j), "object_index") || !strings.Contains(string(j), `"byte_offset":10`) {
		t.Fatal("absent object_index must be omitted:", string(j))
	}
}

func simpleMsgFlagMismatch(t *testing.T) []byte {
	m := simpleMsg(t)
	be.PutUint16(m[10:], FlagHeaderMetadata|FlagFooterIndex)
	return m
}
