package shuffle

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/tensogram-go/tensogram-go/internal/testutil"
)

// TestUpstreamVectors asserts byte identity with upstream tensogram
// 0.24.0's shuffle output, and that Unshuffle inverts it.
func TestUpstreamVectors(t *testing.T) {
	testutil.CheckCodecVectors(t, "testdata/vectors.json",
		func(c testutil.CodecVector, in []byte) ([]byte, error) { return Shuffle(in, c.ElementSize) },
		func(c testutil.CodecVector, b []byte) ([]byte, error) { return Unshuffle(b, c.ElementSize) })
}

func TestSpecExample(t *testing.T) {
	in, _ := hex.DecodeString("0000803f00000040")
	got, err := Shuffle(in, 4)
	if err != nil || hex.EncodeToString(got) != "0000000080003f40" {
		t.Fatalf("%x %v", got, err)
	}
}

// naive is the definition out[b·n+i] = in[i·s+b].
func naive(in []byte, s int) []byte {
	n := len(in) / s
	out := make([]byte, len(in))
	for i := 0; i < n; i++ {
		for b := 0; b < s; b++ {
			out[b*n+i] = in[i*s+b]
		}
	}
	return out
}

func TestAllSizesRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for s := 1; s <= 17; s++ {
		for _, n := range []int{0, 1, 2, 7, 8, 9, 255, 256, 257} {
			in := make([]byte, n*s)
			for i := range in {
				in[i] = byte(rng.Uint32())
			}
			got, err := Shuffle(in, s)
			if err != nil || !bytes.Equal(got, naive(in, s)) {
				t.Fatalf("s=%d n=%d: shuffle mismatch (%v)", s, n, err)
			}
			back := make([]byte, len(in))
			if err := UnshuffleInto(back, got, s); err != nil || !bytes.Equal(back, in) {
				t.Fatalf("s=%d n=%d: round trip failed (%v)", s, n, err)
			}
		}
	}
}

func TestErrors(t *testing.T) {
	if _, err := Shuffle([]byte{1}, 0); !errors.Is(err, ErrElementSize) || err.Error() != "element_size must not be zero" {
		t.Fatal(err)
	}
	_, err := Unshuffle(make([]byte, 10), 4)
	if !errors.Is(err, ErrLength) || err.Error() != "data length 10 is not divisible by element_size 4" {
		t.Fatal(err)
	}
	if err := ShuffleInto(make([]byte, 3), make([]byte, 4), 2); err == nil {
		t.Fatal("accepted short destination")
	}
	if _, err := Shuffle(make([]byte, 4), -1); !errors.Is(err, ErrElementSize) {
		t.Fatal(err)
	}
}

func FuzzUnshuffle(f *testing.F) {
	f.Add([]byte("0000000080003f40"), uint8(4))
	f.Add([]byte{1, 2, 3}, uint8(3))
	f.Add([]byte{}, uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, s uint8) {
		out, err := Unshuffle(data, int(s))
		if err != nil {
			if s != 0 && len(data)%int(s) == 0 {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		re, err := Shuffle(out, int(s))
		if err != nil || !bytes.Equal(re, data) {
			t.Fatal("shuffle(unshuffle(x)) != x")
		}
	})
}

func BenchmarkShuffle(b *testing.B) {
	in := make([]byte, 8<<20)
	for i := range in {
		in[i] = byte(i * 7)
	}
	dst := make([]byte, len(in))
	for _, s := range []int{2, 4, 8, 3} {
		b.Run(fmt.Sprintf("shuffle/s=%d", s), func(b *testing.B) {
			b.SetBytes(int64(len(in) / s * s))
			for i := 0; i < b.N; i++ {
				_ = ShuffleInto(dst[:len(in)/s*s], in[:len(in)/s*s], s)
			}
		})
		b.Run(fmt.Sprintf("unshuffle/s=%d", s), func(b *testing.B) {
			b.SetBytes(int64(len(in) / s * s))
			for i := 0; i < b.N; i++ {
				_ = UnshuffleInto(dst[:len(in)/s*s], in[:len(in)/s*s], s)
			}
		})
	}
}
