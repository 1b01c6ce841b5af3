package simplepacking_test

import (
	"fmt"
	"log"

	"github.com/tensogram-go/tensogram-go/core/codec/simplepacking"
)

// Quantise values to 12 bits: ComputeParams picks the reference value
// and scale factors, Encode packs, Decode and DecodeRange unpack to
// float64 within half a quantisation step (2^-5/2 here).
func Example() {
	values := make([]float64, 1000)
	for i := range values {
		values[i] = 250 + float64(i)/10
	}
	p, err := simplepacking.ComputeParams(values, 12, 0)
	if err != nil {
		log.Fatal(err)
	}
	packed, err := simplepacking.Encode(values, p, simplepacking.WithThreads(2))
	if err != nil {
		log.Fatal(err)
	}
	back, err := simplepacking.Decode(packed, len(values), p)
	if err != nil {
		log.Fatal(err)
	}
	part, err := simplepacking.DecodeRange(packed, len(values), 500, 2, p)
	if err != nil {
		log.Fatal(err)
	}
	maxErr := 0.0
	for i, v := range back {
		maxErr = max(maxErr, abs(v-values[i]))
	}
	fmt.Println(p.ReferenceValue, p.BinaryScaleFactor, p.BitsPerValue, len(packed))
	fmt.Printf("max error %.4f, values 500..501 ≈ %.2f %.2f\n", maxErr, part[0], part[1])
	// Output:
	// 250 -5 12 1500
	// max error 0.0125, values 500..501 ≈ 300.00 300.09
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
