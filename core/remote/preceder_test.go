package remote

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/tensogram-go/tensogram-go/core"
)

// precederMessage is a streaming message whose first object has a
// preceder {"p": "first"} while the footer metadata says "p": "final" for
// it: a local decode merges the preceder over the footer's entry, so a
// remote one must read the preceder frame too.
func precederMessage(t *testing.T) []byte {
	var b bytes.Buffer
	se, err := core.NewStreamingEncoder(&b, &core.GlobalMetadata{}, &core.EncodeOptions{NoHash: true})
	if err != nil {
		t.Fatal(err)
	}
	se.WritePreceder(map[string]any{"p": "first"})
	se.WriteObject(core.EncodeInput{Descriptor: core.NewDescriptor(core.Float32, []uint64{4}), Data: f32(4, 1)})
	se.WriteObject(core.EncodeInput{Descriptor: core.NewDescriptor(core.Float32, []uint64{2}), Data: f32(2, 5)})
	se.WritePreceder(map[string]any{"q": uint64(7)})
	se.WriteObject(core.EncodeInput{Descriptor: core.NewDescriptor(core.Float32, []uint64{3}), Data: f32(3, 9)})
	if err := se.Finish(); err != nil {
		t.Fatal(err)
	}
	msg := b.Bytes()
	// The preceder frame comes first; the footer's copy is the last "first".
	k := bytes.LastIndex(msg, []byte("first"))
	if k < 0 || k == bytes.Index(msg, []byte("first")) {
		t.Fatal("footer copy of the preceder entry not found")
	}
	copy(msg[k:], "final")
	return msg
}

// TestPrecedersAsLocal: metadata, descriptors and objects of messages with
// PrecederMetadata frames read remotely report the metadata a local decode
// reports (preceder entries merged over the base entries).
func TestPrecedersAsLocal(t *testing.T) {
	files := map[string][]byte{"foreign footer": precederMessage(t)}
	for _, name := range []string{"preceders", "streaming_preceders"} {
		b, err := os.ReadFile(filepath.Join("..", "testdata", "handbuilt", name+".tgm"))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = b
	}
	ctx := context.Background()
	for name, msg := range files {
		data, count := cat(msg, msg), 2
		if pre, _ := core.ParsePreamble(msg); pre.TotalLength == 0 {
			data, count = msg, 1 // a streaming message runs to the end of the object
		}
		for _, bidir := range []bool{true, false} {
			f := openFile(t, newRangeServer(t, data), bidir)
			wantFirst, err := core.DecodeMetadata(msg)
			if err != nil {
				t.Fatal(err)
			}
			wantMeta, wantDescs, err := core.DecodeDescriptors(msg)
			if err != nil {
				t.Fatal(err)
			}
			for i := range count {
				if m, err := f.Metadata(ctx, i); err != nil || !reflect.DeepEqual(m.ToMap(), wantFirst.ToMap()) {
					t.Fatalf("%s msg %d metadata: %v\n got %v\nwant %v", name, i, err, m, wantFirst)
				}
				m, ds, err := f.Descriptors(ctx, i)
				if err != nil || !reflect.DeepEqual(m.ToMap(), wantMeta.ToMap()) || len(ds) != len(wantDescs) {
					t.Fatalf("%s msg %d descriptors: %v\n got %v\nwant %v", name, i, err, m, wantMeta)
				}
				for j := range wantDescs {
					wm, wo, err := core.DecodeObject(msg, j, nil)
					if err != nil {
						t.Fatal(err)
					}
					gm, gotObj, err := f.DecodeObject(ctx, i, j, nil)
					if err != nil || !reflect.DeepEqual(gm.ToMap(), wm.ToMap()) || !bytes.Equal(gotObj.Data, wo.Data) {
						t.Fatalf("%s msg %d obj %d: %v\n got %v\nwant %v", name, i, j, err, gm, wm)
					}
				}
			}
		}
	}
}
