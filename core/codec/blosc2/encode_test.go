package blosc2

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/rand"
	"testing"
)

// testInputs returns inputs with structure (smooth floats, runs, zeros) and
// without (random bytes).
func testInputs() map[string][]byte {
	r := rand.New(rand.NewSource(7))
	f := make([]byte, 8*30011)
	for i := 0; i < len(f)/8; i++ {
		binary.LittleEndian.PutUint64(f[8*i:], math.Float64bits(280+15*math.Sin(float64(i)/40)))
	}
	for i := 9000 * 8; i < 12000*8; i++ {
		f[i] = 0
	}
	rnd := make([]byte, 5003)
	r.Read(rnd)
	return map[string][]byte{"floats": f, "random": rnd, "zeros": make([]byte, 4096),
		"empty": nil, "tiny": {1, 2, 3}, "run": bytes.Repeat([]byte{7}, 3000)}
}

// TestEncodeRoundTrip decodes our frames for every codec with every clevel,
// and every filter and typesize at clevel 5, with forced small blocks and
// chunks too, and checks that the thread count does not change the frame.
func TestEncodeRoundTrip(t *testing.T) {
	filters := [][]byte{nil, {FilterNone}, {FilterBitshuffle}, {FilterDelta, FilterShuffle}, {FilterShuffle, FilterBitshuffle}}
	var params []Params
	for c := BloscLZ; c <= Zstd; c++ {
		for _, cl := range []int{0, 1, 9} {
			params = append(params, Params{Codec: c, Clevel: cl, Typesize: 8})
		}
		for fi, fl := range filters {
			for _, ts := range []int{1, 2, 4, 8, 3, 16} {
				p := Params{Codec: c, Clevel: 5, Typesize: ts, Filters: fl}
				if fi%2 == 1 {
					p.Blocksize, p.ChunkSize = 1000*ts, 7000*ts
				}
				params = append(params, p)
			}
		}
	}
	for name, src := range testInputs() {
		for _, p := range params {
			frame, err := Encode(src, p)
			if err != nil {
				t.Fatalf("%s %+v: %v", name, p, err)
			}
			got, err := Decode(frame)
			if err != nil || !bytes.Equal(got, src) {
				t.Fatalf("%s %+v: round trip failed: %v", name, p, err)
			}
			if p.Typesize == 8 {
				p.Threads = 3
				f3, err := Encode(src, p)
				if err != nil || !bytes.Equal(f3, frame) {
					t.Fatalf("%s %+v: threads change the frame", name, p)
				}
			}
		}
	}
}

// TestBlosclzRoundTrip exercises long matches, far distances and the
// literal tail of the blosclz compressor.
func TestBlosclzRoundTrip(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	pat := make([]byte, 3000)
	r.Read(pat)
	src := append(bytes.Repeat([]byte{0}, 70000), pat...)
	src = append(src, make([]byte, 20000)...)
	src = append(src, pat...) // 20000+ bytes back: a far match
	src = append(src, bytes.Repeat([]byte("abcdefgh"), 1000)...)
	enc, ok := blosclzEncode(nil, src, len(src))
	if !ok {
		t.Fatal("blosclz did not compress")
	}
	dst := make([]byte, len(src))
	n, err := blosclzDecode(dst, enc)
	if err != nil || n != len(src) || !bytes.Equal(dst, src) {
		t.Fatalf("round trip: n=%d err=%v", n, err)
	}
	if len(enc) > len(src)/10 {
		t.Errorf("compressed %d to %d", len(src), len(enc))
	}
}

// TestAutoBlocksize checks the blocksize c-blosc2 chose for upstream's
// frames (tools/gen_blosc2_vectors.py probes).
func TestAutoBlocksize(t *testing.T) {
	cases := []struct {
		c           Codec
		clevel, ts  int
		nbytes, exp int
	}{
		{LZ4, 5, 8, 8 << 20, 512 << 10}, {LZ4, 9, 8, 8 << 20, 4 << 20}, {LZ4, 1, 1, 1 << 20, 32 << 10},
		{Zstd, 5, 8, 8 << 20, 512 << 10}, {Zstd, 9, 8, 8 << 20, 1 << 20}, {Zstd, 6, 1, 2 << 20, 512 << 10},
		{Zlib, 1, 8, 8 << 20, 32 << 10}, {Zlib, 5, 8, 800000, 262144}, {LZ4HC, 3, 4, 8 << 20, 128 << 10},
		{BloscLZ, 0, 8, 2 << 20, 8 << 10}, {Zlib, 0, 8, 2 << 20, 16 << 10}, {LZ4, 5, 8, 320000, 320000},
		{LZ4, 7, 16, 2 << 20, 2 << 20}, {BloscLZ, 8, 1, 2 << 20, 256 << 10},
	}
	for _, c := range cases {
		p := Params{Codec: c.c, Clevel: c.clevel, Typesize: c.ts}
		if got := autoBlocksize(&p, c.nbytes); got != c.exp {
			t.Errorf("%v clevel %d ts %d nbytes %d: %d, want %d", c.c, c.clevel, c.ts, c.nbytes, got, c.exp)
		}
	}
}
