package simplepacking

import (
	"math/rand"
	"testing"
)

// BenchmarkPutSamples24: the quantising half of the fused sp24+szip encode
// (64K big-endian float64 into 24-bit samples).
func BenchmarkPutSamples24(b *testing.B) {
	vals := make([]float64, 1<<16)
	r := rand.New(rand.NewSource(1))
	for i := range vals {
		vals[i] = 280 + 30*r.Float64()
	}
	src := toBE(vals)
	q, _ := NewQuantiser(Params{ReferenceValue: 280, BinaryScaleFactor: -19, BitsPerValue: 24})
	out := make([]uint32, len(vals))
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		q.PutSamples(out, src, true)
	}
}
