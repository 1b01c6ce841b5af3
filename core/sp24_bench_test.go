package core

import "testing"

// BenchmarkEncode2MFloat64SP24SzipExplicit is the Python workload of the
// sp24+szip comparison with upstream: 2M float64, parameters given
// explicitly (compute_packing_params), hashing on, one thread.
func BenchmarkEncode2MFloat64SP24SzipExplicit(b *testing.B) {
	const n = 2_000_000
	data := smoothField(n)
	d := spSzipDesc(n, 24)
	if err := resolveSimplePacking(Float64, d.Params, data, NativeOrder); err != nil {
		b.Fatal(err)
	}
	in := []EncodeInput{{Descriptor: d, Data: data, DataOrder: NativeOrder}}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Encode(nil, in, &EncodeOptions{Threads: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
