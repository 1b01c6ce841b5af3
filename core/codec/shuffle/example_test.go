package shuffle_test

import (
	"errors"
	"fmt"
	"log"

	"github.com/tensogram-go/tensogram-go/core/codec/shuffle"
)

// Shuffle groups byte k of every element together (better for a
// compressor when neighbouring values are close); Unshuffle inverts it.
func Example() {
	src := []byte{0x01, 0x00, 0x02, 0x00, 0x03, 0x00} // three little-endian uint16
	sh, err := shuffle.Shuffle(src, 2)
	if err != nil {
		log.Fatal(err)
	}
	back := make([]byte, len(sh))
	if err := shuffle.UnshuffleInto(back, sh, 2); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("% x\n% x\n", sh, back)

	_, err = shuffle.Shuffle(src, 4)
	fmt.Println(errors.Is(err, shuffle.ErrLength))
	// Output:
	// 01 02 03 00 00 00
	// 01 00 02 00 03 00
	// true
}

// ShuffleInto and Unshuffle: the same transforms into a caller's buffer
// or a new one.
func Example_into() {
	src := []byte{1, 2, 3, 4, 5, 6, 7, 8}
	dst := make([]byte, len(src))
	if err := shuffle.ShuffleInto(dst, src, 4); err != nil {
		log.Fatal(err)
	}
	back, err := shuffle.Unshuffle(dst, 4)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(dst, back)
	// Output:
	// [1 5 2 6 3 7 4 8] [1 2 3 4 5 6 7 8]
}
