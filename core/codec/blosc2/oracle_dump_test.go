package blosc2

import (
	"fmt"
	"os"
	"testing"
)

// TestWriteOracleFrames is a tool, not a check: with B2DUMP=DIR it writes
// our frames for every codec, clevel, filter, typesize and block/chunk
// size, with their inputs, for `python tools/gen_blosc2_vectors.py --check
// DIR` to decode with c-blosc2 (python-blosc2). Without B2DUMP it does
// nothing.
func TestWriteOracleFrames(t *testing.T) {
	dir := os.Getenv("B2DUMP")
	if dir == "" {
		return
	}
	filters := map[string][]byte{"default": nil, "none": {0}, "bit": {FilterBitshuffle}, "delta": {FilterDelta, FilterShuffle}}
	for name, src := range testInputs() {
		for c := BloscLZ; c <= Zstd; c++ {
			for _, cl := range []int{0, 1, 5, 9} {
				for fn, fl := range filters {
					for _, ts := range []int{1, 2, 4, 8, 3} {
						for _, small := range []bool{false, true} {
							p := Params{Codec: c, Clevel: cl, Typesize: ts, Filters: fl}
							if small {
								p.Blocksize, p.ChunkSize = 1000*ts, 7000*ts
							}
							frame, _ := Encode(src, p)
							base := fmt.Sprintf("%s/%s_%v_%d_%s_%d_%v", dir, name, c, cl, fn, ts, small)
							os.WriteFile(base+".cframe", frame, 0o644)
							os.WriteFile(base+".raw", src, 0o644)
						}
					}
				}
			}
		}
	}
}
