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
