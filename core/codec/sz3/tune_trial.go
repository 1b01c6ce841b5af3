package sz3

import (
	"cmp"
	"math"
	"slices"
)

// The tuner's candidates are compared by the size of their sample once
// deflated (SZ3 compares compression ratios). Quantising the sample is
// unavoidable, but writing every candidate's Huffman codes and deflating
// them is not: the codes of a field without repeats are nearly
// incompressible, and zstd's gains lie in the rest of the buffer (headers,
// verbatim values, Huffman tree). So every candidate is quantised and its
// deflated size estimated as that rest deflated plus the codes' entropy.
// Then, in order of estimate, the first interpolation and the first Lorenzo
// candidate are written and deflated, each giving its family's ratio of
// actual to estimated size, and any further candidate only when its
// estimate times its family's ratio comes within tuneMargin of the best
// deflated size so far, or when that ratio is under exactAllBelow (zstd
// found repeats in the codes, which the estimate cannot see).

const (
	exactAllBelow = 0.99 // zstd factor under which every candidate is deflated
	tuneMargin    = 0.01 // relative slack for deflating a further candidate
)

// trial is one candidate's quantised sample, held until the candidates
// have been compared.
type trial struct {
	p     plan
	ip    interpParams // p.interp as stored for the sample
	q     *quantizer
	idx   *[]int32 // indexPool
	sel   *[]int32 // Lorenzo's predictor choices (indexPool)
	inner int      // inner buffer length; 0 when no Huffman code fits
	est   float64  // estimated deflated length (see innerLen)
	// code is the indices' Huffman code built by innerLen, held for
	// serialise (which consumes it) or release (nil once either has).
	code *huffCode
}

// newTrial quantises samples (all the same length) under p.
func newTrial(samples [][]float64, eb float64, p plan) *trial {
	n := len(samples) * len(samples[0])
	t := &trial{p: p, idx: indexPool.get(n)}
	wp := floatPool.get(len(samples[0]))
	defer floatPool.put(wp)
	if p.lorenzo {
		t.q = newQuantizer(eb, p.bins/2)
		t.sel = indexPool.get(n/lorenzoTuneBlock + len(samples))
		for _, s := range samples {
			work := append((*wp)[:0], s...)
			*t.sel, *t.idx = lorenzoQuantize(work, t.q, lorenzoTuneBlock, *t.sel, *t.idx)
		}
		t.inner, t.est = t.innerLen(nil)
		return t
	}
	t.q = newQuantizer(eb, defaultBins/2)
	cp := t.q.startCounts() // for innerLen's code
	defer t.q.stopCounts(cp, t.idx)
	rec := (*wp)[:len(samples[0])]
	for _, s := range samples {
		*t.idx = interpQuantize(s, rec, p.interp, t.q, *t.idx)
	}
	t.ip = p.interp
	t.ip.dim = uint64(len(samples[0]))
	_, t.ip.anchor = t.ip.levels()
	t.inner, t.est = t.innerLen(t.q.counts)
	return t
}

// rebinned is Lorenzo trial src (nil: none) under p's smaller bin count,
// without quantising again, when that gives the same quantisation; else
// nil. With radius r the quantiser codes a value whose index is h steps
// from the centre when h ≤ r-2 (its scaled error is then below 2r-3), and
// stores it verbatim when h ≥ r; so when no index of src is more than
// p.bins/2-2 from the centre, quantising with p.bins/2 makes the same
// choices, predictions and reconstructions, and only the indices shift.
func rebinned(src *trial, p plan) *trial {
	if src == nil || !p.lorenzo || p.bins >= src.p.bins {
		return nil
	}
	r0, r1 := src.q.radius, p.bins/2
	for _, k := range *src.idx {
		if k != 0 && (k-r0 > r1-2 || r0-k > r1-2) {
			return nil
		}
	}
	t := &trial{p: p, ip: src.ip, idx: indexPool.get(len(*src.idx)), sel: indexPool.get(len(*src.sel))}
	for _, k := range *src.idx {
		if k != 0 {
			k += r1 - r0
		}
		*t.idx = append(*t.idx, k)
	}
	*t.sel = append(*t.sel, *src.sel...)
	t.q = newQuantizer(src.q.eb, r1)
	t.q.unpred = src.q.unpred
	t.inner, t.est = t.innerLen(nil)
	return t
}

// lorenzoTuneBlock is SZ3's Lorenzo block size while tuning.
const lorenzoTuneBlock = 5

// innerLen is the exact length of t's inner buffer (see serialise) and
// an estimate of its deflated length: the buffer without the indices'
// codes (headers, verbatim values, Huffman tree: compressible) deflated,
// plus the codes' entropy (zstd cannot shrink them much below it); 0 when
// a Huffman code would be too deep. counts holds the counts of t's indices
// (see buildHuffmanCounts), nil when they must be counted. On success it
// keeps the indices' code in t.code for serialise.
func (t *trial) innerLen(counts []uint64) (int, float64) {
	var c *huffCode
	var err error
	if counts != nil {
		c, err = buildHuffmanCounts(counts, len(*t.idx))
	} else {
		c, err = buildHuffmanSpan(*t.idx, 2*t.q.radius)
	}
	if err != nil {
		return 0, 0
	}
	hp := bytePool.get(1024)
	defer putBytes(hp)
	hdr := *hp
	if t.p.lorenzo {
		if hdr, err = appendHuffman(le64(hdr, uint64(len(*t.sel))), *t.sel); err != nil {
			c.release()
			return 0, 0
		}
	} else {
		hdr = t.ip.appendTo(hdr)
	}
	hdr = le64(c.appendTree(t.q.appendTo(hdr)), uint64(len(*t.idx)))
	hdr = le64(hdr, (c.bits+7)/8)
	*hp = hdr
	packed, err := deflatedLen(hdr)
	if err != nil {
		c.release()
		return 0, 0
	}
	t.code = c
	return len(hdr) + int((c.bits+7)/8), float64(packed) + c.entropyBits()/8
}

// serialise appends t's inner buffer to dst, as interpInner or
// lorenzoInner write it for a field. It consumes the code innerLen kept,
// and builds the code afresh when t holds none (a second call).
func (t *trial) serialise(dst []byte) ([]byte, error) {
	c := t.code
	t.code = nil
	if c == nil {
		var err error
		if c, err = buildHuffmanSpan(*t.idx, 2*t.q.radius); err != nil {
			return nil, err
		}
	}
	if t.p.lorenzo {
		return lorenzoSerialiseCoded(dst, t.q, *t.sel, *t.idx, c)
	}
	return appendCoded(t.q.appendTo(t.ip.appendTo(dst)), *t.idx, c), nil
}

// deflated is the length of t's inner buffer once deflated, 0 when it
// cannot be written.
func (t *trial) deflated() int {
	bp := bytePool.get(t.inner)
	defer putBytes(bp)
	var err error
	if *bp, err = t.serialise(*bp); err != nil {
		return 0
	}
	size, err := deflatedLen(*bp)
	if err != nil {
		return 0
	}
	return size
}

// release returns t's pooled slices and its unused code, if any.
func (t *trial) release() {
	if t.code != nil {
		t.code.release()
		t.code = nil
	}
	indexPool.put(t.idx)
	if t.sel != nil {
		indexPool.put(t.sel)
	}
}

// tuneSamples returns the candidate whose samples deflate smallest (the
// first of equals, in candidates' order), deflating only those that can
// still win unless exactAll; ok=false when none can be written.
func tuneSamples(samples [][]float64, eb float64, exactAll bool) (best plan, ok bool) {
	var trials []*trial
	var lorenzo *trial // the first Lorenzo trial, which others may rebin
	for _, p := range candidates() {
		t := rebinned(lorenzo, p)
		if t == nil {
			t = newTrial(samples, eb, p)
		}
		if p.lorenzo && lorenzo == nil {
			lorenzo = t
		}
		defer t.release()
		if t.inner > 0 {
			trials = append(trials, t)
		}
	}
	order := slices.Clone(trials)
	slices.SortStableFunc(order, func(a, b *trial) int { return cmp.Compare(a.est, b.est) })
	bestSize, bestAt := 0, -1
	var factor [2]float64 // per family (interpolation, Lorenzo); 0 until one is deflated
	for _, t := range order {
		fam := 0
		if t.p.lorenzo {
			fam = 1
		}
		if f := factor[fam]; f != 0 && !exactAll && f >= exactAllBelow &&
			t.est*f > float64(bestSize)*(1+tuneMargin) {
			continue
		}
		size := t.deflated()
		if factor[fam] == 0 && size > 0 {
			factor[fam] = float64(size) / t.est
		}
		at := slices.Index(trials, t)
		if size > 0 && (bestAt < 0 || size < bestSize || size == bestSize && at < bestAt) {
			bestSize, bestAt = size, at
		}
	}
	if bestAt < 0 {
		return plan{}, false
	}
	return trials[bestAt].p, true
}

// entropyBits is the Shannon bound, in bits, of coding the symbols c
// was built from (their counts are the leaves of c.nodes).
func (c *huffCode) entropyBits() float64 {
	var total uint64
	var sum float64
	for _, n := range c.nodes {
		if n.left < 0 {
			total += n.freq
			f := float64(n.freq)
			sum += f * math.Log2(f)
		}
	}
	if total == 0 {
		return 0
	}
	t := float64(total)
	return t*math.Log2(t) - sum
}
