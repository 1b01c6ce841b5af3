package core

import (
	"bytes"
	"errors"
	"testing"
)

type failingStage struct{}

func (failingStage) Encode(in []byte) ([]byte, error) { return in, nil }
func (failingStage) Decode([]byte, int) ([]byte, error) {
	return nil, &Error{Kind: KindCompression, Msg: "corrupt test stream"}
}

// Hostile lengths return errors, never panics or huge allocations.
func TestHostileLengthsNeverPanic(t *testing.T) {
	m := simpleMsg(t)
	for _, l := range []uint64{^uint64(0), ^uint64(0) - 7, 1 << 63, uint64(len(m)) + 1} {
		c := append([]byte(nil), m...)
		be.PutUint64(c[16:], l)
		if _, err := Decode(c, nil); !errors.Is(err, ErrFraming) {
			t.Fatal(l, err)
		}
		_ = ValidateMessage(c, nil)
		_ = Scan(c)
	}
	for _, l := range []uint64{^uint64(0), ^uint64(0) - 3, 1 << 62, 0, 15} {
		c := append([]byte(nil), m...)
		be.PutUint64(c[PreambleSize+8:], l)
		if _, err := Decode(c, nil); !errors.Is(err, ErrFraming) {
			t.Fatal(l, err)
		}
		if _, err := Decode(c, &DecodeOptions{VerifyHash: true}); err == nil {
			t.Fatal("verify walk accepted a bad frame")
		}
		if r := ValidateMessage(c, nil); r.OK() {
			t.Fatal("validator accepted", l)
		}
	}
	// Metadata-only path: a skipped frame with total_length < 16.
	idx := tFrame(FrameHeaderIndex, 0, tCBOR(t, map[string]any{}), false)
	meta := tFrame(FrameHeaderMetadata, 0, []byte{0xa0}, false)
	c := tMessage(1, [][]byte{idx, meta}, false)
	be.PutUint64(c[PreambleSize+8:], 8)
	_, err := DecodeMetadata(c)
	wantErr(t, err, ErrFraming, "total_length 8 smaller than header size")
	be.PutUint64(c[PreambleSize+8:], ^uint64(0))
	_, err = DecodeMetadata(c)
	wantErr(t, err, ErrMetadata, "no metadata frame")
	// Truncations of a valid message never panic.
	g := readGolden(t, "multi_object.tgm")
	for n := 0; n < len(g); n++ {
		_, _ = Decode(g[:n], nil)
		_, _ = DecodeMetadata(g[:n])
		_ = ValidateMessage(g[:n], &ValidateOptions{Mode: ModeFull})
	}
}

// A codec failure during trial decode is decode_pipeline_failed.
func TestValidateCodecFailureIsDecodePipelineFailed(t *testing.T) {
	// Stand a failing stage in for "sz3" for the duration of the test.
	registryMu.Lock()
	old := stages[StageCompression]["sz3"]
	registryMu.Unlock()
	RegisterStage(StageCompression, "sz3", func(*StageContext) (Stage, error) { return failingStage{}, nil })
	defer func() {
		registryMu.Lock()
		if old == nil {
			delete(stages[StageCompression], "sz3")
		} else {
			stages[StageCompression]["sz3"] = old
		}
		publishStages()
		registryMu.Unlock()
	}()
	d := NewDescriptor(Uint8, []uint64{4})
	d.Compression = "sz3"
	m := mustEncode(t, nil, []EncodeInput{{Descriptor: d, Data: []byte{1, 2, 3, 4}}}, nil)
	r := ValidateMessage(m, nil)
	if !r.HasCode("decode_pipeline_failed") {
		t.Fatal(r.Issues)
	}
	r = ValidateMessage(m, &ValidateOptions{Mode: ModeFull})
	if !r.HasCode("decode_object_failed") {
		t.Fatal(r.Issues)
	}
	_, err := Decode(m, nil)
	wantErr(t, err, ErrCompression, "corrupt test stream")
	if KindOf(err) != KindCompression {
		t.Fatal(KindOf(err))
	}
}

// Scanning adversarial input (many fake preambles, streaming ones without an
// end magic) stays linear and equal between the buffer and ReaderAt scans.
func TestScanAdversarialLinear(t *testing.T) {
	fake := make([]byte, 48)
	copy(fake, "TENSOGRM\x00\x03")
	var buf []byte
	for i := 0; i < 20000; i++ {
		buf = append(buf, fake[:8+(i%40)]...)
	}
	buf = append(buf, readGolden(t, "simple_f32.tgm")...)
	spans := Scan(buf)
	rs, err := ScanReaderAt(bytesReaderAt(buf), int64(len(buf)))
	if err != nil || len(spans) != len(rs) {
		t.Fatal(err, len(spans), len(rs))
	}
	for i := range rs {
		if rs[i] != spans[i] {
			t.Fatal(rs, spans)
		}
	}
	// The streaming candidates all end at the golden's end magic.
	if len(spans) == 0 || spans[len(spans)-1].Offset+spans[len(spans)-1].Length != len(buf) {
		t.Fatal(spans[len(spans)-1])
	}
}

// DecodeObject parses every descriptor, as upstream's decode_object (which
// parses the whole message before looking at the index): a corrupt
// descriptor of another object fails the call.
func TestDecodeObjectParsesEveryDescriptor(t *testing.T) {
	meta := tFrame(FrameHeaderMetadata, 0, []byte{0xa0}, false)
	bad := tDataFrame([]byte{0xa1, 0x61}, []byte{1}, true, false) // truncated descriptor CBOR
	good := tDataFrame(tDesc(t, Uint8, []uint64{2}, LittleEndian), []byte{5, 6}, true, false)
	m := tMessage(1, [][]byte{meta, bad, good}, false)
	for _, i := range []int{0, 1, 2} {
		_, _, err := DecodeObject(m, i, nil)
		wantErr(t, err, ErrMetadata, "failed to parse descriptor CBOR")
	}
	_, err := Decode(m, nil)
	wantErr(t, err, ErrMetadata)
	m = tMessage(1, [][]byte{meta, good, good}, false)
	if _, o, err := DecodeObject(m, 1, nil); err != nil || o.Data[1] != 6 {
		t.Fatal(err)
	}
}

func TestOptionNameHelpers(t *testing.T) {
	if nh, err := parseHashName("xxh3"); err != nil || nh {
		t.Fatal(err)
	}
	if nh, err := parseHashName("none"); err != nil || !nh {
		t.Fatal(err)
	}
	_, err := parseHashName("md5")
	wantErr(t, err, ErrMetadata, "unknown hash type: md5")
	_, err = ParseAggregateHash("sometimes")
	wantErr(t, err, ErrEncoding, "unknown aggregate_hash policy")
	_, err = Encode(nil, nil, &EncodeOptions{PosInfMaskMethod: "gzip"})
	wantErr(t, err, ErrEncoding, `unknown mask method "gzip"`, `"roaring"`, `"blosc2"`)
	_, err = NewStreamingEncoder(&bytes.Buffer{}, nil, &EncodeOptions{NaNMaskMethod: "x"})
	wantErr(t, err, ErrEncoding, "unknown mask method")
}
