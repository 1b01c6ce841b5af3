package sz3

import (
	"encoding/binary"
	"math"
	"slices"

	"github.com/tensogram-go/tensogram-go/core/codec/internal/codecerr"
)

const quantizerUID = 0b10 // SZ3's LinearQuantizer tag

// quantizer is SZ3's linear quantiser: index radius+k reconstructs
// pred + 2k·eb; index 0 takes the next value stored verbatim.
type quantizer struct {
	eb     float64
	recip  float64 // 1/eb, used when quantising
	radius int32
	unpred []float64 // values stored verbatim, in use order
	next   int       // decode: next unpred value
	// counts, when set (2·radius entries), counts every index
	// quantizeBatch and interpQuantize's anchors record.
	counts []uint64
}

func newQuantizer(eb float64, radius int32) *quantizer {
	return &quantizer{eb: eb, recip: 1 / eb, radius: radius}
}

// setEB changes the bound, as SZ3 does per interpolation level.
func (q *quantizer) setEB(eb float64) {
	q.eb = eb
	q.recip = 1 / eb
}

// Serialised quantiser: uid u8 | eb f64 | radius i32 | count u64 | values.
// maxUnpred caps the count (the number of values the stream decodes to).
func loadQuantizer(r *reader, maxUnpred int) (*quantizer, error) {
	uid := r.u8("quantizer")
	eb := r.f64("quantizer")
	radius := r.i32("quantizer")
	n := r.u64("quantizer")
	if r.err != nil {
		return nil, r.err
	}
	if uid != quantizerUID {
		return nil, codecerr.Errorf(ErrCorrupt, "quantizer tag %d", uid)
	}
	if n > uint64(maxUnpred) || 8*n > uint64(r.remaining()) {
		return nil, codecerr.Errorf(ErrCorrupt, "%d verbatim values", n)
	}
	q := newQuantizer(eb, radius)
	b := r.take(8*n, "quantizer")
	q.unpred = make([]float64, n)
	for i := range q.unpred {
		q.unpred[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
	}
	return q, nil
}

func (q *quantizer) appendTo(dst []byte) []byte {
	dst = append(dst, quantizerUID)
	dst = binary.LittleEndian.AppendUint64(dst, math.Float64bits(q.eb))
	dst = binary.LittleEndian.AppendUint32(dst, uint32(q.radius))
	dst = binary.LittleEndian.AppendUint64(dst, uint64(len(q.unpred)))
	for _, v := range q.unpred {
		dst = binary.LittleEndian.AppendUint64(dst, math.Float64bits(v))
	}
	return dst
}

// errUnpred reports a stream that refers to more verbatim values than it
// stores.
var errUnpred = codecerr.Errorf(ErrCorrupt, "more verbatim values used than stored")

// recover reconstructs the value with prediction pred and index idx. The
// explicit float64 conversion keeps the product rounded on its own (no
// fused multiply-add), as in SZ3.
func (q *quantizer) recover(pred float64, idx int32) (float64, error) {
	if idx != 0 {
		return pred + float64(float64(2*(int64(idx)-int64(q.radius)))*q.eb), nil
	}
	return q.verbatim()
}

// recoverBatch stores in v the reconstruction of every value of the
// batch, as recover does one by one; idx holds one index per value.
func (q *quantizer) recoverBatch(v []float64, b *predBatch, idx []int32) error {
	eb, radius := q.eb, int64(q.radius)
	pred := b.pred[:len(b.pos)]
	idx = idx[:len(b.pos)]
	for j, i := range b.pos {
		if k := idx[j]; k != 0 {
			v[i] = pred[j] + float64(float64(2*(int64(k)-radius))*eb)
			continue
		}
		x, err := q.verbatim()
		if err != nil {
			return err
		}
		v[i] = x
	}
	return nil
}

func (q *quantizer) verbatim() (float64, error) {
	if q.next >= len(q.unpred) {
		return 0, errUnpred
	}
	v := q.unpred[q.next]
	q.next++
	return v, nil
}

// quantize returns the index for value *x with prediction pred and
// replaces *x by its reconstruction; out-of-range or inexact values are
// stored verbatim (index 0).
func (q *quantizer) quantize(x *float64, pred float64) int32 {
	diff := *x - pred
	// SZ3 tests trunc(a)+1 < 2·radius; a < 2·radius-1 is the same test
	// for finite a and also sends NaN and huge ratios to the verbatim list.
	if a := math.Abs(diff) * q.recip; a < float64(2*int64(q.radius)-1) {
		k := int64(a) + 1
		k >>= 1
		half := int32(k)
		k <<= 1
		var idx int32
		if diff < 0 {
			k = -k
			idx = q.radius - half
		} else {
			idx = q.radius + half
		}
		rec := pred + float64(float64(k)*q.eb)
		if math.Abs(rec-*x) <= q.eb {
			*x = rec
			return idx
		}
	}
	q.unpred = append(q.unpred, *x)
	return 0
}

// quantizeBatch quantises the batch's values of vals in order, with the
// same results as quantize one by one (so the same indices and
// reconstructions), storing each reconstruction (or the value itself when
// it goes verbatim) in rec and appending the indices to idx. It computes
// them without math.Abs (a round trip through an integer register on
// amd64): t = (x−p)/eb is |x−p|·(1/eb) with the sign of x−p (rounding is
// sign-symmetric) and int64 truncates toward zero, so k = ±round-half-
// up(|t|/2) follows from trunc(t) by sign arithmetic (−0 and |t| < 1 give
// k = 0); when |t| is out of range (or NaN) the conversion's result is
// meaningless but the value goes verbatim. Each index is counted in
// q.counts when set. The loop (quantizeLoop) only counts verbatim values;
// a second pass, run when there are any, appends them to q.unpred in
// order (their index is 0 and no other index is), which keeps the growth
// of q.unpred and its call out of the loop's registers.
func (q *quantizer) quantizeBatch(vals, rec []float64, b *predBatch, idx []int32) []int32 {
	n := len(b.pos)
	at := len(idx)
	idx = slices.Grow(idx, n)[:at+n]
	out := idx[at : at+n]
	pos := b.pos[:n]
	if quantizeLoop(vals, rec, pos, b.pred[:n], out, q.counts, q.eb, q.recip, q.radius) > 0 {
		q.appendVerbatim(vals, pos, out)
	}
	return idx
}

// quantizeLoop is quantizeBatch's loop (a leaf function, which keeps its
// state in registers): it quantises vals[pos[j]] with prediction pred[j]
// (len(rec) = len(vals), len(pred) and len(out) ≥ len(pos)), counts each
// index in counts unless it is nil, and returns the number of values that
// go verbatim.
func quantizeLoop(vals, rec []float64, pos []int, pred []float64, out []int32, counts []uint64, eb, recip float64, radius int32) int {
	limit := float64(2*int64(radius) - 1)
	negLimit, negEB := -limit, -eb
	rec, pred, out = rec[:len(vals)], pred[:len(pos)], out[:len(pos)]
	miss := 0
	for j, i := range pos {
		x, p := vals[i], pred[j]
		t := (x - p) * recip
		tt := int64(t)
		neg := tt >> 63
		k := (((tt^neg)-neg+1)>>1 ^ neg) - neg
		r := p + float64(float64(2*k)*eb)
		if e := r - x; t < limit && t > negLimit && e <= eb && e >= negEB {
			s := radius + int32(k)
			rec[i], out[j] = r, s
			if counts != nil {
				counts[s]++
			}
			continue
		}
		rec[i], out[j] = x, 0
		if counts != nil {
			counts[0]++
		}
		miss++
	}
	return miss
}

// appendVerbatim appends to q.unpred, in order, the values vals[pos[j]]
// whose index out[j] is 0. It is kept out of line so that its call does
// not cost quantizeBatch's loop registers.
//
//go:noinline
func (q *quantizer) appendVerbatim(vals []float64, pos []int, out []int32) {
	for j, k := range out {
		if k == 0 {
			q.unpred = append(q.unpred, vals[pos[j]])
		}
	}
}
