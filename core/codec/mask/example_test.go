package mask_test

import (
	"encoding/binary"
	"errors"
	"fmt"
	"log"
	"math"

	"github.com/tensogram-go/tensogram-go/core/codec/mask"
)

// Substitute replaces NaN and ±Inf by zero and records where they were;
// EncodeBlob/DecodeBlob store a bitmap compactly; Restore writes the
// non-finite values back.
func Example() {
	vals := []float64{1, math.NaN(), 3, math.Inf(-1)}
	data := make([]byte, 8*len(vals))
	for i, v := range vals {
		binary.LittleEndian.PutUint64(data[8*i:], math.Float64bits(v))
	}
	out, masks, err := mask.Substitute(data, mask.Float64, false, mask.Policy{AllowNaN: true, AllowInf: true})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(math.Float64frombits(binary.LittleEndian.Uint64(out[8:])), masks[mask.NaN].Get(1), masks[mask.NegInf].Count(), masks[mask.PosInf] == nil)

	blob, err := mask.EncodeBlob(masks[mask.NaN], mask.MethodRLE, 0)
	if err != nil {
		log.Fatal(err)
	}
	nan, err := mask.DecodeBlob(blob, len(vals), mask.MethodRLE)
	if err != nil {
		log.Fatal(err)
	}
	if err := mask.Restore(out, mask.Float64, false, mask.Masks{nan, nil, masks[mask.NegInf]}); err != nil {
		log.Fatal(err)
	}
	restored := make([]float64, len(vals))
	for i := range vals {
		restored[i] = math.Float64frombits(binary.LittleEndian.Uint64(out[8*i:]))
	}
	fmt.Println(restored)

	_, _, err = mask.Substitute(data, mask.Float64, false, mask.Policy{})
	var nf *mask.NonFiniteError
	fmt.Println(errors.As(err, &nf), nf.Kind, nf.Index)
	// Output:
	// 0 true 1 true
	// [1 NaN 3 -Inf]
	// true nan 1
}
