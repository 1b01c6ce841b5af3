package core

import (
	"bytes"
	"path/filepath"
	"testing"
)

// The wired codecs work through every entry point: StreamingEncoder, File
// (append, decode, decode object), DecodeObject, DecodeRange and Validate.
func TestStageCodecsThroughAPIs(t *testing.T) {
	data := smoothField(2000)
	var objs []EncodeInput
	for _, c := range append(losslessCases(Float64), packingCases()...) {
		d := descFor(Float64, 2000, LittleEndian, c)
		if _, err := Encode(nil, []EncodeInput{{Descriptor: d, Data: data, DataOrder: NativeOrder}}, nil); err != nil {
			continue
		}
		objs = append(objs, EncodeInput{Descriptor: d, Data: data, DataOrder: NativeOrder})
	}
	if len(objs) < 20 {
		t.Fatalf("only %d pipelines", len(objs))
	}
	buffered := mustEncode(t, nil, objs, nil)
	want, err := Decode(buffered, nil)
	if err != nil {
		t.Fatal(err)
	}
	var sb bytes.Buffer
	se, err := NewStreamingEncoder(&sb, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range objs {
		if err := se.WriteObject(o); err != nil {
			t.Fatalf("%s: %v", describeStages(o.Descriptor), err)
		}
	}
	if err := se.Finish(); err != nil {
		t.Fatal(err)
	}
	streamed, err := Decode(sb.Bytes(), &DecodeOptions{VerifyHash: true})
	if err != nil {
		t.Fatal(err)
	}
	f, err := CreateFile(filepath.Join(t.TempDir(), "codecs.tgm"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Append(nil, objs, nil); err != nil {
		t.Fatal(err)
	}
	for i := range objs {
		w := want.Objects[i]
		if !bytes.Equal(streamed.Objects[i].Data, w.Data) {
			t.Fatalf("object %d (%s): streaming differs", i, describeStages(w.Descriptor))
		}
		_, fo, err := f.DecodeObject(0, i, &DecodeOptions{VerifyHash: true})
		if err != nil || !bytes.Equal(fo.Data, w.Data) {
			t.Fatalf("object %d: file decode: %v", i, err)
		}
		_, do, err := DecodeObject(buffered, i, nil)
		if err != nil || !bytes.Equal(do.Data, w.Data) {
			t.Fatalf("object %d: DecodeObject: %v", i, err)
		}
	}
	for _, msg := range [][]byte{buffered, sb.Bytes()} {
		r := ValidateMessage(msg, &ValidateOptions{Mode: ModeFull})
		for _, is := range r.Issues {
			if is.Severity == SeverityError {
				t.Fatalf("validate: %v", r.Issues)
			}
		}
	}
}
