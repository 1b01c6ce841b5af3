package sz3

import (
	"encoding/binary"
	"math"
	"slices"

	"github.com/tensogram-go/tensogram-go/core/codec/internal/codecerr"
)

const (
	defaultBins      = 65536
	interpBlockSize  = 32
	anchorStride1D   = 4096
	lorenzoBlockSize = 128
)

// AbsBound converts a bound in the given mode to SZ3's absolute bound:
// rel multiplies by the value range (max − min), psnr derives the bound
// whose uniform quantisation error gives that PSNR over the range
// (range·10^(−psnr/20)·√(3/1.02), SZ3's rule).
func AbsBound(vals []float64, mode Mode, bound float64) (float64, error) {
	switch mode {
	case ModeAbs:
		return bound, nil
	case ModeRel:
		return bound * valueRange(vals), nil
	case ModePSNR:
		return valueRange(vals) * math.Pow(10, -bound/20) * math.Sqrt(3/1.02), nil
	}
	return 0, codecerr.Errorf(ErrParams, "error-bound mode %d", mode)
}

// valueRange is max − min, comparing the way SZ3 does (NaN never wins).
func valueRange(v []float64) float64 {
	lo, hi := v[0], v[0]
	for _, x := range v[1:] {
		if hi < x {
			hi = x
		}
		if lo > x {
			lo = x
		}
	}
	return hi - lo
}

// Encode compresses vals (at least one value) into an SZ3 3.3.2 stream
// that SZ3 decodes with every value within the bound: |x − x̂| ≤ abs bound
// (for rel: bound·range; psnr: the bound AbsBound derives). Like SZ3 it
// tunes between interpolation and block-wise Lorenzo on a sample, stores
// values it cannot predict within the bound verbatim, and stores the whole
// field losslessly when the bound is 0 or lossless storage is smaller.
func Encode(vals []float64, mode Mode, bound float64) ([]byte, error) {
	if len(vals) == 0 {
		return nil, codecerr.Errorf(ErrParams, "SZ3 cannot encode an empty array")
	}
	eb, err := AbsBound(vals, mode, bound)
	if err != nil {
		return nil, err
	}
	info := Info{Count: uint64(len(vals)), Mode: ModeAbs, Bound: eb, Bins: defaultBins,
		Lorenzo: true, Lorenzo2: true, Regression: true, BlockSize: lorenzoBlockSize}
	var lossy *[]byte
	if eb != 0 {
		if lossy, err = encodeLossy(vals, eb, &info); err != nil {
			return nil, err
		}
		defer putBytes(lossy)
	}
	var payload []byte
	if lossy != nil {
		payload = *lossy
	}
	// SZ3 also tries lossless storage when the ratio is below 3; short
	// fields always try it (it is cheap and sometimes smaller).
	if payload == nil || len(vals) <= fullTuneMax || float64(8*len(vals))/float64(len(payload)) < 3 {
		raw, err := deflateRaw(rawBytes(vals))
		if err != nil {
			return nil, err
		}
		if payload == nil || len(raw) < len(payload) {
			payload, info.Algorithm = raw, AlgoLossless
		}
	}
	return appendStream(make([]byte, 0, len(payload)+64), info, payload), nil
}

// encodeLossy picks the algorithm and returns its payload, in a buffer of
// bytePool (see putBytes); nil when a Huffman code would be too deep (the
// caller then stores losslessly).
// Fields up to fullTuneMax values try every candidate on the whole field
// and keep the smallest payload; longer ones follow the sampled tuner.
func encodeLossy(vals []float64, eb float64, info *Info) (*[]byte, error) {
	var plans []plan
	if len(vals) <= fullTuneMax {
		plans = candidates()
	} else {
		plans = []plan{tune(vals, eb)}
	}
	var best *[]byte
	var bestPlan plan
	for _, p := range plans {
		out, err := encodePlan(vals, eb, p)
		if err != nil {
			putBytes(best)
			return nil, err
		}
		if out != nil && (best == nil || len(*out) < len(*best)) {
			putBytes(best)
			best, bestPlan = out, p
		} else {
			putBytes(out)
		}
	}
	if best == nil {
		return nil, nil
	}
	if bestPlan.lorenzo {
		info.Algorithm, info.Regression, info.Bins = AlgoLorenzoReg, false, bestPlan.bins
	} else {
		info.Algorithm = AlgoInterp
	}
	return best, nil
}

// encodePlan encodes vals with one plan, returning the payload in a
// buffer of bytePool; nil payload when a Huffman code would be too deep.
func encodePlan(vals []float64, eb float64, p plan) (*[]byte, error) {
	wp := floatPool.get(len(vals))
	defer floatPool.put(wp)
	inner := bytePool.get(len(vals)/2 + 1024)
	defer putBytes(inner)
	var err error
	if p.lorenzo {
		*inner, err = lorenzoInner(*inner, append(*wp, vals...), eb, p.bins/2, lorenzoBlockSize)
	} else {
		*inner, err = interpInner(*inner, vals, (*wp)[:len(vals)], eb, p.interp)
	}
	if err == errDeepCode {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return deflateFinal(*inner)
}

func rawBytes(vals []float64) []byte {
	b := make([]byte, 8*len(vals))
	for i, v := range vals {
		binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(v))
	}
	return b
}

// interpQuantize quantises vals with the interpolation decomposition,
// writing every reconstruction to rec (len(vals) values, which need no
// initialisation: like the decoder, the walk reads only values it has
// already written), appending indices to idx and verbatim values to q.
// Fields of compactMin values or more walk their coarse levels on compact
// copies (see interpWalk).
func interpQuantize(vals, rec []float64, p interpParams, q *quantizer, idx []int32) []int32 {
	return interpWalk(vals, rec, p, q, idx, compactMin)
}

const (
	compactShift = 2       // coarse levels: strides of 2^compactShift values and more
	compactMin   = 1 << 16 // shorter fields stay in cache anyway
)

// interpWalk is interpQuantize, walking the coarse levels of fields (and
// of compact copies) of at least minCompact values on compact copies.
// Every value the levels with strides of 2^compactShift or more visit
// (predicted or read) lies at a multiple of 2^compactShift. Walked in
// place, those levels jump across the whole of vals and rec (8 MB each
// for 1M values): 12–25 ns per value at strides of 4 to 64, against ~6 at
// stride 1, in cache and TLB misses. Copied to two arrays 2^compactShift
// times shorter, which the walk then visits at strides 2^compactShift
// times smaller (runLevels: the same predictions in the same order), they
// stay in cache; the reconstructions are copied back before the finer
// levels.
func interpWalk(vals, rec []float64, p interpParams, q *quantizer, idx []int32, minCompact int) []int32 {
	p.dim = uint64(len(vals))
	w := interpWalker{p: &p, q: q, idx: idx, b: batchPool.Get().(*predBatch), min: minCompact}
	defer batchPool.Put(w.b)
	rec = rec[:len(vals)]
	top, _ := interpStart(len(vals), &p, w.b, w.quantize(vals, rec), func(i int) error {
		rec[i] = vals[i]
		q.unpred = append(q.unpred, vals[i])
		w.idx = append(w.idx, 0)
		if q.counts != nil {
			q.counts[0]++
		}
		return nil
	})
	_, w.anchor = p.levels()
	w.walk(vals, rec, top, 0)
	return w.idx
}

// interpWalker is interpWalk's state.
type interpWalker struct {
	p      *interpParams
	q      *quantizer
	idx    []int32
	b      *predBatch
	anchor uint64 // anchor stride (0: none)
	min    int    // least length walked on compact copies
}

// quantize returns the batch quantiser over vals and rec.
func (w *interpWalker) quantize(vals, rec []float64) func(*predBatch) error {
	return func(b *predBatch) error {
		w.idx = w.q.quantizeBatch(vals, rec, b, w.idx)
		return nil
	}
}

// walk quantises the field's levels top down to shift+1 over vals and
// rec, which hold every 2^shift-th value of the field.
func (w *interpWalker) walk(vals, rec []float64, top, shift int) {
	const step = 1 << compactShift
	next := shift + compactShift
	if len(vals) >= w.min && top > next && w.anchor%(1<<next) == 0 {
		m := (len(vals)-1)/step + 1
		cp := compactPool.get(2 * m)
		defer compactPool.put(cp)
		cv, cr := (*cp)[:m], (*cp)[m:2*m]
		for j := range cv {
			cv[j] = vals[j*step]
		}
		// Of rec, only the anchors (or the first value) are written yet.
		if a := int(w.anchor >> shift); a == 0 {
			cr[0] = rec[0]
		} else {
			for i := 0; i < len(rec); i += a {
				cr[i/step] = rec[i]
			}
		}
		w.walk(cv, cr, top, next)
		for j, x := range cr {
			rec[j*step] = x
		}
		top = next
	}
	_ = w.p.runLevels(rec, w.q, w.b, top, shift+1, shift, w.quantize(vals, rec))
}

// interpInner appends to dst the inner buffer of vals under the
// interpolation decomposition, rec being scratch for the reconstruction.
func interpInner(dst []byte, vals, rec []float64, eb float64, p interpParams) ([]byte, error) {
	q := newQuantizer(eb, defaultBins/2)
	ip := indexPool.get(len(vals))
	defer indexPool.put(ip)
	cp := q.startCounts()
	defer q.stopCounts(cp, ip)
	*ip = interpQuantize(vals, rec, p, q, *ip)
	p.dim = uint64(len(vals))
	_, p.anchor = p.levels() // SZ3 stores the effective stride
	c, err := buildHuffmanCounts(q.counts, len(*ip))
	if err != nil {
		return nil, err
	}
	return appendCoded(q.appendTo(p.appendTo(dst)), *ip, c), nil
}

// startCounts makes q count the indices it records in a table of
// countPool, which stopCounts returns. It asks for the size
// buildHuffmanSpan asks for (two tables of 2·radius), so that the pool
// does not trade its tables for smaller ones and allocate afresh.
func (q *quantizer) startCounts() *[]uint64 {
	cp := countPool.get(4 * int(q.radius))
	q.counts = (*cp)[:2*q.radius]
	return cp
}

// stopCounts zeroes the counts of the indices in *idx and returns their
// table cp to countPool.
func (q *quantizer) stopCounts(cp *[]uint64, idx *[]int32) {
	clearCounts(q.counts, len(*idx))
	q.counts = nil
	countPool.put(cp)
}

// appendIndices writes the Huffman tree, the index count and the codes.
func appendIndices(dst []byte, idx []int32, radius int32) ([]byte, error) {
	c, err := buildHuffmanSpan(idx, 2*radius)
	if err != nil {
		return nil, err
	}
	return appendCoded(dst, idx, c), nil
}

// appendCoded is appendIndices with the code c of idx, which it releases.
func appendCoded(dst []byte, idx []int32, c *huffCode) []byte {
	defer c.release()
	dst = slices.Grow(dst, c.encodedLen())
	dst = le64(c.appendTree(dst), uint64(len(idx)))
	return c.appendCoded(dst, idx)
}

// lorenzoQuantize quantises work with the block-wise Lorenzo
// decomposition in blocks of bs values, appending the per-block predictor
// choices to sel and the indices to idx.
func lorenzoQuantize(work []float64, q *quantizer, bs int, sel, idx []int32) ([]int32, []int32) {
	for start := 0; start < len(work); start += bs {
		end := min(start+bs, len(work))
		s := chooseLorenzo(work, start, end, q.eb)
		sel = append(sel, s)
		for i := start; i < end; i++ {
			idx = append(idx, q.quantize(&work[i], lorenzoPredict(work, i, s)))
		}
	}
	return sel, idx
}

// lorenzoInner appends to dst the inner buffer of work under the
// block-wise Lorenzo decomposition.
func lorenzoInner(dst []byte, work []float64, eb float64, radius int32, bs int) ([]byte, error) {
	q := newQuantizer(eb, radius)
	ip := indexPool.get(len(work))
	defer indexPool.put(ip)
	sp := indexPool.get(blockCount(len(work), int32(bs)))
	defer indexPool.put(sp)
	sel, idx := lorenzoQuantize(work, q, bs, *sp, *ip)
	return lorenzoSerialise(dst, q, sel, idx)
}

// lorenzoSerialise appends the selections, the quantiser and the indices
// to dst.
func lorenzoSerialise(dst []byte, q *quantizer, sel, idx []int32) ([]byte, error) {
	c, err := buildHuffmanSpan(idx, 2*q.radius)
	if err != nil {
		return nil, err
	}
	return lorenzoSerialiseCoded(dst, q, sel, idx, c)
}

// lorenzoSerialiseCoded is lorenzoSerialise with the code c of idx, which
// it releases.
func lorenzoSerialiseCoded(dst []byte, q *quantizer, sel, idx []int32, c *huffCode) ([]byte, error) {
	inner, err := appendHuffman(le64(dst, uint64(len(sel))), sel)
	if err != nil {
		c.release()
		return nil, err
	}
	return appendCoded(q.appendTo(inner), idx, c), nil
}

// chooseLorenzo estimates both predictors on the block's original values
// (earlier blocks already reconstructed) with SZ3's noise allowances
// (0.5·eb for 1st order, 1.08·eb for 2nd) and returns the better one.
func chooseLorenzo(v []float64, start, end int, eb float64) int32 {
	var e1, e2 float64
	for i := start; i < end; i++ {
		e1 += math.Abs(v[i]-lorenzoPredict(v, i, lorenzo1)) + 0.5*eb
		e2 += math.Abs(v[i]-lorenzoPredict(v, i, lorenzo2)) + 1.08*eb
	}
	if e2 < e1 {
		return lorenzo2
	}
	return lorenzo1
}
