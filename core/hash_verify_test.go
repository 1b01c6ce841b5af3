package core

import (
	"bytes"
	"errors"
	"testing"
)

// Writer data-frame flags and hashing on/off.
func TestWriterFrameFlagsHashingOnOff(t *testing.T) {
	for _, noHash := range []bool{false, true} {
		m := mustEncode(t, nil, []EncodeInput{f32Input(1)}, &EncodeOptions{NoHash: noHash, AggregateHash: HashBoth})
		pre, _ := ParsePreamble(m)
		frames, _ := listFrames(m)
		for _, f := range frames {
			slot := be.Uint64(f.frame[f.length-12:])
			if f.hdr.Version != 1 {
				t.Fatal("frame version")
			}
			switch {
			case f.hdr.Type == FrameNTensor && !noHash:
				if f.hdr.Flags != 0x0003 || be.Uint64(f.frame[f.length-20:]) != uint64(16+4) {
					t.Fatalf("data flags %#x", f.hdr.Flags)
				}
			case f.hdr.Type == FrameNTensor:
				if f.hdr.Flags != 0x0001 {
					t.Fatalf("data flags %#x", f.hdr.Flags)
				}
			case !noHash && f.hdr.Flags != 0x0002:
				t.Fatalf("flags %#x", f.hdr.Flags)
			case noHash && f.hdr.Flags != 0:
				t.Fatalf("flags %#x", f.hdr.Flags)
			}
			if noHash && slot != 0 {
				t.Fatal("slot must be zero without hashing")
			}
			if !noHash && slot != HashXXH3(f.body) {
				t.Fatal("bad slot")
			}
			if noHash && (f.hdr.Type == FrameHeaderHash || f.hdr.Type == FrameFooterHash) {
				t.Fatal("hash frame without hashing")
			}
		}
		if (pre.Flags&FlagHashesPresent != 0) == noHash {
			t.Fatal("HASHES_PRESENT")
		}
	}
}

// xxh3 test vectors and the position of the hash slot.
func TestXXH3VectorsAndSlotPosition(t *testing.T) {
	for in, want := range map[string]uint64{"": 0x2d06800538d394c2, "\xa0": 0x2b98bb92609bd6f8, "hello world": 0xd447b1ea40e6988b} {
		if got := HashXXH3([]byte(in)); got != want {
			t.Fatalf("xxh3(%q) = %x", in, got)
		}
	}
	if s, _ := ComputeHash([]byte{}, "xxh3"); s != "2d06800538d394c2" {
		t.Fatal(s)
	}
}

// The hash covers the frame body only.
func TestHashCoversFrameBody(t *testing.T) {
	m := mustEncode(t, nil, []EncodeInput{f32Input(1, 2)}, nil)
	mv, _ := ParseMessage(m)
	s := mv.Objects[0].FrameOffset
	l := len(mv.Objects[0].Frame)
	verify := func(b []byte) error { _, err := Decode(b, &DecodeOptions{VerifyHash: true}); return err }
	for _, off := range []int{s + 5, s + l + 1} { // frame version (header), padding
		c := append([]byte(nil), m...)
		c[off] ^= 0x55
		if err := verify(c); err != nil {
			t.Fatalf("offset %d: %v", off, err)
		}
	}
	for _, off := range []int{s + 16, s + 23, s + 30, s + l - 21} { // payload and descriptor bytes
		c := append([]byte(nil), m...)
		c[off] ^= 0x01
		var hm *HashMismatchError
		if err := verify(c); !errors.As(err, &hm) || hm.ObjectIndex != 0 {
			t.Fatalf("offset %d: %v", off, err)
		}
	}
}

// Verified decoding: MissingHash and HashMismatch per object.
func TestVerifyHash(t *testing.T) {
	three := []EncodeInput{f32Input(1), f32Input(2, 3), {Descriptor: NewDescriptor(Uint8, []uint64{2}), Data: []byte{4, 5}}}
	m := mustEncode(t, nil, three, nil)
	mv, _ := ParseMessage(m)
	// Tampered slot still decodes without verification.
	c := append([]byte(nil), m...)
	slotAt := mv.Objects[1].FrameOffset + len(mv.Objects[1].Frame) - 12
	c[slotAt] ^= 0xff
	if _, err := Decode(c, nil); err != nil {
		t.Fatal(err)
	}
	// Slot or payload tamper → HashMismatch{1}.
	_, err := Decode(c, &DecodeOptions{VerifyHash: true})
	var hm *HashMismatchError
	if !errors.As(err, &hm) || hm.ObjectIndex != 1 || !errors.Is(err, ErrIntegrity) || !errors.Is(err, ErrHashMismatch) {
		t.Fatal(err)
	}
	if hm.Expected != FormatHash(be.Uint64(c[slotAt:])) || len(hm.Actual) != 16 {
		t.Fatal(hm)
	}
	// Decode_object verifies only the requested object.
	if _, _, err := DecodeObject(c, 0, &DecodeOptions{VerifyHash: true}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := DecodeObject(c, 1, &DecodeOptions{VerifyHash: true}); !errors.As(err, &hm) {
		t.Fatal(err)
	}
	// Unhashed message.
	u := mustEncode(t, nil, three, &EncodeOptions{NoHash: true})
	_, err = Decode(u, &DecodeOptions{VerifyHash: true})
	var mh *MissingHashError
	if !errors.As(err, &mh) || mh.ObjectIndex != 0 || !errors.Is(err, ErrMissingHash) {
		t.Fatal(err)
	}
	// Clearing HASH_PRESENT of object 2.
	c = append([]byte(nil), m...)
	c[mv.Objects[2].FrameOffset+7] &^= 0x02
	if _, err := Decode(c, &DecodeOptions{VerifyHash: true}); !errors.As(err, &mh) || mh.ObjectIndex != 2 {
		t.Fatal(err)
	}
	// [hashed][unhashed] concatenated verifies (first message only).
	if _, err := Decode(append(append([]byte(nil), m...), u...), &DecodeOptions{VerifyHash: true}); err != nil {
		t.Fatal(err)
	}
	// A zero slot with HASH_PRESENT set is compared, not "absent".
	c = append([]byte(nil), m...)
	be.PutUint64(c[slotAt:], 0)
	if _, err := Decode(c, &DecodeOptions{VerifyHash: true}); !errors.As(err, &hm) || hm.Expected != "0000000000000000" {
		t.Fatal(err)
	}
	// Legacy (0.17–0.20) frames: real digests but no per-frame bit → MissingHash.
	c = append([]byte(nil), m...)
	for _, o := range mv.Objects {
		c[o.FrameOffset+7] = 0x01
	}
	if _, err := Decode(c, &DecodeOptions{VerifyHash: true}); !errors.As(err, &mh) || mh.ObjectIndex != 0 {
		t.Fatal(err)
	}
	if r := ValidateMessage(c, nil); !r.HasCode("hash_verification_error") {
		t.Fatal(r.Issues)
	}
}

// Hash frame CBOR and identical header/footer bodies.
func TestHashFrameBodies(t *testing.T) {
	m := mustEncode(t, nil, []EncodeInput{f32Input(1), f32Input(2)}, &EncodeOptions{AggregateHash: HashBoth})
	frames, _ := listFrames(m)
	var bodies [][]byte
	var slots []string
	for _, f := range frames {
		switch f.hdr.Type {
		case FrameHeaderHash, FrameFooterHash:
			bodies = append(bodies, f.body)
		case FrameNTensor:
			slots = append(slots, FormatHash(be.Uint64(f.frame[f.length-12:])))
		}
	}
	if len(bodies) != 2 || !bytes.Equal(bodies[0], bodies[1]) {
		t.Fatal("header and footer hash bodies differ")
	}
	want := tCBOR(t, map[string]any{"hashes": slots, "algorithm": "xxh3"})
	if !bytes.Equal(bodies[0], want) || !bytes.HasPrefix(want, []byte{0xa2, 0x66, 'h', 'a', 's', 'h', 'e', 's'}) {
		t.Fatalf("%x", bodies[0])
	}
}
