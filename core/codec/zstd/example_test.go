package zstd_test

import (
	"bytes"
	"errors"
	"fmt"
	"log"

	"github.com/tensogram-go/tensogram-go/core/codec/zstd"
)

// Compress at a level, Decompress with a bound on the output size (a
// hostile stream cannot make Decompress allocate more), DecompressInto a
// buffer of the known size.
func Example() {
	src := bytes.Repeat([]byte("temperature "), 100)
	comp, err := zstd.Compress(src, 9)
	if err != nil {
		log.Fatal(err)
	}
	out, err := zstd.Decompress(comp, zstd.WithMaxSize(len(src)))
	if err != nil {
		log.Fatal(err)
	}
	dst := make([]byte, len(src))
	if err := zstd.DecompressInto(dst, comp); err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(src), len(comp) < 100, bytes.Equal(out, src), bytes.Equal(dst, src))

	_, err = zstd.Decompress(comp, zstd.WithMaxSize(100))
	fmt.Println(err != nil)
	_, err = zstd.Decompress([]byte("not zstd"))
	fmt.Println(errors.Is(err, zstd.ErrCorrupt))
	// Output:
	// 1200 true true true
	// true
	// true
}

// AppendCompress appends a frame to a buffer the caller reuses;
// EncoderLevel shows which of the encoder's four speeds an upstream
// zstd_level selects; DecompressIntoSpare decodes faster into a buffer
// with SpareBytes of scratch capacity beyond its length.
func Example_buffers() {
	src := bytes.Repeat([]byte{1, 2, 3, 4}, 1000)
	buf := make([]byte, 0, 1024)
	buf, err := zstd.AppendCompress(buf[:0], src, zstd.DefaultLevel)
	if err != nil {
		log.Fatal(err)
	}
	dst := make([]byte, len(src), len(src)+zstd.SpareBytes)
	if err := zstd.DecompressIntoSpare(dst, buf); err != nil {
		log.Fatal(err)
	}
	fmt.Println(bytes.Equal(dst, src), zstd.EncoderLevel(1), zstd.EncoderLevel(3), zstd.EncoderLevel(19))
	// Output:
	// true fastest default best
}

// AppendCompress into a buffer of CompressBound capacity writes the frame
// in place, whatever the input.
func ExampleCompressBound() {
	src := make([]byte, 300<<10) // zeros: compresses to a few bytes
	buf := make([]byte, 0, zstd.CompressBound(len(src)))
	out, err := zstd.AppendCompress(buf, src, 3)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(zstd.CompressBound(len(src)), &out[0] == &buf[:1][0], len(out) < 100)
	// Output:
	// 308400 true true
}
