package core

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// Scanning: short buffers, garbage, broken and huge messages, streaming
// messages, wrong versions, and MessageIter.
func TestScanRules(t *testing.T) {
	msg := mustEncode(t, nil, []EncodeInput{f32Input(1, 2)}, nil)
	for n := 0; n < 48; n++ {
		if len(Scan(msg[:min(n, len(msg))])) != 0 {
			t.Fatal("a buffer shorter than 48 bytes yielded a message")
		}
	}
	g := append(append(bytes.Repeat([]byte{0xff}, 10), msg...), bytes.Repeat([]byte{0xaa}, 5)...)
	if s := Scan(g); !reflect.DeepEqual(s, []MessageSpan{{10, len(msg)}}) {
		t.Fatal("garbage around a message", s)
	}
	if len(Scan(bytes.Repeat([]byte("TENSOGR"), 100))) != 0 {
		t.Fatal("a truncated magic yielded a message")
	}
	bad := append([]byte(nil), msg...)
	bad[len(bad)-1] = 'x'
	two := append(append([]byte(nil), bad...), msg...)
	if s := Scan(two); !reflect.DeepEqual(s, []MessageSpan{{len(msg), len(msg)}}) {
		t.Fatal("a message with a broken end magic must be skipped", s)
	}
	huge := append([]byte(nil), msg...)
	be.PutUint64(huge[16:], ^uint64(0))
	if len(Scan(huge)) != 0 {
		t.Fatal("a huge total_length yielded a message")
	}
	var sb bytes.Buffer
	se, _ := NewStreamingEncoder(&sb, nil, nil)
	se.WriteObject(f32Input(3))
	se.Finish()
	st := sb.Bytes()
	mix := append(append(append([]byte(nil), st...), msg...), st...)
	want := []MessageSpan{{0, len(st)}, {len(st), len(msg)}, {len(st) + len(msg), len(st)}}
	if s := Scan(mix); !reflect.DeepEqual(s, want) {
		t.Fatal("streaming and buffered messages mixed", s)
	}
	var ten []byte
	for i := 0; i < 10; i++ {
		ten = append(ten, msg...)
	}
	fake := make([]byte, 24)
	putPostamble(fake, 0, uint64(len(msg)))
	if s := Scan(append(ten, fake...)); len(s) != 10 || s[9].Offset != 9*len(msg) {
		t.Fatal("a fake trailing postamble changed the scan", s)
	}
	v := append([]byte(nil), msg...)
	be.PutUint16(v[8:], 2)
	if len(Scan(v)) != 0 {
		t.Fatal("a wrong-version preamble yielded a message")
	}
	_, err := Decode(v, nil)
	wantErr(t, err, ErrFraming)
	it := NewMessageIter(g)
	if m, ok := it.Next(); !ok || !bytes.Equal(m, msg) || it.Remaining() != 0 {
		t.Fatal("iter")
	}
	if _, ok := it.Next(); ok {
		t.Fatal("iter end")
	}
}

// Files: create, append, count, out-of-range reads, concatenation and
// streaming messages larger than the read chunk.
func TestFileScanAndAppend(t *testing.T) {
	dir := t.TempDir()
	_, err := OpenFile(filepath.Join(dir, "missing.tgm"))
	wantErr(t, err, ErrIO, "file not found")
	f, err := CreateFile(filepath.Join(dir, "sub", "a.tgm"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if n, _ := f.Count(); n != 0 {
		t.Fatal("a new file must hold 0 messages")
	}
	_, err = f.ReadMessage(0)
	wantErr(t, err, ErrFraming, "out of range")
	for i := 0; i < 3; i++ {
		if err := f.Append(nil, []EncodeInput{f32Input(float32(i))}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if n, _ := f.Count(); n != 3 {
		t.Fatal("count after append")
	}
	m, err := f.DecodeMessage(2, nil)
	if err != nil || !bytes.Equal(m.Objects[0].Data, f32s(2)) {
		t.Fatal(err)
	}
	_, err = f.DecodeMessage(3, nil)
	wantErr(t, err, ErrFraming, "message index 3 out of range (count=3)")
	// Two files concatenated.
	a, _ := os.ReadFile(filepath.Join(dir, "sub", "a.tgm"))
	os.WriteFile(filepath.Join(dir, "cat.tgm"), append(append([]byte(nil), a...), a...), 0o644)
	c, _ := OpenFile(filepath.Join(dir, "cat.tgm"))
	if n, _ := c.Count(); n != 6 {
		t.Fatal("two concatenated files must hold 6 messages")
	}
	// A streaming message larger than the read chunks.
	var sb bytes.Buffer
	se, _ := NewStreamingEncoder(&sb, nil, nil)
	big := make([]byte, 3*scanChunk)
	se.WriteObject(EncodeInput{Descriptor: NewDescriptor(Uint8, []uint64{uint64(len(big))}), Data: big})
	se.Finish()
	content := append(append([]byte("garbage"), sb.Bytes()...), a...)
	os.WriteFile(filepath.Join(dir, "big.tgm"), content, 0o644)
	bf, _ := OpenFile(filepath.Join(dir, "big.tgm"))
	spans, err := bf.Spans()
	if err != nil || !reflect.DeepEqual(spans, Scan(content)) || len(spans) != 4 {
		t.Fatal("file scan of a streaming message larger than the read chunk", spans, err)
	}
}
