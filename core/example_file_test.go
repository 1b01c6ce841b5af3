package core_test

import (
	"bytes"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sync"

	"github.com/tensogram-go/tensogram-go/core"
)

// A .tgm file is messages back to back. CreateFile and Append write them;
// OpenFile reads them lazily, and every method of File is safe for
// concurrent use, so goroutines can decode messages in parallel.
func ExampleFile() {
	dir, err := os.MkdirTemp("", "tgm-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "steps.tgm")

	f, err := core.CreateFile(path)
	if err != nil {
		log.Fatal(err)
	}
	for step := 0; step < 4; step++ {
		meta := &core.GlobalMetadata{Base: []map[string]any{{"step": step}}}
		field := []float32{float32(step), float32(step) + 0.5}
		if err := f.Append(meta, []core.EncodeInput{core.TensorOf([]uint64{2}, field)}, nil); err != nil {
			log.Fatal(err)
		}
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}

	f, err = core.OpenFile(path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	n, err := f.Count()
	if err != nil {
		log.Fatal(err)
	}
	results := make([][]float32, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, obj, err := f.DecodeObject(i, 0, nil)
			if err != nil {
				log.Fatal(err)
			}
			results[i], err = core.Values[float32](obj)
			if err != nil {
				log.Fatal(err)
			}
		}()
	}
	wg.Wait()
	fmt.Println(n, results)
	// Output:
	// 4 [[0 0.5] [1 1.5] [2 2.5] [3 3.5]]
}

// Scan finds the messages in a buffer holding several of them.
func ExampleScan() {
	var buf bytes.Buffer
	for i := range 3 {
		msg, err := core.Encode(nil, []core.EncodeInput{core.TensorOf([]uint64{1}, []uint8{uint8(i)})}, nil)
		if err != nil {
			log.Fatal(err)
		}
		buf.Write(msg)
	}
	spans := core.Scan(buf.Bytes())
	fmt.Println(len(spans), "messages")
	for _, s := range spans {
		msg := buf.Bytes()[s.Offset : s.Offset+s.Length]
		vals, _, err := core.DecodeValues[uint8](msg, 0, nil)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(vals)
	}
	// Output:
	// 3 messages
	// [0]
	// [1]
	// [2]
}

// StreamingEncoder writes a message object by object to any io.Writer
// (a file, a socket, a pipe) without holding the message in memory; the
// index and hashes go into footer frames at Finish.
func ExampleStreamingEncoder() {
	var out bytes.Buffer
	meta := &core.GlobalMetadata{Extra: map[string]any{"source": "stream"}}
	enc, err := core.NewStreamingEncoder(&out, meta, nil)
	if err != nil {
		log.Fatal(err)
	}
	for i := range 3 {
		row := []float64{float64(i), float64(i * i)}
		if err := enc.WriteObject(core.TensorOf([]uint64{2}, row)); err != nil {
			log.Fatal(err)
		}
	}
	if err := enc.Finish(); err != nil {
		log.Fatal(err)
	}
	dec, err := core.Decode(out.Bytes(), &core.DecodeOptions{VerifyHash: true})
	if err != nil {
		log.Fatal(err)
	}
	for i := range dec.Objects {
		vals, _ := core.Values[float64](&dec.Objects[i])
		fmt.Println(vals)
	}
	src, _ := dec.Metadata.Lookup("source")
	fmt.Println(src)
	// Output:
	// [0 0]
	// [1 1]
	// [2 4]
	// stream
}
