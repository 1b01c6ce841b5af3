package lz4

import (
	"bytes"
	"encoding/hex"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/tensogram-go/tensogram-go/internal/testutil"
)

// TestUpstreamVectors asserts byte identity with lz4_flex 0.11.6 output
// produced by upstream tensogram 0.24.0, and decoding of upstream bytes.
func TestUpstreamVectors(t *testing.T) {
	testutil.CheckCodecVectors(t, "testdata/vectors.json",
		func(_ testutil.CodecVector, in []byte) ([]byte, error) { return Compress(in) },
		func(c testutil.CodecVector, b []byte) ([]byte, error) {
			return Decompress(b, WithMaxSize(len(c.In())))
		})
}

func TestSpecExample(t *testing.T) {
	got, _ := Compress([]byte("tensogram tensogram tensogram tensogram!"))
	if hex.EncodeToString(got) != "28000000af74656e736f6772616d200a0005606f6772616d21" {
		t.Fatalf("%x", got)
	}
	got, _ = Compress(nil)
	if hex.EncodeToString(got) != "0000000000" {
		t.Fatalf("empty: %x", got)
	}
}

func TestRoundTripSizes(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for _, n := range []int{0, 1, 12, 13, 14, 100, 4095, 4096, 4097, 65534, 65535, 65536, 300000} {
		for _, kind := range []string{"zeros", "random", "ramp", "sparse"} {
			in := make([]byte, n)
			switch kind {
			case "random":
				for i := range in {
					in[i] = byte(rng.Uint32())
				}
			case "ramp":
				in = testutil.GenBytes("ramp", n)
			case "sparse":
				for i := range in {
					if rng.IntN(50) == 0 {
						in[i] = byte(rng.Uint32())
					}
				}
			}
			c, err := Compress(in)
			if err != nil {
				t.Fatal(err)
			}
			if len(c) > CompressBound(n) {
				t.Fatalf("%s %d: output %d exceeds bound", kind, n, len(c))
			}
			d, err := Decompress(c)
			if err != nil || !bytes.Equal(d, in) {
				t.Fatalf("%s %d: round trip failed: %v", kind, n, err)
			}
		}
	}
}

func TestDecompressErrors(t *testing.T) {
	if _, err := Decompress([]byte{1, 2}); !errors.Is(err, ErrTruncated) {
		t.Fatal(err)
	}
	c, _ := Compress(make([]byte, 1000))
	if _, err := Decompress(c, WithMaxSize(999)); !errors.Is(err, ErrSizeLimit) {
		t.Fatal(err)
	}
	// A prefix claiming 4 GiB with a tiny block is rejected before allocating.
	if _, err := Decompress([]byte{0xff, 0xff, 0xff, 0xff, 0x00}); !errors.Is(err, ErrSizeLimit) {
		t.Fatal(err)
	}
	// Offset pointing before the start of the output.
	if _, err := Decompress([]byte{20, 0, 0, 0, 0x10, 'a', 0x05, 0x00, 0x50, 'a', 'b', 'c', 'd', 'e'}); !errors.Is(err, ErrCorrupt) {
		t.Fatal(err)
	}
	if _, err := Decompress([]byte{0, 0, 0, 0}); !errors.Is(err, ErrCorrupt) {
		t.Fatal(err)
	}
	// Fewer bytes than announced: truncated to what was produced (upstream).
	d, err := Decompress([]byte{10, 0, 0, 0, 0x30, 'a', 'b', 'c'})
	if err != nil || string(d) != "abc" {
		t.Fatalf("%q %v", d, err)
	}
}

func FuzzDecompress(f *testing.F) {
	f.Add([]byte{0x28, 0, 0, 0, 0xaf, 't', 'e', 'n', 's', 'o', 'g', 'r', 'a', 'm', ' ', 0x0a, 0x00, 0x05, 0x60, 'o', 'g', 'r', 'a', 'm', '!'})
	f.Add([]byte{0, 0, 0, 0, 0})
	f.Add([]byte{0xff, 0, 0, 0, 0x1f, 0, 1, 0, 0xff, 0x10})
	f.Fuzz(func(t *testing.T, payload []byte) {
		out, err := Decompress(payload, WithMaxSize(1<<20))
		if err != nil {
			return
		}
		if len(out) > 1<<20 {
			t.Fatal("output above limit")
		}
		// Whatever decodes must re-compress and decode to the same bytes.
		c, err := Compress(out)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Decompress(c)
		if err != nil || !bytes.Equal(back, out) {
			t.Fatal("re-compression round trip failed")
		}
	})
}

func FuzzCompress(f *testing.F) {
	f.Add([]byte("tensogram tensogram tensogram tensogram!"))
	f.Add(make([]byte, 100))
	f.Fuzz(func(t *testing.T, in []byte) {
		c, err := Compress(in)
		if err != nil {
			t.Fatal(err)
		}
		d, err := Decompress(c)
		if err != nil || !bytes.Equal(d, in) {
			t.Fatalf("round trip failed: %v", err)
		}
	})
}

func BenchmarkCompress(b *testing.B) {
	for _, kind := range []string{"ramp", "lcg"} {
		in := testutil.GenBytes(kind, 8<<20)
		b.Run(kind, func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			for i := 0; i < b.N; i++ {
				if _, err := Compress(in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkDecompress(b *testing.B) {
	for _, kind := range []string{"ramp", "lcg"} {
		in := testutil.GenBytes(kind, 8<<20)
		c, _ := Compress(in)
		b.Run(kind, func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			for i := 0; i < b.N; i++ {
				if _, err := Decompress(c); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
