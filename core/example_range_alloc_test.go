package core_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/tensogram-go/tensogram-go/core"
)

// ObjectView.DecodeRangeAlloc writes each range into a buffer the caller
// supplies (here arrays the caller owns; the C API hands out malloc'ed
// memory), and ParseObjectRaw finds the object without building the
// metadata maps a range decode never reads.
func ExampleObjectView_DecodeRangeAlloc() {
	_, ov, err := core.ParseObjectRaw(twoFields(), 0, false)
	if err != nil {
		log.Fatal(err)
	}
	var store [2][16]byte // up to four float32 per range
	alloc := func(i, n int) ([]byte, error) { return store[i][:n], nil }
	parts, err := ov.DecodeRangeAlloc([]core.Range{{Offset: 1, Count: 2}, {Offset: 8, Count: 4}}, nil, alloc)
	if err != nil {
		log.Fatal(err)
	}
	vals, err := core.ValuesFrom[float32](store[1][:], core.NativeOrder)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(parts[0]), &parts[1][0] == &store[1][0], vals)
	// Output:
	// 8 true [278 279 280 281]
}

// DecodeRangeTo writes each range into the buffer the callback gives and
// returns the object's descriptor; nothing of the message is kept.
func ExampleDecodeRangeTo() {
	var store [2][16]byte // up to four float32 per range
	alloc := func(i, n int) ([]byte, error) { return store[i][:n], nil }
	d, err := core.DecodeRangeTo(twoFields(), 0, []core.Range{{Offset: 1, Count: 2}, {Offset: 8, Count: 4}}, nil, alloc)
	if err != nil {
		log.Fatal(err)
	}
	vals, err := core.ValuesFrom[float32](store[1][:], core.NativeOrder)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(d.DType, vals)
	// Output:
	// float32 [278 279 280 281]
}

// File.DecodeRangeAlloc is File.DecodeRangeDescribed with the result
// buffers supplied by the caller.
func ExampleFile_DecodeRangeAlloc() {
	dir, err := os.MkdirTemp("", "tgm-range-alloc")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	f, err := core.CreateFile(filepath.Join(dir, "r.tgm"))
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	if err := f.Append(nil, []core.EncodeInput{core.TensorOf([]uint64{4}, []int32{7, 8, 9, 10})}, nil); err != nil {
		log.Fatal(err)
	}
	buf := make([]byte, 8)
	d, parts, err := f.DecodeRangeAlloc(0, 0, []core.Range{{Offset: 1, Count: 2}}, nil, func(i, n int) ([]byte, error) { return buf[:n], nil })
	if err != nil {
		log.Fatal(err)
	}
	vals, err := core.ValuesFrom[int32](parts[0], core.NativeOrder)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(d.DType, vals, &parts[0][0] == &buf[0])
	// Output:
	// int32 [8 9] true
}

// ParseObjectRaw finds one object and checks the whole message like
// ParseObject, but leaves the metadata as its CBOR (no maps built) when no
// PrecederMetadata needs merging.
func ExampleParseObjectRaw() {
	meta := &core.GlobalMetadata{Base: []map[string]any{{"param": "2t"}}}
	msg, err := core.Encode(meta, []core.EncodeInput{core.TensorOf([]uint64{3}, []float64{1, 2, 3})}, nil)
	if err != nil {
		log.Fatal(err)
	}
	mv, ov, err := core.ParseObjectRaw(msg, 0, false)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(mv.Metadata == nil, len(mv.MetadataCBOR) > 0, ov.Descriptor.DType, ov.Descriptor.Shape)
	// Output:
	// true true float64 [3]
}
