package core

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// Buffered frame layouts and preamble flags per policy.
func TestBufferedLayoutAndFlagsPerPolicy(t *testing.T) {
	cases := []struct {
		n      int
		pol    AggregateHash
		noHash bool
		flags  uint16
		types  []FrameType
	}{
		{1, HashAuto, false, 0x0095, []FrameType{1, 2, 3, 9}},
		{1, HashHeader, false, 0x0095, []FrameType{1, 2, 3, 9}},
		{1, HashFooter, false, 0x00a5, []FrameType{1, 2, 9, 5}},
		{1, HashBoth, false, 0x00b5, []FrameType{1, 2, 3, 9, 5}},
		{1, HashPolicyNone, false, 0x0085, []FrameType{1, 2, 9}},
		{1, HashBoth, true, 0x0005, []FrameType{1, 2, 9}},
		{0, HashAuto, false, 0x0081, []FrameType{1}},
		{0, HashAuto, true, 0x0001, []FrameType{1}},
	}
	for _, c := range cases {
		in := make([]EncodeInput, c.n)
		for i := range in {
			in[i] = f32Input(1)
		}
		m := mustEncode(t, nil, in, &EncodeOptions{AggregateHash: c.pol, NoHash: c.noHash})
		if got := be.Uint16(m[10:]); got != c.flags {
			t.Fatalf("%+v: flags %#x", c, got)
		}
		if types := frameTypes(m); !reflect.DeepEqual(types, c.types) {
			t.Fatalf("%+v: frames %v", c, types)
		}
		if r := ValidateMessage(m, nil); !r.OK() || r.HasCode("flag_mismatch") {
			t.Fatal(r.Issues)
		}
	}
}

// Streaming layout and flags per policy, and parity with buffered.
func TestStreamingLayoutBackfillAndParity(t *testing.T) {
	_, err := NewStreamingEncoder(&bytes.Buffer{}, nil, &EncodeOptions{AggregateHash: HashHeader})
	wantErr(t, err, ErrEncoding)
	_, err = NewStreamingEncoder(&bytes.Buffer{}, nil, &EncodeOptions{AggregateHash: HashBoth})
	wantErr(t, err, ErrEncoding)
	for _, c := range []struct {
		opts  EncodeOptions
		flags uint16
	}{{EncodeOptions{}, 0x00eb}, {EncodeOptions{AggregateHash: HashFooter}, 0x00eb}, {EncodeOptions{AggregateHash: HashPolicyNone}, 0x00cb}, {EncodeOptions{NoHash: true}, 0x004b}} {
		var buf bytes.Buffer
		meta := &GlobalMetadata{Base: []map[string]any{{"x": uint64(1)}}}
		se, err := NewStreamingEncoder(&buf, meta, &c.opts)
		if err != nil {
			t.Fatal(err)
		}
		objs := []EncodeInput{f32Input(1, 2), {Descriptor: NewDescriptor(Int16, []uint64{2}), Data: []byte{1, 0, 2, 0}}}
		for _, o := range objs {
			if err := se.WriteObject(o); err != nil {
				t.Fatal(err)
			}
		}
		if err := se.Finish(); err != nil {
			t.Fatal(err)
		}
		m := buf.Bytes()
		if be.Uint16(m[10:]) != c.flags || be.Uint64(m[16:]) != 0 || be.Uint64(m[len(m)-16:]) != 0 {
			t.Fatalf("flags %#x", be.Uint16(m[10:]))
		}
		frames, _ := listFrames(m)
		types := frameTypes(m)
		want := []FrameType{1, 9, 9, 7, 5, 6}
		if c.opts.NoHash || c.opts.AggregateHash == HashPolicyNone {
			want = []FrameType{1, 9, 9, 7, 6}
		}
		if !reflect.DeepEqual(types, want) {
			t.Fatalf("frames %v", types)
		}
		hdr, _ := ParseGlobalMetadata(frames[0].body)
		if hdr.Reserved != nil || hdr.Base[0]["x"] != uint64(1) {
			t.Fatal("header metadata must be verbatim")
		}
		if int(be.Uint64(m[len(m)-24:])) != frames[3].offset {
			t.Fatal("first_footer_offset")
		}
		// Same decode as buffered.
		sd, err := Decode(m, nil)
		if err != nil {
			t.Fatal(err)
		}
		bd, _ := Decode(mustEncode(t, meta, objs, nil), nil)
		for i := range sd.Objects {
			if !bytes.Equal(sd.Objects[i].Data, bd.Objects[i].Data) || !reflect.DeepEqual(sd.Objects[i].Descriptor.Shape, bd.Objects[i].Descriptor.Shape) {
				t.Fatal("streaming and buffered messages decode differently")
			}
		}
		if md, _ := DecodeMetadata(m); md.Reserved != nil {
			t.Fatal("DecodeMetadata must return the raw header copy")
		}
	}
}

// Back-fill to a file at a non-zero position, with zero objects and then one.
func TestStreamingBackfillToFile(t *testing.T) {
	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, "s.tgm"))
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("junk!"))
	se, _ := NewStreamingEncoder(f, nil, nil)
	if err := se.FinishBackfilled(); err != nil {
		t.Fatal(err)
	}
	if err := se.Restart(); err != nil {
		t.Fatal(err)
	}
	se.WriteObject(f32Input(7))
	if err := se.FinishBackfilled(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	b, _ := os.ReadFile(filepath.Join(dir, "s.tgm"))
	spans := Scan(b)
	if len(spans) != 2 || spans[0].Offset != 5 {
		t.Fatalf("spans %v", spans)
	}
	for i, sp := range spans {
		m := b[sp.Offset : sp.Offset+sp.Length]
		if be.Uint64(m[16:]) != uint64(sp.Length) || be.Uint64(m[len(m)-16:]) != uint64(sp.Length) {
			t.Fatal("back-fill")
		}
		d, err := Decode(m, nil)
		if err != nil || len(d.Objects) != i {
			t.Fatal(err)
		}
	}
}

// frameTypes lists the types of m's frames in wire order.
func frameTypes(m []byte) []FrameType {
	frames, _ := listFrames(m)
	var types []FrameType
	for _, f := range frames {
		types = append(types, f.hdr.Type)
	}
	return types
}

// Back-fill needs a seekable sink.
func TestBackfillNeedsSeekable(t *testing.T) {
	se, err := NewStreamingEncoder(writerOnly{&bytes.Buffer{}}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantErr(t, se.FinishBackfilled(), ErrUnsupported)
}

type writerOnly struct{ w *bytes.Buffer }

func (w writerOnly) Write(b []byte) (int, error) { return w.w.Write(b) }

// Buffered writer: frames 8-aligned, lengths and offsets consistent.
func TestBufferedWriterAlignmentAndLengths(t *testing.T) {
	for _, pol := range []AggregateHash{HashAuto, HashFooter, HashBoth, HashPolicyNone} {
		for _, noHash := range []bool{false, true} {
			m := mustEncode(t, &GlobalMetadata{Base: []map[string]any{{"a": uint64(1)}}},
				[]EncodeInput{f32Input(1, 2, 3), {Descriptor: NewDescriptor(Uint8, []uint64{3}), Data: []byte{1, 2, 3}}},
				&EncodeOptions{AggregateHash: pol, NoHash: noHash})
			if be.Uint64(m[16:]) != uint64(len(m)) || be.Uint64(m[len(m)-16:]) != uint64(len(m)) || string(m[len(m)-8:]) != "39277777" || len(m)%8 != 0 {
				t.Fatal("total_length / end magic")
			}
			frames, err := listFrames(m)
			if err != nil {
				t.Fatal(err)
			}
			ffo := int(be.Uint64(m[len(m)-24:]))
			want := len(m) - 24
			for _, f := range frames {
				if f.offset%8 != 0 {
					t.Fatalf("frame at %d not aligned", f.offset)
				}
				for _, p := range m[f.offset+f.length : align8(f.offset+f.length)] {
					if p != 0 {
						t.Fatal("non-zero padding")
					}
				}
				if f.hdr.Type == FrameFooterHash {
					want = f.offset
				}
			}
			if ffo != want || ffo == 0 {
				t.Fatalf("first_footer_offset %d, want %d", ffo, want)
			}
		}
	}
}
