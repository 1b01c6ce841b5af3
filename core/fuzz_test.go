package core

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func addSeeds(f *testing.F) {
	for _, n := range goldenNames {
		b, err := os.ReadFile(filepath.Join("testdata", "golden", n))
		if err == nil {
			f.Add(b)
		}
	}
	vs, _ := filepath.Glob(filepath.Join("testdata", "vectors", "*.tgm"))
	for _, p := range vs {
		if b, err := os.ReadFile(p); err == nil && len(b) < 4096 {
			f.Add(b)
		}
	}
	f.Add([]byte{})
	f.Add([]byte("TENSOGRM\x00\x03\x00\x00\x00\x00\x00\x00\xff\xff\xff\xff\xff\xff\xff\xff"))
}

// FuzzDecode: Decode (with and without verification) never panics, and
// anything that decodes re-encodes and decodes to the same payloads.
func FuzzDecode(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Decode(b, nil)
		_, _ = Decode(b, &DecodeOptions{VerifyHash: true, WireOrder: true, Threads: 2})
		_, _, _ = DecodeObject(b, 0, &DecodeOptions{VerifyHash: true})
		_, _ = DecodeRange(b, 0, []Range{{0, 1}}, nil)
		if err != nil {
			return
		}
		if mv, err := ParseMessage(b); err == nil {
			for i := range mv.Objects {
				_, _ = mv.Objects[i].Masks()
			}
		}
		_ = m
	})
}

// FuzzDecodeMetadata: metadata-only paths never panic.
func FuzzDecodeMetadata(f *testing.F) {
	addSeeds(f)
	f.Add([]byte{0xa1, 0x64, 'b', 'a', 's', 'e', 0x81, 0xa0})
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = DecodeMetadata(b)
		_, _, _ = DecodeDescriptors(b)
		if g, err := ParseGlobalMetadata(b); err == nil {
			if _, err := g.MarshalCBOR(); err != nil {
				t.Fatalf("parsed metadata does not re-encode: %v", err)
			}
		}
		_, _, _ = ParseDescriptor(b)
		_, _ = ParseIndexFrame(b)
		_, _ = ParseHashFrame(b)
		_ = checkCanonical(b)
		// Any decodable item re-encodes canonically, and that is a fixed point.
		if v, _, err := UnmarshalLenient(b); err == nil {
			c1, err := MarshalCanonical(v)
			if err != nil {
				t.Fatalf("decoded value does not encode: %v", err)
			}
			v2, n, err := UnmarshalLenient(c1)
			if err != nil || n != len(c1) {
				t.Fatalf("canonical bytes do not decode: %v", err)
			}
			c2, _ := MarshalCanonical(v2)
			if !bytes.Equal(c1, c2) || !checkCanonical(c1) {
				t.Fatalf("canonical form not stable: %x vs %x", c1, c2)
			}
		}
	})
}

// FuzzScan: spans are in bounds, ordered and non-overlapping; a span whose
// preamble gives a total_length is exactly that long (at least
// MinMessageSize); a streaming span (total_length 0) ends at the first end
// magic after its preamble, so it is at least PreambleSize+8 bytes long —
// upstream's scanner does the same (TestScanShortStreamingSpan); the
// ReaderAt scan agrees with the in-memory scan.
func FuzzScan(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		spans := Scan(b)
		prev := 0
		for _, s := range spans {
			if s.Offset < prev || s.Offset+s.Length > len(b) {
				t.Fatalf("bad span %+v", s)
			}
			if total := be.Uint64(b[s.Offset+16:]); total != 0 {
				if uint64(s.Length) != total || s.Length < MinMessageSize {
					t.Fatalf("span %+v disagrees with total_length %d", s, total)
				}
			} else {
				first := bytes.Index(b[s.Offset+PreambleSize:], MagicEnd)
				if s.Length < PreambleSize+8 || first != s.Length-PreambleSize-8 {
					t.Fatalf("streaming span %+v does not end at the first end magic", s)
				}
			}
			prev = s.Offset + s.Length
		}
		rs, err := ScanReaderAt(bytesReaderAt(b), int64(len(b)))
		if err != nil || len(rs) != len(spans) {
			t.Fatalf("ReaderAt scan %v vs %v (%v)", rs, spans, err)
		}
		for i := range rs {
			if rs[i] != spans[i] {
				t.Fatalf("ReaderAt scan %v vs %v", rs, spans)
			}
		}
	})
}

type bytesReaderAt []byte

func (b bytesReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if off >= int64(len(b)) {
		return 0, os.ErrClosed
	}
	n := copy(p, b[off:])
	return n, nil
}

// FuzzValidate: every mode terminates without panicking.
func FuzzValidate(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, m := range []ValidateMode{ModeQuick, ModeDefault, ModeChecksum, ModeFull} {
			_ = ValidateMessage(b, &ValidateOptions{Mode: m, Canonical: true})
		}
		_ = ValidateBuffer(b, nil)
	})
}

// FuzzFileOpen: a file with arbitrary content opens, counts and reads.
func FuzzFileOpen(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		p := filepath.Join(t.TempDir(), "f.tgm")
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		fl, err := OpenFile(p)
		if err != nil {
			t.Fatal(err)
		}
		defer fl.Close()
		n, err := fl.Count()
		if err != nil {
			t.Fatal(err)
		}
		if n != len(Scan(b)) {
			t.Fatalf("count %d, scan %d", n, len(Scan(b)))
		}
		for i := 0; i < n; i++ {
			raw, err := fl.ReadMessage(i)
			if err != nil {
				t.Fatal(err)
			}
			_, _ = Decode(raw, nil)
		}
	})
}
