package sz3

import "testing"

// BenchmarkTuneRandn times the tuner alone on the encode benchmark's
// 1M standard-normal field at abs 0.01 (also in CPU time: user-ms/op,
// sys-ms/op).
func BenchmarkTuneRandn(b *testing.B) {
	v := randnField()
	b.ResetTimer()
	u0, s0 := cpuTime()
	for range b.N {
		tune(v, 0.01)
	}
	reportCPU(b, u0, s0)
}
