package blosc2_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"log"

	"github.com/tensogram-go/tensogram-go/core/codec/blosc2"
)

// Encode float64 data into a blosc2 frame with the LZ4 codec, the byte
// shuffle filter and small chunks; decode it whole or only a byte range
// (only the chunks and blocks the range touches are decompressed).
func Example() {
	src := make([]byte, 8*10000)
	for i := range 10000 {
		binary.LittleEndian.PutUint64(src[8*i:], uint64(i/10))
	}
	frame, err := blosc2.Encode(src, blosc2.Params{
		Codec: blosc2.LZ4, Clevel: 5, Typesize: 8,
		Filters:   []byte{blosc2.FilterShuffle},
		ChunkSize: 16384,
	})
	if err != nil {
		log.Fatal(err)
	}
	all, err := blosc2.Decode(frame, blosc2.WithThreads(2), blosc2.WithMaxSize(int64(len(src))))
	if err != nil {
		log.Fatal(err)
	}
	part, err := blosc2.DecodeRange(frame, 8*5000, 16)
	if err != nil {
		log.Fatal(err)
	}
	f, err := blosc2.ParseFrame(frame)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(frame) < len(src)/10, bytes.Equal(all, src), binary.LittleEndian.Uint64(part), f.NumChunks(), f.DecodedSize())
	// Output:
	// true true 500 5 80000
}

// ParseCodec maps Tensogram's blosc2_codec names; DefaultChunkSize is the
// chunk size Encode uses when Params.ChunkSize is 0; a parsed Frame
// decodes into the caller's buffer, as does DecodeInto.
func Example_frame() {
	codec, ok := blosc2.ParseCodec("zstd")
	fmt.Println(codec, ok, blosc2.DefaultChunkSize(8) > 1<<20)

	src := make([]byte, 4096)
	for i := range src {
		src[i] = byte(i / 64)
	}
	frame, err := blosc2.Encode(src, blosc2.Params{Codec: codec, Clevel: 3, Typesize: 4})
	if err != nil {
		log.Fatal(err)
	}
	f, err := blosc2.ParseFrame(frame)
	if err != nil {
		log.Fatal(err)
	}
	dst := make([]byte, f.DecodedSize())
	if err := f.DecodeInto(dst); err != nil {
		log.Fatal(err)
	}
	dst2 := make([]byte, len(src))
	if err := blosc2.DecodeInto(dst2, frame); err != nil {
		log.Fatal(err)
	}
	fmt.Println(f.Typesize(), bytes.Equal(dst, src), bytes.Equal(dst2, src))
	// Output:
	// zstd true true
	// 4 true true
}

// WithBuffer lends Encode memory of MaxSize bytes to write the frame in:
// the frame comes back in that memory, ready to be reused by a later
// Encode once the caller is done with it.
func Example_buffer() {
	src := make([]byte, 8*100000)
	for i := range 100000 {
		binary.LittleEndian.PutUint64(src[8*i:], uint64(i*i))
	}
	p := blosc2.Params{Codec: blosc2.Zstd, Clevel: 5, Typesize: 8}
	size, err := blosc2.MaxSize(len(src), p)
	if err != nil {
		log.Fatal(err)
	}
	buf := make([]byte, 0, size)
	frame, err := blosc2.Encode(src, p, blosc2.WithBuffer(buf))
	if err != nil {
		log.Fatal(err)
	}
	back, err := blosc2.Decode(frame)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(size >= len(src), &frame[0] == &buf[:1][0], bytes.Equal(back, src))
	// Output:
	// true true true
}
