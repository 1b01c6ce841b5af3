package main

/*
#include "tg_capi.h"
*/
import "C"

import (
	"errors"
	"unsafe"

	"github.com/tensogram-go/tensogram-go/core/codec/simplepacking"
)

// tg_compute_packing_params derives simple_packing parameters for values[0:n]
// (upstream compute_packing_params): *ref and *bsf receive the reference
// value and binary scale factor.
//
//export tg_compute_packing_params
func tg_compute_packing_params(values *C.double, n C.size_t, bits C.uint64_t, dsf C.int64_t, ref *C.double, bsf *C.int64_t, err *C.tg_error) C.int32_t {
	return run(err, func() error {
		if n > 0 && values == nil {
			return errorf(statusValue, "NULL values")
		}
		if bits > simplepacking.MaxBits {
			return errorf(statusValue, "bits_per_value %d exceeds maximum of 64", uint64(bits))
		}
		if dsf < -(1<<31) || dsf >= 1<<31 {
			return errorf(statusOverflow, "out of range integral type conversion attempted")
		}
		var vals []float64
		if n > 0 {
			vals = unsafe.Slice((*float64)(unsafe.Pointer(values)), int(n))
		}
		p, e := simplepacking.ComputeParams(vals, uint32(bits), int32(dsf))
		if e != nil {
			var ve *simplepacking.ValueError
			if errors.As(e, &ve) {
				return errorf(statusValue, "%s", ve.Error())
			}
			return errorf(statusValue, "%v", e)
		}
		*ref, *bsf = C.double(p.ReferenceValue), C.int64_t(p.BinaryScaleFactor)
		return nil
	})
}
