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
// candidate compresses the sample and the best ratio wins. Short fields,
// and fields too short to sample, use SZ3's default (cubic interpolation).
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
	best, bestRatio := def, 0.0
	for _, p := range candidates() {
		var r float64
		if p.lorenzo {
			r = lorenzoSampleRatio(samples, eb, p.bins)
		} else {
			r = interpSampleRatio(samples, eb, p.interp)
		}
		if r > bestRatio {
			best, bestRatio = p, r
		}
	}
	return best
}

// interpSampleRatio is the compression ratio of the samples under one
// interpolation setting: one quantiser and one Huffman code for all
// blocks, as SZ3's tuner measures it.
func interpSampleRatio(samples [][]float64, eb float64, p interpParams) float64 {
	q := newQuantizer(eb, defaultBins/2)
	ip := indexPool.get(len(samples) * len(samples[0]))
	defer indexPool.put(ip)
	rp := floatPool.get(len(samples[0]))
	defer floatPool.put(rp)
	idx, rec := *ip, (*rp)[:len(samples[0])]
	for _, s := range samples {
		idx = interpQuantize(s, rec, p, q, idx)
	}
	*ip = idx
	p.dim = uint64(len(samples[0]))
	_, p.anchor = p.levels()
	bp := bytePool.get(1024)
	defer putBytes(bp)
	var err error
	*bp, err = appendIndices(q.appendTo(p.appendTo(*bp)), idx, q.radius)
	return ratioOf(len(idx), *bp, err)
}

// lorenzoSampleRatio is the same for block-wise Lorenzo with SZ3's tuning
// block size of 5.
func lorenzoSampleRatio(samples [][]float64, eb float64, bins int32) float64 {
	q := newQuantizer(eb, bins/2)
	n := len(samples) * len(samples[0])
	sp, ip := indexPool.get(n/5+len(samples)), indexPool.get(n)
	defer indexPool.put(sp)
	defer indexPool.put(ip)
	wp := floatPool.get(len(samples[0]))
	defer floatPool.put(wp)
	sel, idx, work := *sp, *ip, *wp
	for _, s := range samples {
		work = append(work[:0], s...)
		sel, idx = lorenzoQuantize(work, q, 5, sel, idx)
	}
	*sp, *ip = sel, idx
	bp := bytePool.get(1024)
	defer putBytes(bp)
	var err error
	*bp, err = lorenzoSerialise(*bp, q, sel, idx)
	return ratioOf(len(idx), *bp, err)
}

func ratioOf(n int, inner []byte, err error) float64 {
	if err != nil {
		return 0
	}
	size, err := deflatedLen(inner)
	if err != nil || size == 0 {
		return 0
	}
	return float64(8*n) / float64(size)
}
