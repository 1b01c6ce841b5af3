package blosc2

import (
	"bytes"
	"encoding/binary"
	"math/rand"
	"sync"
	"testing"
)

// bufferParams are parameter sets for the WithBuffer tests: every codec at
// clevel 0, 5 and 9, small forced blocks (many streams, each with its
// spare room), several chunks, and parallel blocks.
func bufferParams() []Params {
	var ps []Params
	for c := BloscLZ; c <= Zstd; c++ {
		for _, cl := range []int{0, 5, 9} {
			ps = append(ps, Params{Codec: c, Clevel: cl, Typesize: 8})
		}
		ps = append(ps,
			Params{Codec: c, Clevel: 5, Typesize: 4, Blocksize: 64, ChunkSize: 4000},
			Params{Codec: c, Clevel: 1, Typesize: 16, Blocksize: 16, Filters: []byte{FilterBitshuffle}},
			Params{Codec: c, Clevel: 5, Typesize: 8, Blocksize: 4096, Threads: 3})
	}
	return ps
}

// Encode into a buffer of MaxSize bytes (filled with garbage first) writes
// the same frame as without one, in the buffer's memory, for compressible,
// incompressible and all-zero inputs.
func TestEncodeWithBuffer(t *testing.T) {
	inputs := testInputs()
	rnd := make([]byte, 70001)
	rand.New(rand.NewSource(9)).Read(rnd)
	inputs["random70k"] = rnd
	for name, src := range inputs {
		for _, p := range bufferParams() {
			want, err := Encode(src, p)
			if err != nil {
				t.Fatal(err)
			}
			size, err := MaxSize(len(src), p)
			if err != nil || size < len(want) {
				t.Fatalf("%s %+v: MaxSize %d (%v) below the frame's %d bytes", name, p, size, err, len(want))
			}
			buf := bytes.Repeat([]byte{0xAA}, size)
			got, err := Encode(src, p, WithBuffer(buf[:0]))
			if err != nil || !bytes.Equal(got, want) {
				t.Fatalf("%s %+v: the frame written into a buffer differs (%v)", name, p, err)
			}
			if &got[:1][0] != &buf[0] {
				t.Fatalf("%s %+v: Encode outgrew a buffer of MaxSize bytes", name, p)
			}
		}
	}
}

// A buffer smaller than MaxSize is left alone.
func TestEncodeIgnoresSmallBuffer(t *testing.T) {
	ramp := make([]byte, 8<<16) // compresses far below half: the frame must be compacted
	for i := range len(ramp) / 8 {
		binary.LittleEndian.PutUint64(ramp[8*i:], uint64(i))
	}
	for name, src := range map[string][]byte{"floats": testInputs()["floats"], "ramp": ramp} {
		p := Params{Codec: LZ4, Clevel: 5, Typesize: 8}
		size, err := MaxSize(len(src), p)
		if err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, size-1)
		got, err := Encode(src, p, WithBuffer(buf[:0]))
		if err != nil {
			t.Fatal(err)
		}
		if &got[0] == &buf[0] {
			t.Fatalf("%s: Encode wrote into a buffer below MaxSize", name)
		}
		if cap(got) > 2*len(got)+frameTailRoom {
			t.Errorf("%s: a %d-byte frame keeps %d bytes of capacity", name, len(got), cap(got))
		}
	}
}

// MaxSize rejects what Encode rejects and sizes that overflow.
func TestMaxSizeErrors(t *testing.T) {
	if _, err := MaxSize(10, Params{Codec: LZ4, Clevel: 10, Typesize: 8}); err == nil {
		t.Error("clevel 10 accepted")
	}
	if _, err := MaxSize(-1, Params{Codec: LZ4, Clevel: 5, Typesize: 8}); err == nil {
		t.Error("negative size accepted")
	}
	if _, err := MaxSize(1<<62, Params{Codec: LZ4, Clevel: 5, Typesize: 1, ChunkSize: 1}); err == nil {
		t.Error("an overflowing size accepted")
	}
}

// Goroutines encoding and decoding at once through the shared scratch
// list each get their own bytes.
func TestEncodeDecodeConcurrently(t *testing.T) {
	var wg sync.WaitGroup
	errs := make(chan string, 4)
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			src := make([]byte, 600_000)
			rand.New(rand.NewSource(int64(g))).Read(src[:300_000])
			p := Params{Codec: Codec(g % 5), Clevel: 5, Typesize: 8, Threads: g % 2 * 2}
			want, _ := Encode(src, p)
			for range 10 {
				f, err := Encode(src, p)
				if err != nil || !bytes.Equal(f, want) {
					errs <- "encode differs"
					return
				}
				got, err := Decode(f, WithThreads(g%2+1))
				if err != nil || !bytes.Equal(got, src) {
					errs <- "decode differs"
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
}
