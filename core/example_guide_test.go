package core_test

import (
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/tensogram-go/tensogram-go/core"
)

// The examples in this file are the programs docs/go.md quotes; the test
// TestGoGuideSnippets checks that every snippet there is taken from one.

// Reading metadata and descriptors without decoding any payload.
func Example_metadataOnly() {
	msg := twoFields()
	meta, err := core.DecodeMetadata(msg) // metadata frame only
	if err != nil {
		log.Fatal(err)
	}
	v, ok := meta.Lookup("mars.param")           // base[0], base[1], …, then _extra_
	v1, ok1 := meta.LookupAt(1, "mars.param")    // base[1] only
	_, descs, err := core.DecodeDescriptors(msg) // dtype, shape, codecs of every object
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(v, ok, v1, ok1, len(descs), descs[1].DType)
	// Output:
	// 2t true 10u true 2 float32
}

// Files: create, append, reopen, count and decode.
func Example_files() {
	dir, err := os.MkdirTemp("", "tgm-guide")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "out.tgm")
	meta := &core.GlobalMetadata{Base: []map[string]any{{"step": 0}}}
	shape, xs := []uint64{3}, []float32{1, 2, 3}

	f, err := core.CreateFile(path) // or core.OpenFile to read and append
	if err != nil {
		log.Fatal(err)
	}
	err = f.Append(meta, []core.EncodeInput{core.TensorOf(shape, xs)}, nil)
	if err != nil {
		log.Fatal(err)
	}
	n, err := f.Count()
	if err != nil {
		log.Fatal(err)
	}
	_, obj, err := f.DecodeObject(0, 0, nil) // message 0, object 0
	if err != nil {
		log.Fatal(err)
	}
	vals, err := core.Values[float32](obj)
	if err != nil {
		log.Fatal(err)
	}
	err = f.Close()
	fmt.Println(n, vals, err)
	// Output:
	// 1 [1 2 3] <nil>
}

// Telling errors apart: errors.Is for the kind, errors.As for details.
func Example_errorKinds() {
	msg, err := core.Encode(nil, []core.EncodeInput{core.TensorOf([]uint64{2}, []float64{1, 2})}, nil)
	if err != nil {
		log.Fatal(err)
	}
	_, obj, _ := core.ParseObject(msg, 0, false)
	buf := append([]byte(nil), msg...)
	buf[obj.FrameOffset+core.FrameHeaderSize] ^= 1 // corrupt the payload

	_, err = core.Decode(buf, &core.DecodeOptions{VerifyHash: true})
	switch {
	case errors.Is(err, core.ErrFraming): // not a message, truncated, bad frame
		fmt.Println("framing")
	case errors.Is(err, core.ErrIntegrity): // digest mismatch or missing digest
		var hm *core.HashMismatchError
		if errors.As(err, &hm) {
			fmt.Printf("object %d corrupt\n", hm.ObjectIndex)
		}
	case errors.Is(err, core.ErrMetadata), errors.Is(err, core.ErrEncoding):
		fmt.Println("metadata or encoding")
	}
	// Output:
	// object 0 corrupt
}
