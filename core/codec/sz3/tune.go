package sz3

// Algorithm selection, following SZ3's interpolation/Lorenzo tuner: for
// fields long enough, compress a ~0.5 % sample of blocks with each
// candidate (linear vs cubic interpolation, three alpha/beta pairs, then
// block-wise Lorenzo) and keep the best sample compression ratio; Lorenzo
// wins only when it beats interpolation by 10 % and neither ratio reaches
// 50. Short fields use cubic interpolation with SZ3's defaults.

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

// sampleBlocks takes every 1/sampleRate-th block of sbs+1 values.
func sampleBlocks(vals []float64, sbs int) [][]float64 {
	var out [][]float64
	total := (len(vals) - 1) / sbs
	for k := 0; k < total; k += int(1 / sampleRate) {
		out = append(out, vals[k*sbs:k*sbs+sbs+1])
	}
	return out
}

// tune chooses the algorithm for vals at absolute bound eb; rel is the
// relative bound the caller asked for (0 in the other modes), which
// gates SZ3's trial of 16384 Lorenzo bins.
func tune(vals []float64, eb, rel float64) plan {
	p := plan{bins: defaultBins, interp: defaultInterp()}
	sbs, ok := sampleBlockSize(len(vals))
	if !ok {
		return p
	}
	samples := sampleBlocks(vals, sbs)
	if len(samples) == 0 || float64(len(samples)*(sbs+1)) >= 0.2*float64(len(vals)) {
		return p
	}
	best := 0.0
	for _, cubic := range []bool{false, true} {
		c := p.interp
		c.cubic = cubic
		if r := interpSampleRatio(samples, eb, c); r > best {
			best, p.interp = r, c
		}
	}
	for _, ab := range [][2]float64{{1, 1}, {1.5, 2.5}, {2, 3}} {
		c := p.interp
		c.alpha, c.beta = ab[0], ab[1]
		if r := interpSampleRatio(samples, eb, c); r > best*1.02 {
			best, p.interp = r, c
		}
	}
	if best >= 50 {
		return p
	}
	lr := lorenzoSampleRatio(samples, eb, defaultBins)
	if !(lr >= best*1.1 && lr < 50) {
		return p
	}
	p.lorenzo = true
	if rel < 1.01e-6 && lr > 5 {
		if r := lorenzoSampleRatio(samples, eb, 16384); r > lr*1.02 {
			p.bins = 16384
		}
	}
	return p
}

// interpSampleRatio is the compression ratio of the samples under one
// interpolation setting: one quantiser and one Huffman code for all
// blocks, as SZ3's tuner measures it.
func interpSampleRatio(samples [][]float64, eb float64, p interpParams) float64 {
	q := newQuantizer(eb, defaultBins/2)
	var idx []int32
	for _, s := range samples {
		idx = interpQuantize(append([]float64(nil), s...), p, q, idx)
	}
	p.dim = uint64(len(samples[0]))
	_, p.anchor = p.levels()
	inner, err := appendIndices(q.appendTo(p.appendTo(nil)), idx)
	return ratioOf(len(idx), inner, err)
}

// lorenzoSampleRatio is the same for block-wise Lorenzo with SZ3's tuning
// block size of 5.
func lorenzoSampleRatio(samples [][]float64, eb float64, bins int32) float64 {
	q := newQuantizer(eb, bins/2)
	var sel, idx []int32
	for _, s := range samples {
		sel, idx = lorenzoQuantize(append([]float64(nil), s...), q, 5, sel, idx)
	}
	inner, err := lorenzoSerialise(q, sel, idx, 0)
	return ratioOf(len(idx), inner, err)
}

func ratioOf(n int, inner []byte, err error) float64 {
	if err != nil {
		return 0
	}
	out, err := deflate(inner)
	if err != nil || len(out) == 0 {
		return 0
	}
	return float64(8*n) / float64(len(out))
}
