//go:build !amd64 || purego

package blosc2

// unshuffle8Blocks interleaves nothing here (no vector kernel): the
// portable loop of unshuffle8Planes does all of it.
func unshuffle8Blocks(dst []byte, planes *[8][]byte, n int) int { return 0 }

// shuffle8Blocks splits nothing here (no vector kernel): the portable loop
// of shuffle8 does all of it.
func shuffle8Blocks(dst, src []byte, n int) int { return 0 }
