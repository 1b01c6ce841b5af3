package blosc2

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"
)

// FuzzDecode feeds arbitrary bytes (seeded with every vector) to the frame
// decoder: it must return one of the package errors or bytes, never panic
// or allocate past the limit, and agree with the range and threaded paths
// (the same bytes, or the same error).
func FuzzDecode(f *testing.F) {
	for i, c := range loadFrameCases(f) {
		if i%3 == 0 || c.Special != "" {
			f.Add(readFrame(f, c.Name))
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		const limit = 1 << 22
		out, err := Decode(b, WithMaxSize(limit))
		out2, err2 := Decode(b, WithMaxSize(limit), WithThreads(3))
		if err != nil {
			if !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrUnsupported) && !errors.Is(err, ErrSizeLimit) {
				t.Fatalf("unclassified error %v", err)
			}
			if err2 == nil || err2.Error() != err.Error() {
				t.Fatalf("threaded decode error %v, sequential %v", err2, err)
			}
			return
		}
		if err2 != nil || !bytes.Equal(out, out2) {
			t.Fatalf("threaded decode differs: %v", err2)
		}
		if len(out) > 2 {
			fr, err := ParseFrame(b)
			if err != nil {
				t.Fatal(err)
			}
			r, err := fr.DecodeRange(1, int64(len(out)-2))
			if err != nil || !bytes.Equal(r, out[1:len(out)-1]) {
				t.Fatalf("range decode differs: %v", err)
			}
		}
	})
}

// TestHostileFrames checks the documented errors for frames whose
// declared sizes or offsets do not fit.
func TestHostileFrames(t *testing.T) {
	good := readFrame(t, "lz4_auto_multichunk")
	f, err := ParseFrame(good)
	if err != nil {
		t.Fatal(err)
	}
	idx := f.headerLen + int(f.cbytes) + extHeaderLen // first index entry (stored uncompressed)
	mut := func(fn func(b []byte)) []byte {
		b := bytes.Clone(good)
		fn(b)
		return b
	}
	cases := map[string]struct {
		b    []byte
		want error
	}{
		"truncated":         {good[:len(good)-40], ErrCorrupt},
		"huge nbytes":       {mut(func(b []byte) { binary.BigEndian.PutUint64(b[posNbytes:], 1<<40) }), ErrSizeLimit},
		"negative nbytes":   {mut(func(b []byte) { binary.BigEndian.PutUint64(b[posNbytes:], 1<<63) }), ErrCorrupt},
		"cbytes past end":   {mut(func(b []byte) { binary.BigEndian.PutUint64(b[posCbytes:], 1<<20) }), ErrCorrupt},
		"offset past end":   {mut(func(b []byte) { binary.LittleEndian.PutUint64(b[idx:], 1<<30) }), ErrCorrupt},
		"header len":        {mut(func(b []byte) { binary.BigEndian.PutUint32(b[posHeaderLen:], 1<<30) }), ErrCorrupt},
		"bad magic":         {mut(func(b []byte) { b[3] = 'x' }), ErrCorrupt},
		"chunk cbytes":      {mut(func(b []byte) { binary.LittleEndian.PutUint32(b[f.headerLen+12:], 1<<30) }), ErrCorrupt},
		"chunk nbytes":      {mut(func(b []byte) { binary.LittleEndian.PutUint32(b[f.headerLen+4:], 1<<30) }), ErrCorrupt},
		"block start":       {mut(func(b []byte) { binary.LittleEndian.PutUint32(b[f.headerLen+32:], 1<<30) }), ErrCorrupt},
		"unknown special":   {mut(func(b []byte) { binary.LittleEndian.PutUint64(b[idx:], 0x8600000000000000) }), ErrUnsupported},
		"unknown codec":     {mut(func(b []byte) { b[f.headerLen+2] = b[f.headerLen+2]&0x1f | 5<<5 }), ErrUnsupported},
		"chunk version 200": {mut(func(b []byte) { b[f.headerLen] = 200 }), ErrUnsupported},
	}
	for name, c := range cases {
		_, err := Decode(c.b, WithMaxSize(1<<20))
		if !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v", name, err, c.want)
		}
	}
}

// FuzzEncodeRoundTrip encodes arbitrary bytes with parameters drawn from
// the input and checks the frame decodes back to them, and that encoding
// sequentially into a MaxSize buffer gives the same frame in that buffer.
func FuzzEncodeRoundTrip(f *testing.F) {
	f.Add([]byte("tensogram tensogram tensogram tensogram!"), uint8(1), uint8(5), uint8(8), uint8(0), uint16(0))
	f.Add(bytes.Repeat([]byte{0, 0, 0, 1}, 5000), uint8(0), uint8(9), uint8(4), uint8(2), uint16(300))
	f.Fuzz(func(t *testing.T, src []byte, codec, clevel, ts, filter uint8, bs uint16) {
		p := Params{Codec: Codec(codec % 5), Clevel: int(clevel % 10), Typesize: int(ts%16) + 1,
			Filters: []byte{filter % 4, FilterShuffle}, Blocksize: int(bs), ChunkSize: int(bs) * 7, Threads: 2}
		frame, err := Encode(src, p)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Decode(frame)
		if err != nil || !bytes.Equal(got, src) {
			t.Fatalf("%+v: round trip failed: %v", p, err)
		}
		p.Threads = 0
		size, err := MaxSize(len(src), p)
		if err != nil || size < len(frame) {
			t.Fatalf("%+v: MaxSize %d (%v) below the frame's %d bytes", p, size, err, len(frame))
		}
		buf := bytes.Repeat([]byte{0xAA}, size)
		seq, err := Encode(src, p, WithBuffer(buf[:0]))
		if err != nil || !bytes.Equal(seq, frame) || &seq[0] != &buf[0] {
			t.Fatalf("%+v: sequential encode into a MaxSize buffer differs or outgrew it: %v", p, err)
		}
	})
}
