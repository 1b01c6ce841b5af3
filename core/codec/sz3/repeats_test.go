package sz3

import (
	"encoding/binary"
	"math"
	"math/rand"
	"testing"
)

// repeatedAnchorsRef is repeatedAnchors one position at a time.
func repeatedAnchorsRef(b []byte) (repeated, anchors int) {
	table := make([]uint64, 1<<repeatBits)
	for i := 0; i+8 <= len(b); i++ {
		w := binary.LittleEndian.Uint64(b[i:]) << 24
		h := w * 0x9e3779b97f4a7c15
		if h>>59 != 0 {
			continue
		}
		anchors++
		slot := &table[(h>>(59-repeatBits))&(1<<repeatBits-1)]
		if *slot == w {
			repeated++
		}
		*slot = w
	}
	return repeated, anchors
}

// TestRepeatedAnchorsMatchesReference compares the four-positions-per-load
// scan with one position at a time, on random, periodic and short
// buffers of every length modulo 4.
func TestRepeatedAnchorsMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewSource(8))
	for trial := 0; trial < 60; trial++ {
		b := make([]byte, rng.Intn(1<<14))
		if trial < 20 {
			b = b[:trial]
		}
		rng.Read(b)
		if period := 1 + rng.Intn(500); trial%3 == 0 {
			for i := period; i < len(b); i++ {
				b[i] = b[i-period]
			}
		}
		r1, a1 := repeatedAnchors(b)
		r2, a2 := repeatedAnchorsRef(b)
		if r1 != r2 || a1 != a2 {
			t.Fatalf("%d bytes: %d of %d anchors repeated, reference %d of %d", len(b), r1, a1, r2, a2)
		}
	}
}

func TestRepeatedAnchors(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	random := make([]byte, 1<<18)
	rng.Read(random)
	if r, a := repeatedAnchors(random); a < len(random)/64 || r > a/100 {
		t.Errorf("random bytes: %d of %d anchors repeated", r, a)
	}
	periodic := make([]byte, 1<<18)
	copy(periodic, random[:3001])
	for i := 3001; i < len(periodic); i++ {
		periodic[i] = periodic[i-3001]
	}
	if r, a := repeatedAnchors(periodic); r < a*9/10 {
		t.Errorf("period of 3001 bytes: %d of %d anchors repeated", r, a)
	}
	if skipStrong(periodic, len(periodic)) || skipStrong(random[:1000], 1000) || skipStrong(random, len(random)*98/100) {
		t.Error("skipStrong true for a periodic, a short or a compressible buffer")
	}
	if !skipStrong(random, len(random)) {
		t.Error("skipStrong false for random bytes")
	}
}

// innerOf is the inner buffer the encoder deflates for vals at abs eb.
func innerOf(t *testing.T, vals []float64, eb float64) []byte {
	p := tune(vals, eb)
	rec := make([]float64, len(vals))
	var inner []byte
	var err error
	if p.lorenzo {
		inner, err = lorenzoInner(nil, append(rec[:0], vals...), eb, p.bins/2, lorenzoBlockSize)
	} else {
		inner, err = interpInner(nil, vals, rec, eb, p.interp)
	}
	if err != nil {
		t.Fatal(err)
	}
	return inner
}

// deflateFinal skips the strongest level only where it gains little: its
// frame stays within 0.5 % of the smaller of both levels' frames.
func TestDeflateFinalSize(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	randn, sines := make([]float64, 300_000), make([]float64, 300_000)
	for i := range randn {
		x := float64(i)
		randn[i] = rng.NormFloat64()
		sines[i] = 280 + 15*math.Sin(x*0.01) + 3*math.Cos(x*0.0537)
	}
	for _, c := range []struct {
		name string
		vals []float64
		eb   float64
		skip bool // whether the strongest level is expected to be skipped
	}{{"randn", randn, 0.02, true}, {"randn", randn, 0.1, true}, {"randn", randn, 1e-3, false},
		{"sines", sines, 0.01, false}, {"sines", sines, 1e-4, false}} {
		inner := innerOf(t, c.vals, c.eb)
		out, err := deflateFinal(inner)
		if err != nil {
			t.Fatal(err)
		}
		var both int
		var skipped bool
		_, _ = withEncoders(func(s *encSet) []byte {
			d := len(s.deflate(nil, inner))
			skipped = skipStrong(inner, d)
			both = min(d, len(s.small.EncodeAll(inner, frameStart(nil, inner))))
			return nil
		})
		if skipped != c.skip || float64(len(*out)) > 1.005*float64(both) {
			t.Errorf("%s at %g: %d bytes (both levels: %d), strongest skipped: %v", c.name, c.eb, len(*out), both, skipped)
		}
		putBytes(out)
	}
}
