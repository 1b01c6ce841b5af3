package zfp

import (
	"math"
	"math/rand/v2"
)

// Test data kinds shared by the oracle comparison and the fuzz seeds.
var dataKinds = []string{"smooth", "noisy", "constant", "zeros", "denormal", "huge", "tiny", "mixed", "nonfinite", "ints"}

// genData returns n values of a kind, deterministic for a seed.
func genData(kind string, n int, seed uint64) []float64 {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	v := make([]float64, n)
	for i := range v {
		t := float64(i) / float64(max(n, 1))
		switch kind {
		case "smooth":
			v[i] = math.Sin(6*t) * 300
		case "noisy":
			v[i] = rng.NormFloat64() * 1e3
		case "constant":
			v[i] = 271.15
		case "zeros":
			v[i] = 0
		case "denormal":
			v[i] = float64(rng.IntN(1<<20)-1<<19) * 5e-324
		case "huge":
			v[i] = (rng.Float64()*2 - 1) * math.MaxFloat64
		case "tiny":
			v[i] = rng.NormFloat64() * math.Ldexp(1, -960-rng.IntN(60))
		case "mixed":
			v[i] = rng.NormFloat64() * math.Ldexp(1, rng.IntN(200)-100)
		case "nonfinite":
			switch rng.IntN(6) {
			case 0:
				v[i] = math.NaN()
			case 1:
				v[i] = math.Inf(1)
			case 2:
				v[i] = math.Inf(-1)
			default:
				v[i] = rng.NormFloat64()
			}
		case "ints":
			v[i] = float64(rng.IntN(2000) - 1000)
		}
	}
	return v
}

// testModes are the mode settings the comparisons sweep.
var testModes = []Params{
	{Mode: FixedRate, Rate: 0},
	{Mode: FixedRate, Rate: 1},
	{Mode: FixedRate, Rate: 3.1},
	{Mode: FixedRate, Rate: 8},
	{Mode: FixedRate, Rate: 16},
	{Mode: FixedRate, Rate: 23.4},
	{Mode: FixedRate, Rate: 32},
	{Mode: FixedRate, Rate: 64},
	{Mode: FixedRate, Rate: 80},
	{Mode: FixedPrecision, Precision: 0},
	{Mode: FixedPrecision, Precision: 1},
	{Mode: FixedPrecision, Precision: 7},
	{Mode: FixedPrecision, Precision: 20},
	{Mode: FixedPrecision, Precision: 48},
	{Mode: FixedPrecision, Precision: 64},
	{Mode: FixedPrecision, Precision: 100},
	{Mode: FixedAccuracy, Tolerance: 1e-12},
	{Mode: FixedAccuracy, Tolerance: 1e-3},
	{Mode: FixedAccuracy, Tolerance: 0.5},
	{Mode: FixedAccuracy, Tolerance: 1},
	{Mode: FixedAccuracy, Tolerance: 1e300},
	{Mode: FixedAccuracy, Tolerance: 5e-324},
	{Mode: FixedAccuracy, Tolerance: math.Inf(1)},
}

var testSizes = []int{1, 2, 3, 4, 5, 7, 8, 9, 13, 64, 1001}
