package sz3

import (
	"math"
	"math/bits"
	"slices"
	"sync"

	"github.com/tensogram-go/tensogram-go/core/codec/internal/codecerr"
)

// interpParams is the interpolation decomposition's serialised state:
// dim u64 | block size u32 | interpolator i32 | direction i32 |
// anchor stride u64 | alpha f64 | beta f64, then the quantiser.
type interpParams struct {
	dim       uint64
	blockSize uint32
	cubic     bool
	direction int32
	anchor    uint64 // 0: no anchor grid
	alpha     float64
	beta      float64
}

func loadInterpParams(r *reader) (interpParams, error) {
	var p interpParams
	p.dim = r.u64("interpolation")
	p.blockSize = r.u32("interpolation")
	algo := r.i32("interpolation")
	p.direction = r.i32("interpolation")
	p.anchor = r.u64("interpolation")
	p.alpha = r.f64("interpolation")
	p.beta = r.f64("interpolation")
	if r.err != nil {
		return p, r.err
	}
	switch {
	case algo != 0 && algo != 1:
		return p, codecerr.Errorf(ErrCorrupt, "interpolator %d", algo)
	case p.blockSize == 0:
		return p, codecerr.Errorf(ErrCorrupt, "interpolation block size 0")
	case p.blockSize%2 == 1:
		// SZ3 writes even sizes (this package and upstream: 32). An odd
		// block predicts its end point, which the next block reads before
		// it is reconstructed in this decoder's batched order, and some
		// points would never be predicted: refuse rather than decode wrong.
		return p, codecerr.Errorf(ErrUnsupported, "odd interpolation block size %d", p.blockSize)
	case p.anchor&(p.anchor-1) != 0:
		return p, codecerr.Errorf(ErrCorrupt, "anchor stride %d is not a power of two", p.anchor)
	}
	p.cubic = algo == 1
	return p, nil
}

func (p *interpParams) appendTo(dst []byte) []byte {
	dst = le64(dst, p.dim)
	dst = le32(dst, p.blockSize)
	algo := uint32(0)
	if p.cubic {
		algo = 1
	}
	dst = le32(dst, algo)
	dst = le32(dst, uint32(p.direction))
	dst = le64(dst, p.anchor)
	dst = le64(dst, math.Float64bits(p.alpha))
	return le64(dst, math.Float64bits(p.beta))
}

// levels returns the number of interpolation levels and the effective
// anchor stride (0 when the field is no longer than the stride).
func (p *interpParams) levels() (int, uint64) {
	level := bits.Len64(p.dim - 1) // ceil(log2(dim)) for dim ≥ 1
	anchor := p.anchor
	if p.dim <= anchor {
		anchor = 0
	}
	if anchor > 0 {
		if m := bits.Len64(anchor); m <= level { // log2(anchor)+1
			level = m
		}
	}
	return level, anchor
}

// levelEB is the bound SZ3 uses on a level: alpha < 0 halves it on levels
// ≥ 3; alpha ≥ 1 divides it by min(alpha^(level-1), beta); otherwise the
// bound in force is kept (ok=false).
func (p *interpParams) levelEB(eb float64, level int) (float64, bool) {
	switch {
	case p.alpha < 0:
		if level >= 3 {
			return eb * 0.5, true
		}
		return eb, true
	case p.alpha >= 1:
		ratio := math.Pow(p.alpha, float64(level-1))
		if ratio > p.beta {
			ratio = p.beta
		}
		return eb / ratio, true
	}
	return 0, false
}

// predBatch holds a run of blocks' predictions in SZ3's order: value
// index pos[k] is predicted as pred[k]. On a level, the predicted values
// (odd multiples of the stride) are computed only from values at even
// multiples, reconstructed on coarser levels, so any run of a level's
// blocks can be predicted before any of it is reconstructed.
type predBatch struct {
	pos  []int
	pred []float64
}

// batchPool recycles batches (runInterp's, of up to about batchSize
// predictions).
var batchPool = sync.Pool{New: func() any { return new(predBatch) }}

// reset empties the batch and makes room for n predictions.
func (b *predBatch) reset(n int) {
	b.pos, b.pred = b.pos[:0], b.pred[:0]
	b.grow(n)
}

// grow makes room for n more predictions.
func (b *predBatch) grow(n int) {
	b.pos, b.pred = slices.Grow(b.pos, n), slices.Grow(b.pred, n)
}

func (b *predBatch) add(i int, pred float64) {
	b.pos = append(b.pos, i)
	b.pred = append(b.pred, pred)
}

// visit calls f with the level's predictions in SZ3's order: blocks of
// blockSize·stride values, each interpolated along the stride with linear
// or cubic (quadratic at the edges) formulas over values already
// reconstructed. f must store the reconstruction of every predicted value
// in v before returning. Consecutive blocks go to f as one batch of about
// batchSize predictions (the same predictions in the same order, with
// less work per block). Under linear interpolation with an even block
// size, a full block's predictions are its odd multiples of the stride in
// ascending order with no edge point, so consecutive full blocks are
// predicted by one pass.
func (p *interpParams) visit(v []float64, level int, b *predBatch, f func(*predBatch) error) error {
	stride := 1 << (level - 1)
	block := uint64(len(v)) // one block when blockSize·stride would overflow
	if bits.Len32(p.blockSize)+level-1 < 63 {
		block = max(uint64(p.blockSize)<<(level-1), 1)
	}
	group := max(batchSize/max(uint64(p.blockSize/2), 1), 1) // blocks per batch
	merge := !p.cubic && p.blockSize%2 == 0
	last := uint64(len(v) - 1)
	for start, done := uint64(0), false; !done; {
		b.reset(0)
		for g := uint64(0); g < group && !done; {
			end, blocks := start+block, uint64(1)
			if end > last || end < start {
				end = last
			} else if full := (last - start) / block; merge && full > 1 {
				blocks = min(group-g, full)
				end = start + blocks*block
			}
			interp1D(v, int(start), int(end), stride, p.cubic, b)
			g += blocks
			done = end == last
			start = end
		}
		if len(b.pos) > 0 {
			if err := f(b); err != nil {
				return err
			}
		}
	}
	return nil
}

// batchSize is about the most predictions visit puts in one batch of
// consecutive blocks.
const batchSize = 512

// interp1D appends to b the predictions of the odd multiples of stride
// between begin and end.
func interp1D(v []float64, begin, end, s int, cubic bool, b *predBatch) {
	n := (end-begin)/s + 1
	if n <= 1 {
		return
	}
	b.grow(n/2 + 1)
	at := len(b.pos)
	if !cubic || n < 5 {
		m := (n - 1) / 2 // interior points
		pos, pred := b.pos[at:at+m], b.pred[at:at+m]
		i := begin + s
		for j := range pos {
			pos[j], pred[j] = i, linear(v[i-s], v[i+s])
			i += 2 * s
		}
		b.pos, b.pred = b.pos[:at+m], b.pred[:at+m]
		if n%2 == 0 {
			i := begin + (n-1)*s
			pred := v[i-s]
			if n >= 4 {
				pred = linearExtrap(v[i-3*s], v[i-s])
			}
			b.add(i, pred)
		}
		return
	}
	m := (n - 5) / 2 // interior cubic points: k = 3, 5, ... while k+3 < n
	pos, pred := b.pos[at:at+m], b.pred[at:at+m]
	i := begin + 3*s
	for j := range pos {
		pos[j], pred[j] = i, cubicInterp(v[i-3*s], v[i-s], v[i+s], v[i+3*s])
		i += 2 * s
	}
	b.pos, b.pred = b.pos[:at+m], b.pred[:at+m]
	i = begin + s
	b.add(i, quad1(v[i-s], v[i+s], v[i+3*s]))
	i = begin + (3+2*m)*s
	b.add(i, quad2(v[i-3*s], v[i-s], v[i+s]))
	if n%2 == 0 {
		i = begin + (n-1)*s
		b.add(i, quad3(v[i-5*s], v[i-3*s], v[i-s]))
	}
}

// The interpolators, with SZ3's operation order; float64() around each
// product forbids fusing it into an FMA.

func linear(a, b float64) float64 { return (a + b) / 2 }

func linearExtrap(a, b float64) float64 { return float64(-0.5*a) + float64(1.5*b) }

func quad1(a, b, c float64) float64 { return (float64(3*a) + float64(6*b) - c) / 8 }

func quad2(a, b, c float64) float64 { return (-a + float64(6*b) + float64(3*c)) / 8 }

func quad3(a, b, c float64) float64 { return (float64(3*a) - float64(10*b) + float64(15*c)) / 8 }

func cubicInterp(a, b, c, d float64) float64 {
	return (-a + float64(9*b) + float64(9*c) - d) / 16
}
