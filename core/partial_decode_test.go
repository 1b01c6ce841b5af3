package core

import (
	"errors"
	"testing"
)

// Behaviour of the partial decoders (DecodeMetadata, DecodeObject /
// ParseObject) on damaged messages, as observed on upstream tensogram 0.24.0
// with the mutations below (tests/test_oracle.py checks random ones).

// twoObjectMsg: header metadata {"e": 2} + two hashed uint8 objects.
// Returns the message and the offsets of the three frames.
func twoObjectMsg(t *testing.T) (m []byte, meta, obj0, obj1 int) {
	t.Helper()
	mf := tFrame(FrameHeaderMetadata, 0, tCBOR(t, map[string]any{"e": 2}), true)
	d0 := tDataFrame(tDesc(t, Uint8, []uint64{4}, LittleEndian), []byte{1, 2, 3, 4}, false, true)
	d1 := tDataFrame(tDesc(t, Uint8, []uint64{3}, LittleEndian), []byte{5, 6, 7}, true, true)
	m = tMessage(FlagHeaderMetadata|FlagHashesPresent, [][]byte{mf, d0, d1}, false)
	meta = PreambleSize
	obj0 = meta + align8(len(mf))
	obj1 = obj0 + align8(len(d0))
	return m, meta, obj0, obj1
}

func mutate(m []byte, f func(c []byte)) []byte {
	c := append([]byte(nil), m...)
	f(c)
	return c
}

func TestDecodeMetadataReadsOnlyUpToTheMetadataFrame(t *testing.T) {
	m, meta, obj0, obj1 := twoObjectMsg(t)
	n := len(m)
	accepted := map[string][]byte{
		"intact":                   m,
		"postamble end magic":      mutate(m, func(c []byte) { copy(c[n-8:], "xxxxxxxx") }),
		"postamble total_length":   mutate(m, func(c []byte) { be.PutUint64(c[n-16:], 5) }),
		"total_length > buffer":    mutate(m, func(c []byte) { be.PutUint64(c[16:], 1<<40) }),
		"total_length 0":           mutate(m, func(c []byte) { be.PutUint64(c[16:], 0) }),
		"end inside frame header":  mutate(m, func(c []byte) { be.PutUint64(c[16:], 49) }),
		"truncated after metadata": m[:obj0+3],
		"unknown frame type after": mutate(m, func(c []byte) { be.PutUint16(c[obj0+2:], 99) }),
		"data frame length 0":      mutate(m, func(c []byte) { be.PutUint64(c[obj1+8:], 0) }),
		"metadata frame as footer": mutate(m, func(c []byte) { be.PutUint16(c[meta+2:], uint16(FrameFooterMetadata)) }),
		"metadata hash slot":       mutate(m, func(c []byte) { c[meta+int(be.Uint64(m[meta+8:]))-12] ^= 0xff }),
	}
	for name, b := range accepted {
		g, err := DecodeMetadata(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if g.Extra["e"] != uint64(2) && g.Extra["e"] != int64(2) {
			t.Fatalf("%s: %#v", name, g.Extra)
		}
	}
	refused := []struct {
		name string
		buf  []byte
		kind error
		text string
	}{
		{"total_length < 24", mutate(m, func(c []byte) { be.PutUint64(c[16:], 23) }), ErrFraming, "total_length 23 too small for postamble"},
		{"total_length 24", mutate(m, func(c []byte) { be.PutUint64(c[16:], 24) }), ErrMetadata, "no metadata frame"},
		{"total_length 48", mutate(m, func(c []byte) { be.PutUint64(c[16:], 48) }), ErrMetadata, "no metadata frame"},
		{"truncated in metadata", m[:meta+20], ErrFraming, "exceeds buffer"},
		{"metadata ENDF", mutate(m, func(c []byte) { c[meta+int(be.Uint64(m[meta+8:]))-4] = 'X' }), ErrFraming, "ENDF"},
		{"metadata type unknown", mutate(m, func(c []byte) { be.PutUint16(c[meta+2:], 99) }), ErrFraming, "unknown frame type"},
		{"metadata type index", mutate(m, func(c []byte) { be.PutUint16(c[meta+2:], uint16(FrameHeaderIndex)) }), ErrMetadata, "no metadata frame"},
		{"no FR", mutate(m, func(c []byte) { c[meta] = 'G' }), ErrMetadata, "no metadata frame"},
		{"metadata CBOR", mutate(m, func(c []byte) { c[meta+FrameHeaderSize] = 0x01 }), ErrMetadata, "not a map"},
		{"short preamble", m[:PreambleSize-1], ErrFraming, "buffer too short for preamble"},
	}
	for _, c := range refused {
		_, err := DecodeMetadata(c.buf)
		if err == nil {
			t.Fatalf("%s: accepted", c.name)
		}
		wantErr(t, err, c.kind, c.text)
	}
}

func TestDecodeMetadataSkipsFramesByLength(t *testing.T) {
	mf := tFrame(FrameHeaderMetadata, 0, []byte{0xa0}, false)
	idx := func(l uint64) []byte {
		f := make([]byte, 16)
		putFrameHeader(f, FrameHeaderIndex, 0, l)
		return f
	}
	// A skipped frame shorter than its header is refused; one whose
	// length jumps over the metadata frame hides it.
	for _, c := range []struct {
		l    uint64
		kind error
		text string
	}{
		{0, ErrFraming, "total_length 0 smaller than header size"},
		{15, ErrFraming, "total_length 15 smaller than header size"},
		{16, nil, ""},
		{17, ErrMetadata, "no metadata frame"}, // lands at 24+24, past the FR at 40
		{^uint64(0) - 15, ErrMetadata, "no metadata frame"},
		{1 << 63, ErrMetadata, "no metadata frame"},
	} {
		m := tMessage(0, [][]byte{idx(c.l), mf}, false)
		_, err := DecodeMetadata(m)
		if c.kind == nil {
			if err != nil {
				t.Fatal(c.l, err)
			}
			continue
		}
		wantErr(t, err, c.kind, c.text)
	}
}

func TestDecodeObjectVerifiesOnlyItsFrame(t *testing.T) {
	m, _, obj0, obj1 := twoObjectMsg(t)
	verify := &DecodeOptions{VerifyHash: true}
	l0 := int(be.Uint64(m[obj0+8:]))

	// Object 0's ENDF is corrupt: verifying object 1 does not look at it,
	// so object 1's own digest is what fails first.
	b := mutate(m, func(c []byte) { c[obj0+l0-4] = 'X'; c[obj1+FrameHeaderSize] ^= 0xff })
	_, _, err := DecodeObject(b, 1, verify)
	var hm *HashMismatchError
	if !errors.As(err, &hm) || hm.ObjectIndex != 1 {
		t.Fatalf("%T %v", err, err)
	}
	// …and with object 1 intact, the parse reports object 0's frame.
	b = mutate(m, func(c []byte) { c[obj0+l0-4] = 'X' })
	_, _, err = DecodeObject(b, 1, verify)
	wantErr(t, err, ErrFraming, "ENDF")
	if _, _, err = DecodeObject(b, 0, verify); !errors.Is(err, ErrFraming) {
		t.Fatal(err)
	}

	// The walk stops at the verified object: a later frame running past
	// the end is reported by the parse, not by the verification.
	b = mutate(m, func(c []byte) { be.PutUint64(c[obj1+8:], 5000) })
	_, _, err = DecodeObject(b, 0, verify)
	wantErr(t, err, ErrFraming, "exceeds buffer")
	_, _, err = DecodeObject(b, 1, verify)
	wantErr(t, err, ErrFraming, "runs past the message end")

	// Another object's bad digest does not matter, nor does an index past
	// the last object (no frame to verify: the range error comes after the parse).
	b = mutate(m, func(c []byte) { c[obj0+l0-DataFrameFooterSize-1] ^= 0xff }) // last payload byte
	if _, o, err := DecodeObject(b, 1, verify); err != nil || string(o.Data) != "\x05\x06\x07" {
		t.Fatal(err)
	}
	_, _, err = DecodeObject(b, 5, verify)
	wantErr(t, err, ErrObject, "object index 5 out of range (num_objects=2)")
	_, err = Decode(b, verify)
	if !errors.As(err, &hm) || hm.ObjectIndex != 0 {
		t.Fatalf("%T %v", err, err)
	}

	// A zero-length data frame is counted again as every following object,
	// so it is the frame checked whatever the index.
	b = mutate(m, func(c []byte) { be.PutUint64(c[obj0+8:], 0) })
	for _, i := range []int{0, 1, 5} {
		_, _, err = DecodeObject(b, i, verify)
		wantErr(t, err, ErrFraming, "too small to read hash slot")
	}
	// Checked frame too small for the data footer, ENDF in place.
	b = mutate(m, func(c []byte) { be.PutUint64(c[obj0+8:], 32); copy(c[obj0+28:], "ENDF") })
	_, _, err = DecodeObject(b, 0, verify)
	wantErr(t, err, ErrFraming, "too small to hash")
	_, _, err = DecodeObject(b, 1, verify)
	wantErr(t, err, ErrFraming, "data object frame too small")
	// HASH_PRESENT clear on the other object only: fine.
	b = mutate(m, func(c []byte) { be.PutUint16(c[obj1+6:], be.Uint16(c[obj1+6:])&^FrameFlagHashPresent) })
	if _, _, err = DecodeObject(b, 0, verify); err != nil {
		t.Fatal(err)
	}
	var mh *MissingHashError
	if _, _, err = DecodeObject(b, 1, verify); !errors.As(err, &mh) || mh.ObjectIndex != 1 {
		t.Fatalf("%T %v", err, err)
	}
}

func TestDecodeObjectDecodesOnlyItsPayload(t *testing.T) {
	// Object 0's payload is one byte short of its shape: decoding it fails,
	// but it is never decoded when object 1 is asked for.
	meta := tFrame(FrameHeaderMetadata, 0, []byte{0xa0}, false)
	short := tDataFrame(tDesc(t, Uint8, []uint64{4}, LittleEndian), []byte{1, 2, 3}, false, false)
	good := tDataFrame(tDesc(t, Uint8, []uint64{2}, LittleEndian), []byte{5, 6}, false, false)
	m := tMessage(0, [][]byte{meta, short, good}, false)
	if _, o, err := DecodeObject(m, 1, nil); err != nil || string(o.Data) != "\x05\x06" {
		t.Fatal(err)
	}
	if _, _, err := DecodeObject(m, 0, nil); !errors.Is(err, ErrEncoding) {
		t.Fatal(err)
	}
	if _, err := Decode(m, nil); !errors.Is(err, ErrEncoding) {
		t.Fatal(err)
	}
}

// ParseMessageVerified gives Decode's verify-hash outcome without decoding
// payloads.
func TestParseMessageVerifiedMatchesDecode(t *testing.T) {
	m, meta, obj0, obj1 := twoObjectMsg(t)
	l0 := int(be.Uint64(m[obj0+8:]))
	cases := map[string][]byte{
		"intact":               m,
		"obj1 payload":         mutate(m, func(c []byte) { c[len(m)-PostambleSize-DataFrameFooterSize-1] ^= 1 }),
		"obj0 payload":         mutate(m, func(c []byte) { c[obj0+l0-DataFrameFooterSize-1] ^= 1 }),
		"obj0 ENDF":            mutate(m, func(c []byte) { c[obj0+l0-4] = 'X' }),
		"metadata CBOR":        mutate(m, func(c []byte) { c[meta+FrameHeaderSize] = 0x01 }),
		"metadata CBOR + obj1": mutate(m, func(c []byte) { c[meta+FrameHeaderSize] = 0x01; c[obj1+FrameHeaderSize+3] ^= 1 }),
		"obj1 flags":           mutate(m, func(c []byte) { c[obj1+7] &^= byte(FrameFlagHashPresent) }),
		"postamble":            mutate(m, func(c []byte) { c[len(m)-1] = 'x' }),
	}
	for name, b := range cases {
		_, want := Decode(b, &DecodeOptions{VerifyHash: true})
		mv, got := ParseMessageVerified(b)
		if (want == nil) != (got == nil) || (want != nil && want.Error() != got.Error()) {
			t.Fatalf("%s: Decode %v, ParseMessageVerified %v", name, want, got)
		}
		if got == nil && len(mv.Objects) != 2 {
			t.Fatal(name, len(mv.Objects))
		}
	}
}
