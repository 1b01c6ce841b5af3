package lz4_test

import (
	"bytes"
	"errors"
	"fmt"
	"log"

	"github.com/tensogram-go/tensogram-go/core/codec/lz4"
)

// Compress writes a size-prefixed LZ4 block (the form Tensogram stores);
// DeclaredSize reads the prefix, Decompress checks it against WithMaxSize
// before allocating, DecompressInto fills a buffer of the known size.
func Example() {
	src := bytes.Repeat([]byte{0, 1, 2, 3}, 256)
	comp, err := lz4.Compress(src)
	if err != nil {
		log.Fatal(err)
	}
	n, err := lz4.DeclaredSize(comp)
	if err != nil {
		log.Fatal(err)
	}
	out, err := lz4.Decompress(comp, lz4.WithMaxSize(1<<20))
	if err != nil {
		log.Fatal(err)
	}
	dst := make([]byte, n)
	if _, err := lz4.DecompressInto(dst, comp); err != nil {
		log.Fatal(err)
	}
	fmt.Println(n, len(comp) < 64, bytes.Equal(out, src), bytes.Equal(dst, src))

	_, err = lz4.Decompress(comp, lz4.WithMaxSize(100))
	fmt.Println(err != nil)
	_, err = lz4.Decompress([]byte{1, 2})
	fmt.Println(errors.Is(err, lz4.ErrTruncated))
	// Output:
	// 1024 true true true
	// true
	// true
}

// The buffer-reusing forms: AppendCompress appends a size-prefixed block
// (CompressBound bounds its size), AppendBlock and DecompressBlock work on
// raw blocks without the prefix.
func Example_buffers() {
	src := bytes.Repeat([]byte("abcd"), 64)
	buf := make([]byte, 0, lz4.CompressBound(len(src)))
	buf, err := lz4.AppendCompress(buf, src)
	if err != nil {
		log.Fatal(err)
	}
	block := lz4.AppendBlock(nil, src)
	dst := make([]byte, len(src))
	n, err := lz4.DecompressBlock(dst, block)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(buf) == len(block)+4, n, bytes.Equal(dst, src))
	// Output:
	// true 256 true
}
