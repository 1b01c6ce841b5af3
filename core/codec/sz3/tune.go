package sz3

// Algorithm selection, in the spirit of SZ3's interpolation/Lorenzo tuner
// (same candidates: linear or cubic interpolation with SZ3's alpha/beta
// pairs, block-wise Lorenzo with 65536 or 16384 bins). Fields up to
// fullTuneMax values try every candidate in full (encodeLossy); longer ones
// compress a sample of at least minSample values (SZ3 samples 0.5 %) with
// each candidate and keep the best sample ratio.

const (
	sampleRate  = 0.005
	fullTuneMax = 1 << 16 // fields up to this length try every candidate in full
)

// candidates lists every setting the tuner can pick.
func candidates() []plan {
	var out []plan
	for _, cubic := range []bool{false, true} {
		for _, ab := range [][2]float64{{1.25, 2}, {1, 1}, {1.5, 2.5}, {2, 3}} {
			p := defaultInterp()
			p.cubic, p.alpha, p.beta = cubic, ab[0], ab[1]
			out = append(out, plan{bins: defaultBins, interp: p})
		}
	}
	return append(out, plan{lorenzo: true, bins: defaultBins}, plan{lorenzo: true, bins: 16384})
}

type plan struct {
	lorenzo bool
	bins    int32 // Lorenzo quantisation bins
	interp  interpParams
}

func defaultInterp() interpParams {
	return interpParams{blockSize: interpBlockSize, cubic: true, anchor: anchorStride1D, alpha: 1.25, beta: 2}
}

// sampleBlockSize is SZ3's sample block length minus one for n values,
// and whether the field is long enough to tune at all.
func sampleBlockSize(n int) (int, bool) {
	sbs := 4096
	for sbs >= n {
		sbs /= 2
	}
	for sbs >= 16 && float64(sbs+1)/float64(n) > 1.5*sampleRate {
		sbs /= 2
	}
	if sbs < 8 {
		sbs = 8
	}
	return sbs, float64(sbs+1) <= 0.05*float64(n) && n >= sbs
}

// minSample is the least number of values the tuner samples: SZ3's 0.5 %
// gives too few blocks to tell the candidates apart below ~10M values.
const minSample = 1 << 16

// sampleBlocks takes evenly spaced blocks of sbs+1 values: every
// 1/sampleRate-th block, or more when that samples fewer than minSample
// values.
func sampleBlocks(vals []float64, sbs int) [][]float64 {
	var out [][]float64
	total := (len(vals) - 1) / sbs
	step := int(1 / sampleRate)
	if want := minSample / (sbs + 1); total/step < want {
		step = max(1, total/max(want, 1))
	}
	for k := 0; k < total; k += step {
		out = append(out, vals[k*sbs:k*sbs+sbs+1])
	}
	return out
}

// tune chooses the algorithm for vals at absolute bound eb: every
// candidate compresses the sample and the best ratio wins (see
// tuneSamples). Short fields, and fields too short to sample, use SZ3's
// default (cubic interpolation).
func tune(vals []float64, eb float64) plan {
	def := plan{bins: defaultBins, interp: defaultInterp()}
	sbs, ok := sampleBlockSize(len(vals))
	if !ok {
		return def
	}
	samples := sampleBlocks(vals, sbs)
	if len(samples) == 0 {
		return def
	}
	if p, ok := tuneSamples(samples, eb, false); ok {
		return p
	}
	return def
}
