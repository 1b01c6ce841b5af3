package core_test

import (
	"bytes"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/tensogram-go/tensogram-go/core"
)

// WritePreceder attaches per-object metadata that is only known while
// streaming: it goes in a PrecederMetadata frame just before the object
// and decodes as that object's base entry. ObjectCount counts the objects
// written so far.
func ExampleStreamingEncoder_WritePreceder() {
	var out bytes.Buffer
	enc, err := core.NewStreamingEncoder(&out, nil, nil)
	if err != nil {
		log.Fatal(err)
	}
	for step := range 2 {
		if err := enc.WritePreceder(map[string]any{"step": step * 6}); err != nil {
			log.Fatal(err)
		}
		if err := enc.WriteObject(core.TensorOf([]uint64{1}, []float32{float32(step)})); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Println(enc.ObjectCount())
	if err := enc.Finish(); err != nil {
		log.Fatal(err)
	}
	dec, err := core.Decode(out.Bytes(), nil)
	if err != nil {
		log.Fatal(err)
	}
	s0, _ := dec.Metadata.LookupAt(0, "step")
	s1, _ := dec.Metadata.LookupAt(1, "step")
	fmt.Println(s0, s1)
	// Output:
	// 2
	// 0 6
}

// A streamed message has total length 0 in its preamble and postamble
// (readers find its end by scanning). FinishBackfilled writes the real
// length there once it is known, when the sink can seek back (a file, a
// bytes.Buffer).
func ExampleStreamingEncoder_FinishBackfilled() {
	for _, backfill := range []bool{false, true} {
		var out bytes.Buffer
		enc, err := core.NewStreamingEncoder(&out, nil, nil)
		if err != nil {
			log.Fatal(err)
		}
		if err := enc.WriteObject(core.TensorOf([]uint64{2}, []int8{1, 2})); err != nil {
			log.Fatal(err)
		}
		finish := enc.Finish
		if backfill {
			finish = enc.FinishBackfilled
		}
		if err := finish(); err != nil {
			log.Fatal(err)
		}
		p, err := core.ParsePreamble(out.Bytes())
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(backfill, p.TotalLength == 0, p.TotalLength == uint64(out.Len()))
	}
	// Output:
	// false true false
	// true false true
}

// Restart begins a new message on the same sink with the same metadata
// and options, e.g. one message per time step into one file.
func ExampleStreamingEncoder_Restart() {
	var out bytes.Buffer
	meta := &core.GlobalMetadata{Extra: map[string]any{"run": "r1"}}
	enc, err := core.NewStreamingEncoder(&out, meta, nil)
	if err != nil {
		log.Fatal(err)
	}
	for step := range 3 {
		if step > 0 {
			if err := enc.Restart(); err != nil {
				log.Fatal(err)
			}
		}
		if err := enc.WriteObject(core.TensorOf([]uint64{1}, []uint16{uint16(step)})); err != nil {
			log.Fatal(err)
		}
		if err := enc.Finish(); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Println(len(core.Scan(out.Bytes())), "messages")
	// Output:
	// 3 messages
}

// WriteObjectPreEncoded stores a payload that is already encoded (here
// zstd-compressed by another message's encoder) without running the
// pipeline again; the descriptor must describe it, parameters included.
func ExampleStreamingEncoder_WriteObjectPreEncoded() {
	in := core.TensorOf([]uint64{1000}, make([]uint32, 1000))
	in.Descriptor.Compression = "zstd"
	src, err := core.Encode(nil, []core.EncodeInput{in}, nil)
	if err != nil {
		log.Fatal(err)
	}
	_, obj, err := core.ParseObject(src, 0, false)
	if err != nil {
		log.Fatal(err)
	}

	var out bytes.Buffer
	enc, err := core.NewStreamingEncoder(&out, nil, nil)
	if err != nil {
		log.Fatal(err)
	}
	if err := enc.WriteObjectPreEncoded(core.EncodeInput{Descriptor: obj.Descriptor, Data: obj.Payload}); err != nil {
		log.Fatal(err)
	}
	if err := enc.Finish(); err != nil {
		log.Fatal(err)
	}
	vals, _, err := core.DecodeValues[uint32](out.Bytes(), 0, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(obj.Payload) < 100, len(vals), vals[999])
	// Output:
	// true 1000 0
}

// AppendRaw copies already-encoded messages into a file; Spans gives
// where each message lies in it, ReadMessage returns one message's bytes
// and DecodeMessage decodes it.
func ExampleFile_AppendRaw() {
	dir, err := os.MkdirTemp("", "tgm-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	f, err := core.CreateFile(filepath.Join(dir, "copy.tgm"))
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	for _, v := range []int64{10, 20} {
		msg, err := core.Encode(nil, []core.EncodeInput{core.TensorOf([]uint64{1}, []int64{v})}, nil)
		if err != nil {
			log.Fatal(err)
		}
		if err := f.AppendRaw(msg); err != nil {
			log.Fatal(err)
		}
	}
	spans, err := f.Spans()
	if err != nil {
		log.Fatal(err)
	}
	raw, err := f.ReadMessage(1)
	if err != nil {
		log.Fatal(err)
	}
	dec, err := f.DecodeMessage(1, nil)
	if err != nil {
		log.Fatal(err)
	}
	v, _ := core.Values[int64](&dec.Objects[0])
	fmt.Println(filepath.Base(f.Path()), len(spans), spans[1].Offset == spans[0].Length, len(raw) == spans[1].Length, v)
	// Output:
	// copy.tgm 2 true true [20]
}
