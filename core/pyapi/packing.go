package pyapi

import (
	"errors"
	"math"

	"github.com/tensogram-go/tensogram-go/core/codec/simplepacking"
)

// PackingParams applies upstream's compute_packing_params(values,
// bits_per_value, decimal_scale_factor): the simple_packing reference value
// and binary scale factor for values. bits above 64 and a NaN or ±Inf value
// are ValueErrors; a decimal scale factor outside int32 is an OverflowError.
func PackingParams(values []float64, bits uint64, dsf int64) (ref float64, bsf int64, err error) {
	if bits > simplepacking.MaxBits {
		return 0, 0, valueErrorf("bits_per_value %d exceeds maximum of 64", bits)
	}
	if dsf < math.MinInt32 || dsf > math.MaxInt32 {
		return 0, 0, &Error{Class: OverflowError, Msg: "out of range integral type conversion attempted"}
	}
	p, err := simplepacking.ComputeParams(values, uint32(bits), int32(dsf))
	if err != nil {
		var ve *simplepacking.ValueError
		if errors.As(err, &ve) {
			return 0, 0, valueErrorf("%s", ve.Error())
		}
		return 0, 0, valueErrorf("%v", err)
	}
	return p.ReferenceValue, int64(p.BinaryScaleFactor), nil
}
