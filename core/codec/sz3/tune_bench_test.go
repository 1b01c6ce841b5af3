package sz3

import "testing"

// BenchmarkTuneRandn times the tuner alone on the encode benchmark's
// 1M standard-normal field at abs 0.01.
func BenchmarkTuneRandn(b *testing.B) {
	v := randnField()
	b.ResetTimer()
	for range b.N {
		tune(v, 0.01)
	}
}
