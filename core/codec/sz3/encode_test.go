package sz3

import (
	"errors"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/tensogram-go/tensogram-go/internal/testutil"
)

func modeOf(t testing.TB, name string) Mode {
	switch name {
	case "abs":
		return ModeAbs
	case "rel":
		return ModeRel
	case "psnr":
		return ModePSNR
	}
	t.Fatalf("mode %q", name)
	return 0
}

// checkBound decodes stream and requires every value within the bound.
func checkBound(t *testing.T, vals []float64, stream []byte, mode Mode, bound float64) []float64 {
	t.Helper()
	got, err := Decode(stream, len(vals))
	if err != nil {
		t.Fatal(err)
	}
	eb, _ := AbsBound(vals, mode, bound)
	for i := range vals {
		if d := math.Abs(got[i] - vals[i]); !(d <= eb) && !(eb <= 0 && got[i] == vals[i]) {
			t.Fatalf("value %d: |%v - %v| = %v > %v", i, vals[i], got[i], d, eb)
		}
	}
	return got
}

// TestEncodeVectorInputs encodes every upstream input, checks the bound
// on our decode and reports the size against upstream's stream.
func TestEncodeVectorInputs(t *testing.T) {
	for _, c := range loadVectors(t) {
		raw, err := os.ReadFile(filepath.Join("testdata", c.Name+".in"))
		if err != nil || c.EncodeError != "" {
			continue
		}
		vals := testutil.Float64sLE(raw)
		mode := modeOf(t, c.Mode)
		s, err := Encode(vals, mode, c.Bound)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		info, _ := ReadInfo(s)
		checkBound(t, vals, s, mode, c.Bound)
		if testing.Verbose() {
			t.Logf("%-28s ours %7d (%s) upstream %7d (%s) %+.1f%%", c.Name, len(s), info.Algorithm, c.StreamBytes, c.Algo,
				100*(float64(len(s))/float64(c.StreamBytes)-1))
		}
	}
}

// A 1M-value field of two sines repeats its quantised codes over long
// distances: the stored payload must stay within 5% of the 177,176 bytes
// upstream 0.24 (SZ3 3.3.2, libzstd level 3) writes for it at abs 0.01
// (klauspost's faster levels alone gave 196,479).
func TestEncodePeriodicSize(t *testing.T) {
	if testing.Short() {
		t.Skip("1M values")
	}
	v := make([]float64, 1_000_000)
	for i := range v {
		x := float64(i)
		v[i] = 280 + 15*math.Sin(x*0.01) + 3*math.Cos(x*0.0537)
	}
	s, err := Encode(v, ModeAbs, 0.01)
	if err != nil {
		t.Fatal(err)
	}
	if limit := 177176 * 105 / 100; len(s) > limit {
		t.Fatalf("stream of %d bytes, upstream writes 177176 (limit %d)", len(s), limit)
	}
}

// TestInterpQuantizeReadsOnlyWrittenValues runs the interpolation walk
// with the reconstruction buffer poisoned by NaN and by the input itself:
// indices, verbatim values and reconstructions must agree, so the walk
// never reads a value it has not written.
func TestInterpQuantizeReadsOnlyWrittenValues(t *testing.T) {
	for _, n := range []int{1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 31, 32, 33, 63, 64, 65, 100, 1000, 4095, 4096, 4097, 4098, 9000} {
		vals := make([]float64, n)
		for i := range vals {
			vals[i] = math.Sin(float64(i)*0.37) * float64(1+i%7)
		}
		for _, p := range candidates() {
			if p.lorenzo {
				continue
			}
			poisoned, copied := make([]float64, n), append([]float64(nil), vals...)
			for i := range poisoned {
				poisoned[i] = math.NaN()
			}
			q1, q2 := newQuantizer(0.01, defaultBins/2), newQuantizer(0.01, defaultBins/2)
			i1 := interpQuantize(vals, poisoned, p.interp, q1, nil)
			i2 := interpQuantize(vals, copied, p.interp, q2, nil)
			if !slices.Equal(i1, i2) || !slices.Equal(q1.unpred, q2.unpred) {
				t.Fatalf("n %d %+v: indices differ with an unwritten buffer", n, p.interp)
			}
			for i := range poisoned {
				if math.Float64bits(poisoned[i]) != math.Float64bits(copied[i]) {
					t.Fatalf("n %d: value %d reconstructed as %v and %v", n, i, poisoned[i], copied[i])
				}
			}
		}
	}
}

// An interpolation stream declaring an odd block size is refused as
// unsupported, not decoded into values that depend on the buffer's old
// contents.
func TestOddInterpBlockSizeUnsupported(t *testing.T) {
	for _, bs := range []uint32{1, 7, 33} {
		p := interpParams{blockSize: bs, anchor: anchorStride1D}
		r := reader{buf: p.appendTo(nil)}
		if _, err := loadInterpParams(&r); !errors.Is(err, ErrUnsupported) {
			t.Errorf("block size %d: %v, want ErrUnsupported", bs, err)
		}
	}
	p := interpParams{blockSize: 32, anchor: anchorStride1D}
	r := reader{buf: p.appendTo(nil)}
	if _, err := loadInterpParams(&r); err != nil {
		t.Errorf("block size 32: %v", err)
	}
}

// sameBits reports whether a and b hold the same float64 bit patterns
// (NaN included).
func sameBits(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) })
}

// TestInterpWalkCompactMatches requires the walk over compact copies of
// the coarse levels (down to copies of 2 values), its reconstruction
// buffer poisoned by NaN, to give the plain walk's indices, verbatim
// values and reconstructions, for every interpolation
// candidate and lengths around the anchor stride and the compaction
// steps.
func TestInterpWalkCompactMatches(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	for _, n := range []int{1, 2, 3, 4, 5, 8, 9, 15, 16, 17, 33, 100, 1000, 4095, 4096, 4097, 4100, 8193, 20000, 70001} {
		vals := make([]float64, n)
		for i := range vals {
			vals[i] = math.Sin(float64(i)*0.01)*5 + rng.NormFloat64()
			if rng.Intn(50) == 0 {
				vals[i] = []float64{1e300, math.NaN(), math.Inf(-1)}[rng.Intn(3)]
			}
		}
		for _, p := range candidates() {
			if p.lorenzo {
				continue
			}
			r1, r2 := make([]float64, n), make([]float64, n)
			for i := range r2 {
				r2[i] = math.NaN() // the walk must read only values it wrote
			}
			q1, q2 := newQuantizer(0.01, defaultBins/2), newQuantizer(0.01, defaultBins/2)
			i1 := interpWalk(vals, r1, p.interp, q1, nil, math.MaxInt)
			i2 := interpWalk(vals, r2, p.interp, q2, nil, 2)
			if !slices.Equal(i1, i2) || !sameBits(q1.unpred, q2.unpred) || q2.eb != 0.01 {
				t.Fatalf("n %d %+v: compact walk differs", n, p.interp)
			}
			for i := range r1 {
				if math.Float64bits(r1[i]) != math.Float64bits(r2[i]) {
					t.Fatalf("n %d %+v: value %d reconstructed as %v and %v", n, p.interp, i, r1[i], r2[i])
				}
			}
		}
	}
}
