package blosc2

import (
	"encoding/binary"
	"testing"
)

// TestThreadedErrorIsSequentialError corrupts two blocks of one chunk in
// different ways (block 0's start offset, block 1's stream size) and
// checks every thread count reports block 0's error, as a sequential
// decode does, however the goroutines happen to finish.
func TestThreadedErrorIsSequentialError(t *testing.T) {
	src := make([]byte, 64<<10)
	for i := range src {
		src[i] = byte(i * 7 / 3)
	}
	good, err := Encode(src, Params{Codec: Zstd, Clevel: 1, Typesize: 4, Blocksize: 4 << 10})
	if err != nil {
		t.Fatal(err)
	}
	f, err := ParseFrame(good)
	if err != nil {
		t.Fatal(err)
	}
	chunk := f.headerLen // the first chunk follows the frame header
	bad := append([]byte(nil), good...)
	start1 := int(binary.LittleEndian.Uint32(bad[chunk+extHeaderLen+4:]))
	binary.LittleEndian.PutUint32(bad[chunk+start1:], 1<<28)    // block 1: a stream past the end
	binary.LittleEndian.PutUint32(bad[chunk+extHeaderLen:], 36) // block 0: starts inside the index
	_, want := Decode(bad)
	if want == nil {
		t.Fatal("corrupt frame decoded")
	}
	for range 200 {
		for _, th := range []int{2, 3, 8} {
			if _, err := Decode(bad, WithThreads(th)); err == nil || err.Error() != want.Error() {
				t.Fatalf("threads %d: %v, sequential: %v", th, err, want)
			}
		}
	}
}
