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
