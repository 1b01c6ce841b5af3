package blosc2

import (
	"encoding/binary"
	"fmt"
	"testing"
)

// features tallies the chunk-format features a frame uses.
func features(f *Frame, seen map[string]int) error {
	for i := range f.offsets {
		if f.offsets[i] < 0 {
			seen[fmt.Sprintf("index special %d", byte(uint64(f.offsets[i])>>56)&0x7f)]++
			continue
		}
		c, err := f.chunk(i)
		if err != nil {
			return err
		}
		if i > 0 {
			seen["multi-chunk"]++
		}
		switch {
		case c.h.special() != 0:
			seen[fmt.Sprintf("chunk special %d", c.h.special())]++
			continue
		case c.h.memcpyed():
			seen["memcpyed chunk"]++
			continue
		}
		for _, fl := range c.filters {
			seen[fmt.Sprintf("filter %d", fl)]++
		}
		for b := 0; b < c.h.nblocks(); b++ {
			p, err := c.bstart(b)
			if err != nil {
				return err
			}
			n, size := c.h.streams(b)
			if n > 1 {
				seen["split block"]++
			} else {
				seen["unsplit block"]++
			}
			if c.h.blockLen(b) < c.h.blocksize {
				seen["leftover block"]++
			}
			for s := 0; s < n; s++ {
				cs := int(int32(binary.LittleEndian.Uint32(c.data[p:])))
				p += 4
				switch {
				case cs == 0:
					seen["zero stream"]++
				case cs < 0:
					seen["run stream"]++
					p++
				case cs == size:
					seen["stored stream"]++
					p += cs
				default:
					seen["compressed stream "+codeName(c.code)]++
					p += cs
				}
			}
		}
	}
	return nil
}

// TestVectorsCoverFeatures checks that the vectors exercise every feature
// of the chunk format the decoder handles.
func TestVectorsCoverFeatures(t *testing.T) {
	seen := map[string]int{}
	for _, c := range loadFrameCases(t) {
		f, err := ParseFrame(readFrame(t, c.Name))
		if err != nil {
			t.Fatal(c.Name, err)
		}
		if err := features(f, seen); err != nil {
			t.Fatal(c.Name, err)
		}
	}
	t.Log(seen)
	for _, k := range []string{"index special 1", "index special 2", "index special 4", "chunk special 3",
		"multi-chunk", "memcpyed chunk", "filter 1", "filter 2", "filter 3", "split block", "unsplit block",
		"leftover block", "zero stream", "run stream", "stored stream", "compressed stream blosclz",
		"compressed stream lz4", "compressed stream zlib", "compressed stream zstd"} {
		if seen[k] == 0 {
			t.Errorf("no vector has a %s", k)
		}
	}
}
