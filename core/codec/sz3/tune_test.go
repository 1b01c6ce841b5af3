package sz3

import (
	"bytes"
	"math"
	"math/rand"
	"os"
	"testing"
)

// tuneCase is one field and bound of the tuner's corpus.
type tuneCase struct {
	name  string
	vals  []float64
	mode  Mode
	bound float64
}

// tuneField returns n values of one kind of data: standard-normal noise,
// a smooth field with small noise, two sines, or a random walk.
func tuneField(kind string, n int, seed int64) []float64 {
	rng := rand.New(rand.NewSource(seed))
	v := make([]float64, n)
	walk := 0.0
	for i := range v {
		x := float64(i)
		switch kind {
		case "randn":
			v[i] = rng.NormFloat64()
		case "smooth":
			v[i] = 280 + 15*math.Sin(x*1e-4) + 3*math.Cos(x*0.00537) + 0.05*rng.NormFloat64()
		case "sines":
			v[i] = math.Sin(x*0.01) + 0.5*math.Sin(x*0.173)
		default: // walk
			walk += rng.NormFloat64()
			v[i] = walk
		}
	}
	return v
}

// tuneCorpus is every kind at the given lengths under abs, rel and psnr
// bounds.
func tuneCorpus(lengths []int) []tuneCase {
	var out []tuneCase
	bounds := []struct {
		mode  Mode
		bound float64
	}{{ModeAbs, 0.1}, {ModeAbs, 0.01}, {ModeAbs, 1e-4}, {ModeRel, 1e-3}, {ModeRel, 1e-5}, {ModePSNR, 60}}
	for _, n := range lengths {
		for k, kind := range []string{"randn", "smooth", "sines", "walk"} {
			v := tuneField(kind, n, int64(n+k))
			for _, b := range bounds {
				out = append(out, tuneCase{kind, v, b.mode, b.bound})
			}
		}
	}
	return out
}

// tuneBoth returns the plans of the exact and the shortcut tuner.
func tuneBoth(t *testing.T, c tuneCase) (exact, fast plan, tuned bool) {
	eb, err := AbsBound(c.vals, c.mode, c.bound)
	if err != nil || eb <= 0 {
		return plan{}, plan{}, false
	}
	sbs, ok := sampleBlockSize(len(c.vals))
	if !ok {
		return plan{}, plan{}, false
	}
	s := sampleBlocks(c.vals, sbs)
	exact, ok1 := tuneSamples(s, eb, true)
	fast, ok2 := tuneSamples(s, eb, false)
	if ok1 != ok2 {
		t.Fatalf("%s: exact ok=%v, shortcut ok=%v", c.name, ok1, ok2)
	}
	return exact, fast, ok1
}

// TestTuneShortcut checks that the shortcut tuner picks the exact tuner's
// candidate in nearly every case of a corpus, and that the fields'
// payloads stay within 0.5 % in total. SZ3_TUNE_CORPUS=1 runs the larger
// corpus (up to 1M values) and logs every changed decision.
func TestTuneShortcut(t *testing.T) {
	lengths := []int{70000, 150001}
	if os.Getenv("SZ3_TUNE_CORPUS") != "" {
		lengths = []int{70000, 100003, 150001, 262144, 500000, 1000000}
	} else if testing.Short() {
		t.Skip("encodes several fields of 70K+ values")
	}
	var cases, changed int
	var sizeExact, sizeFast int
	for _, c := range tuneCorpus(lengths) {
		exact, fast, ok := tuneBoth(t, c)
		if !ok {
			continue
		}
		cases++
		eb, _ := AbsBound(c.vals, c.mode, c.bound)
		a := payloadLen(t, c.vals, eb, exact)
		sizeExact += a
		if exact == fast {
			sizeFast += a
			continue
		}
		changed++
		b := payloadLen(t, c.vals, eb, fast)
		sizeFast += b
		t.Logf("%s n=%d %v %g: exact %+v (%d B), shortcut %+v (%d B)",
			c.name, len(c.vals), c.mode, c.bound, exact, a, fast, b)
	}
	rel := float64(sizeFast)/float64(sizeExact) - 1
	t.Logf("%d tuned cases, %d decisions changed, payloads %d -> %d bytes (%+.4f %%)",
		cases, changed, sizeExact, sizeFast, 100*rel)
	if changed*20 > cases || math.Abs(rel) > 0.005 {
		t.Errorf("shortcut tuner: %d of %d decisions changed, size change %+.4f %%", changed, cases, 100*rel)
	}
}

// payloadLen is the stored payload length of vals under p.
func payloadLen(t *testing.T, vals []float64, eb float64, p plan) int {
	out, err := encodePlan(vals, eb, p)
	if err != nil || out == nil {
		t.Fatalf("encodePlan: %v", err)
	}
	defer putBytes(out)
	return len(*out)
}

// TestTrialInnerLen checks that a trial's computed inner length is the
// length it serialises to, for every candidate; that serialise consumes
// the code innerLen kept; and that serialising again (building the code
// afresh) writes the same bytes.
func TestTrialInnerLen(t *testing.T) {
	for _, kind := range []string{"randn", "sines"} {
		v := tuneField(kind, 200000, 3)
		sbs, _ := sampleBlockSize(len(v))
		s := sampleBlocks(v, sbs)
		for _, p := range candidates() {
			tr := newTrial(s, 1e-3, p)
			if tr.code == nil {
				t.Errorf("%s %+v: innerLen kept no code", kind, p)
			}
			b, err := tr.serialise(nil)
			if err != nil || len(b) != tr.inner {
				t.Errorf("%s %+v: serialised %d bytes (err %v), innerLen %d", kind, p, len(b), err, tr.inner)
			}
			if tr.code != nil {
				t.Errorf("%s %+v: serialise left the code in the trial", kind, p)
			}
			again, err := tr.serialise(nil)
			if err != nil || !bytes.Equal(again, b) {
				t.Errorf("%s %+v: second serialise differs (err %v)", kind, p, err)
			}
			tr.release()
		}
	}
}

// TestRebinned checks that a Lorenzo trial rebinned to 16384 bins is the
// trial quantised with them, and that a trial with an index out of the
// smaller range is not rebinned.
func TestRebinned(t *testing.T) {
	v := tuneField("randn", 200000, 5)
	sbs, _ := sampleBlockSize(len(v))
	s := sampleBlocks(v, sbs)
	big, small := plan{lorenzo: true, bins: defaultBins}, plan{lorenzo: true, bins: 16384}
	for _, eb := range []float64{1e-2, 1e-4} {
		src := newTrial(s, eb, big)
		want := newTrial(s, eb, small)
		got := rebinned(src, small)
		switch {
		case eb == 1e-2 && got == nil:
			t.Errorf("eb %g: not rebinned", eb)
		case eb == 1e-4 && got != nil:
			t.Errorf("eb %g: rebinned though indices exceed 16384 bins", eb)
		}
		if got != nil {
			a, _ := got.serialise(nil)
			b, _ := want.serialise(nil)
			if string(a) != string(b) || got.inner != want.inner || got.est != want.est {
				t.Errorf("eb %g: rebinned trial differs (%d vs %d bytes)", eb, len(a), len(b))
			}
			got.release()
		}
		src.release()
		want.release()
	}
}
