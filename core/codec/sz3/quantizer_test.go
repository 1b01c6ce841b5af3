package sz3

import (
	"math"
	"math/rand"
	"testing"
)

// quantizeBatch must give quantize's indices, reconstructions and
// verbatim values, including for signed zeros, NaN, infinities and
// differences at the edge of the index range.
func TestQuantizeBatchMatchesQuantize(t *testing.T) {
	rng := rand.New(rand.NewSource(9))
	const eb, radius = 0.01, 512
	edge := 2 * eb * (radius - 1)
	special := []float64{0, math.Copysign(0, -1), math.NaN(), math.Inf(1), math.Inf(-1), eb, -eb, 3 * eb, -3 * eb,
		edge, -edge, math.Nextafter(edge, 0), -math.Nextafter(edge, 0), edge + eb, -edge - eb, 1e300, -1e300}
	var b predBatch
	var vals []float64
	for i := 0; i < 4000; i++ {
		var x, p float64
		if i < len(special)*len(special) {
			x, p = special[i%len(special)], special[i/len(special)]
		} else {
			p = rng.NormFloat64()
			x = p + rng.NormFloat64()*math.Pow(10, float64(rng.Intn(6)-4))
		}
		b.add(len(vals), p)
		vals = append(vals, x)
	}
	qa, qb := newQuantizer(eb, radius), newQuantizer(eb, radius)
	rec := make([]float64, len(vals))
	idx := qb.quantizeBatch(vals, rec, &b, nil)
	for j, i := range b.pos {
		x := vals[i]
		want := qa.quantize(&x, b.pred[j])
		if idx[j] != want || math.Float64bits(rec[i]) != math.Float64bits(x) {
			t.Fatalf("value %v predicted %v: batch %d -> %v, one by one %d -> %v", vals[i], b.pred[j], idx[j], rec[i], want, x)
		}
	}
	if len(qa.unpred) != len(qb.unpred) {
		t.Fatalf("%d verbatim values one by one, %d in the batch", len(qa.unpred), len(qb.unpred))
	}
	for k := range qa.unpred {
		if math.Float64bits(qa.unpred[k]) != math.Float64bits(qb.unpred[k]) {
			t.Fatalf("verbatim value %d: %v vs %v", k, qa.unpred[k], qb.unpred[k])
		}
	}
}
