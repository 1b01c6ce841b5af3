package blosc2

import (
	"bytes"
	"encoding/binary"
	"math/rand"
	"testing"
)

// TestDecodeRangeMatchesFull compares random ranges with slices of the
// full decode, on every vector (special chunks, delta, multi-chunk) and
// with 1 and 3 threads.
func TestDecodeRangeMatchesFull(t *testing.T) {
	r := rand.New(rand.NewSource(11))
	for _, c := range loadFrameCases(t) {
		b := readFrame(t, c.Name)
		full, err := Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		f, err := ParseFrame(b)
		if err != nil {
			t.Fatal(err)
		}
		for k := 0; k < 20 && len(full) > 0; k++ {
			off := r.Int63n(int64(len(full)))
			n := r.Int63n(int64(len(full)) - off + 1)
			for _, th := range []int{1, 3} {
				got, err := f.DecodeRange(off, n, WithThreads(th))
				if err != nil || (c.Special != "uninit" && !bytes.Equal(got, full[off:off+n])) {
					t.Fatalf("%s [%d,+%d) threads %d: %v", c.Name, off, n, th, err)
				}
			}
		}
		if _, err := f.DecodeRange(int64(len(full)), 1); err == nil {
			t.Fatalf("%s: range past the end accepted", c.Name)
		}
	}
}

// TestDecodeRangeTouchesOnlyItsBlocks corrupts every block but one and
// checks that a range inside that block still decodes (and the whole
// frame does not).
func TestDecodeRangeTouchesOnlyItsBlocks(t *testing.T) {
	src := testInputs()["floats"]
	frame, err := Encode(src, Params{Codec: LZ4, Clevel: 5, Typesize: 8, Blocksize: 8192, ChunkSize: 65536})
	if err != nil {
		t.Fatal(err)
	}
	f, err := ParseFrame(frame)
	if err != nil {
		t.Fatal(err)
	}
	const keepChunk, keepBlock = 1, 3
	for i := range f.offsets {
		c, err := f.chunk(i)
		if err != nil {
			t.Fatal(err)
		}
		start := f.headerLen + int(f.offsets[i])
		for j := 0; j < c.h.nblocks(); j++ {
			if i == keepChunk && j == keepBlock {
				continue
			}
			binary.LittleEndian.PutUint32(frame[start+extHeaderLen+4*j:], 1) // block start inside the header
		}
	}
	off := int64(keepChunk*65536 + keepBlock*8192 + 100)
	got, err := DecodeRange(frame, off, 5000)
	if err != nil || !bytes.Equal(got, src[off:off+5000]) {
		t.Fatalf("range in the intact block: %v", err)
	}
	if _, err := Decode(frame); err == nil {
		t.Fatal("corrupted frame decoded whole")
	}
}
