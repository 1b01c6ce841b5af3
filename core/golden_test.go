package core

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/tensogram-go/tensogram-go/internal/testutil"
)

func readGolden(t testing.TB, name string) []byte {
	t.Helper()
	return testutil.ReadFile(t, "testdata", "golden", name)
}

var goldenNames = []string{"simple_f32.tgm", "hash_xxh3.tgm", "mars_metadata.tgm",
	"multi_message.tgm", "multi_object.tgm", "multi_object_xxh3.tgm"}

func f32s(vals ...float32) []byte {
	b := make([]byte, 4*len(vals))
	for i, v := range vals {
		binary.NativeEndian.PutUint32(b[4*i:], math.Float32bits(v))
	}
	return b
}

func f64s(vals ...float64) []byte {
	b := make([]byte, 8*len(vals))
	for i, v := range vals {
		binary.NativeEndian.PutUint64(b[8*i:], math.Float64bits(v))
	}
	return b
}

func i64s(vals ...int64) []byte {
	b := make([]byte, 8*len(vals))
	for i, v := range vals {
		binary.NativeEndian.PutUint64(b[8*i:], uint64(v))
	}
	return b
}

// Simple_f32 decodes to the README values, host order by default and
// big-endian with WireOrder.
func TestGoldenSimpleF32Values(t *testing.T) {
	for _, name := range []string{"simple_f32.tgm", "hash_xxh3.tgm"} {
		m, err := Decode(readGolden(t, name), nil)
		if err != nil {
			t.Fatal(name, err)
		}
		if len(m.Objects) != 1 {
			t.Fatalf("%s: %d objects", name, len(m.Objects))
		}
		o := m.Objects[0]
		if o.Descriptor.DType != Float32 || !reflect.DeepEqual(o.Descriptor.Shape, []uint64{4}) {
			t.Fatalf("%s: descriptor %+v", name, o.Descriptor)
		}
		if !bytes.Equal(o.Data, f32s(1, 2, 3, 4)) {
			t.Fatalf("%s: data %x", name, o.Data)
		}
		b := m.Metadata.Base[0]
		if b["product"] != "efi" || b["parameter"] != "pressure" {
			t.Fatalf("%s: base %v", name, b)
		}
		if len(m.Metadata.Extra) != 0 {
			t.Fatalf("%s: extra %v", name, m.Metadata.Extra)
		}
		// Wire order keeps the stored big-endian bytes.
		w, err := Decode(readGolden(t, name), &DecodeOptions{WireOrder: true})
		if err != nil {
			t.Fatal(err)
		}
		if got := w.Objects[0].Data; !bytes.Equal(got, []byte{0x3f, 0x80, 0, 0, 0x40, 0, 0, 0, 0x40, 0x40, 0, 0, 0x40, 0x80, 0, 0}) {
			t.Fatalf("wire order data %x", got)
		}
	}
}

// Multi_object decodes to three objects.
func TestGoldenMultiObjectValues(t *testing.T) {
	for _, name := range []string{"multi_object.tgm", "multi_object_xxh3.tgm"} {
		m, err := Decode(readGolden(t, name), &DecodeOptions{VerifyHash: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Objects) != 3 {
			t.Fatalf("%d objects", len(m.Objects))
		}
		want := []struct {
			dt    DType
			shape []uint64
			data  []byte
			param string
		}{
			{Float32, []uint64{2}, f32s(1.5, 2.5), "temperature"},
			{Int64, []uint64{3}, i64s(100, -200, 300), "pressure"},
			{Uint8, []uint64{5}, []byte{10, 20, 30, 40, 50}, "humidity"},
		}
		for i, w := range want {
			o := m.Objects[i]
			if o.Descriptor.DType != w.dt || !reflect.DeepEqual(o.Descriptor.Shape, w.shape) || !bytes.Equal(o.Data, w.data) {
				t.Fatalf("object %d: %+v %x", i, o.Descriptor, o.Data)
			}
			if m.Metadata.Base[i]["parameter"] != w.param || m.Metadata.Base[i]["product"] != "efi" {
				t.Fatalf("base[%d] = %v", i, m.Metadata.Base[i])
			}
		}
	}
}

// Mars metadata keeps its nested map and integer step.
func TestGoldenMarsNestedMetadata(t *testing.T) {
	m, err := Decode(readGolden(t, "mars_metadata.tgm"), nil)
	if err != nil {
		t.Fatal(err)
	}
	o := m.Objects[0]
	if o.Descriptor.DType != Float64 || !reflect.DeepEqual(o.Descriptor.Shape, []uint64{2, 3}) || !bytes.Equal(o.Data, f64s(1, 2, 3, 4, 5, 6)) {
		t.Fatalf("object %+v %x", o.Descriptor, o.Data)
	}
	mars, ok := m.Metadata.Base[0]["mars"].(map[string]any)
	if !ok || mars["class"] != "od" || mars["type"] != "fc" || mars["step"] != uint64(12) {
		t.Fatalf("mars = %#v", m.Metadata.Base[0]["mars"])
	}
	if v, ok := m.Metadata.Lookup("mars.step"); !ok || v != uint64(12) {
		t.Fatalf("lookup mars.step = %v %v", v, ok)
	}
}

// Multi_message scans to two messages.
func TestGoldenMultiMessageScan(t *testing.T) {
	buf := readGolden(t, "multi_message.tgm")
	got := Scan(buf)
	if !reflect.DeepEqual(got, []MessageSpan{{0, 584}, {584, 584}}) {
		t.Fatalf("scan = %v", got)
	}
	for i, want := range [][]byte{f32s(1, 2), f32s(3, 4)} {
		m, err := Decode(buf[got[i].Offset:got[i].Offset+got[i].Length], nil)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(m.Objects[0].Data, want) {
			t.Fatalf("message %d data %x", i, m.Objects[0].Data)
		}
	}
}

// Every frame of the hashed goldens has HASH_PRESENT and a correct slot.
func TestGoldenFrameHashes(t *testing.T) {
	for _, name := range goldenNames {
		buf := readGolden(t, name)
		for _, sp := range Scan(buf) {
			msg := buf[sp.Offset : sp.Offset+sp.Length]
			pre, _ := ParsePreamble(msg)
			if pre.Flags&FlagHashesPresent == 0 || pre.Flags != 0x0095 {
				t.Fatalf("%s: flags %#x", name, pre.Flags)
			}
			frames, err := listFrames(msg)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range frames {
				if f.hdr.Flags&FrameFlagHashPresent == 0 {
					t.Fatalf("%s: frame %s lacks HASH_PRESENT", name, f.hdr.Type)
				}
				if got, want := HashXXH3(f.body), be.Uint64(f.frame[f.length-12:]); got != want {
					t.Fatalf("%s: frame %s slot %x != %x", name, f.hdr.Type, want, got)
				}
			}
			if _, err := Decode(msg, &DecodeOptions{VerifyHash: true}); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// listFrames returns every frame of a message (test helper).
func listFrames(msg []byte) ([]rawFrame, error) {
	pre, err := ParsePreamble(msg)
	if err != nil {
		return nil, err
	}
	end, err := messageBounds(msg, pre)
	if err != nil {
		return nil, err
	}
	var out []rawFrame
	c := newFrameCursor(msg, end, end)
	for c.seek(nil) == stepFrame {
		hdr, err := c.header()
		if err != nil {
			return nil, err
		}
		fr, err := readFrame(msg, c.pos, hdr)
		if err != nil {
			return nil, err
		}
		out = append(out, fr)
		c.pos += align8(fr.length)
	}
	return out, nil
}

// Every CBOR body re-encodes canonically to identical bytes.
func TestGoldenCanonicalCBOR(t *testing.T) {
	for _, name := range goldenNames {
		buf := readGolden(t, name)
		for _, sp := range Scan(buf) {
			frames, err := listFrames(buf[sp.Offset : sp.Offset+sp.Length])
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range frames {
				body := f.body
				if f.hdr.Type == FrameNTensor {
					co := be.Uint64(f.frame[f.length-20:])
					body = f.frame[co : f.length-20]
				}
				v, n, err := UnmarshalLenient(body)
				if err != nil || n != len(body) {
					t.Fatalf("%s %s: %v (n=%d of %d)", name, f.hdr.Type, err, n, len(body))
				}
				re, err := MarshalCanonical(v)
				if err != nil || !bytes.Equal(re, body) {
					t.Fatalf("%s %s: re-encoded CBOR differs:\n%x\n%x", name, f.hdr.Type, re, body)
				}
				if !checkCanonical(body) {
					t.Fatalf("%s %s: not canonical", name, f.hdr.Type)
				}
			}
		}
	}
}

type goldenObj struct {
	dt    DType
	shape []uint64
	be    []byte
}

func goldenInputs(name string) (base []map[string]any, objs []goldenObj, uuid string) {
	effi := func(p string) map[string]any { return map[string]any{"product": "efi", "parameter": p} }
	switch name {
	case "simple_f32.tgm":
		return []map[string]any{effi("pressure")}, []goldenObj{{Float32, []uint64{4}, beF32(1, 2, 3, 4)}}, "dca6fc66-2daf-4742-ba5f-db69ccb69eac"
	case "hash_xxh3.tgm":
		return []map[string]any{effi("pressure")}, []goldenObj{{Float32, []uint64{4}, beF32(1, 2, 3, 4)}}, "269132fe-d5bd-4882-8136-99149de0a855"
	case "mars_metadata.tgm":
		return []map[string]any{{"mars": map[string]any{"class": "od", "type": "fc", "step": uint64(12)}}},
			[]goldenObj{{Float64, []uint64{2, 3}, beF64(1, 2, 3, 4, 5, 6)}}, "72eaa915-3e0d-4b23-9f7f-88fd56226903"
	case "multi_message.1":
		return []map[string]any{effi("pressure")}, []goldenObj{{Float32, []uint64{2}, beF32(1, 2)}}, "f2e6d91c-00ac-4cdf-b2fa-3fc8ea928304"
	case "multi_message.2":
		return []map[string]any{effi("pressure")}, []goldenObj{{Float32, []uint64{2}, beF32(3, 4)}}, "deed781d-f299-4c8c-a921-b2b94fc32081"
	case "multi_object.tgm", "multi_object_xxh3.tgm":
		u := "b294748b-ed13-496e-b05a-62d13b6ecee7"
		if name == "multi_object_xxh3.tgm" {
			u = "120c8c09-6cda-43b8-99af-87de8f293c29"
		}
		i64 := make([]byte, 24)
		for i, v := range []int64{100, -200, 300} {
			be.PutUint64(i64[8*i:], uint64(v))
		}
		return []map[string]any{effi("temperature"), effi("pressure"), effi("humidity")},
			[]goldenObj{{Float32, []uint64{2}, beF32(1.5, 2.5)}, {Int64, []uint64{3}, i64}, {Uint8, []uint64{5}, []byte{10, 20, 30, 40, 50}}}, u
	}
	return nil, nil, ""
}

func beF32(v ...float32) []byte {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		be.PutUint32(b[4*i:], math.Float32bits(x))
	}
	return b
}

func beF64(v ...float64) []byte {
	b := make([]byte, 8*len(v))
	for i, x := range v {
		be.PutUint64(b[8*i:], math.Float64bits(x))
	}
	return b
}

func encodeGoldenInputs(t testing.TB, name string, opts *EncodeOptions) []byte {
	base, objs, uuid := goldenInputs(name)
	in := make([]EncodeInput, len(objs))
	for i, o := range objs {
		d := NewDescriptor(o.dt, o.shape)
		d.ByteOrder = BigEndian
		in[i] = EncodeInput{Descriptor: d, Data: o.be}
	}
	if opts == nil {
		opts = &EncodeOptions{}
	}
	opts.Provenance = &Provenance{EncoderName: "tensogram", EncoderVersion: "0.20.0", Time: "2026-04-29T18:12:46Z", UUID: uuid}
	out, err := Encode(&GlobalMetadata{Base: base}, in, opts)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Re-encoding the generator inputs with pinned provenance reproduces
// every golden byte for byte (also with several threads).
func TestGoldenByteForByteReencode(t *testing.T) {
	for _, threads := range []int{0, 1, 3} {
		for _, name := range goldenNames {
			want := readGolden(t, name)
			var got []byte
			if name == "multi_message.tgm" {
				got = append(encodeGoldenInputs(t, "multi_message.1", &EncodeOptions{Threads: threads}),
					encodeGoldenInputs(t, "multi_message.2", &EncodeOptions{Threads: threads})...)
			} else {
				got = encodeGoldenInputs(t, name, &EncodeOptions{Threads: threads})
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("%s (threads %d): encoded bytes differ (len %d vs %d)\n%x\n%x", name, threads, len(got), len(want), got, want)
			}
		}
	}
}

// Host-order input converted to the declared big-endian order
// while writing gives the same bytes.
func TestGoldenHostOrderInput(t *testing.T) {
	d := NewDescriptor(Float32, []uint64{4})
	d.ByteOrder = BigEndian
	prov := &Provenance{EncoderName: "tensogram", EncoderVersion: "0.20.0", Time: "2026-04-29T18:12:46Z", UUID: "dca6fc66-2daf-4742-ba5f-db69ccb69eac"}
	out, err := Encode(&GlobalMetadata{Base: []map[string]any{{"product": "efi", "parameter": "pressure"}}},
		[]EncodeInput{{Descriptor: d, Data: f32s(1, 2, 3, 4), DataOrder: NativeOrder}}, &EncodeOptions{Provenance: prov})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, readGolden(t, "simple_f32.tgm")) {
		t.Fatal("host-order input did not reproduce simple_f32.tgm")
	}
}

// The golden files are the bytes upstream wrote: their SHA-256 sums match the
// list in testdata/golden/README.md, and every listed file is one of
// goldenNames (so an edited or added file fails here, not silently).
func TestGoldenFilesMatchREADMEChecksums(t *testing.T) {
	readme := testutil.ReadFile(t, "testdata", "golden", "README.md")
	listed := map[string]string{}
	for _, line := range strings.Split(string(readme), "\n") {
		f := strings.Fields(line)
		if len(f) == 2 && len(f[0]) == 64 && strings.HasSuffix(f[1], ".tgm") {
			listed[f[1]] = f[0]
		}
	}
	if len(listed) != len(goldenNames) {
		t.Fatalf("README lists %d checksums, want %d", len(listed), len(goldenNames))
	}
	for _, name := range goldenNames {
		sum := sha256.Sum256(readGolden(t, name))
		if got := hex.EncodeToString(sum[:]); got != listed[name] {
			t.Errorf("%s: sha256 %s, README says %q", name, got, listed[name])
		}
	}
}
