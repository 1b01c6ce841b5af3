package main

/*
#include "tg_capi.h"
*/
import "C"

import (
	"unsafe"

	"github.com/tensogram-go/tensogram-go/core/pyapi"
)

// tg_compute_packing_params derives simple_packing parameters for values[0:n]
// (upstream compute_packing_params, rules in pyapi.PackingParams): *ref and
// *bsf receive the reference value and binary scale factor.
//
//export tg_compute_packing_params
func tg_compute_packing_params(values *C.double, n C.size_t, bits C.uint64_t, dsf C.int64_t, ref *C.double, bsf *C.int64_t, err *C.tg_error) C.int32_t {
	return run(err, func() error {
		if n > 0 && values == nil {
			return errorf(statusValue, "NULL values")
		}
		var vals []float64
		if n > 0 {
			vals = unsafe.Slice((*float64)(unsafe.Pointer(values)), int(n))
		}
		r, b, e := pyapi.PackingParams(vals, uint64(bits), int64(dsf))
		if e != nil {
			return e
		}
		*ref, *bsf = C.double(r), C.int64_t(b)
		return nil
	})
}

// tg_doctor writes upstream's doctor() report (CBOR, upstream key order;
// pyapi.Doctor) through alloc.
//
//export tg_doctor
func tg_doctor(alloc C.tg_alloc_fn, ctx unsafe.Pointer, err *C.tg_error) C.int32_t {
	return run(err, func() error {
		return (&cAllocator{fn: alloc, ctx: ctx}).emit(pyapi.Doctor())
	})
}

// tg_stages writes the registered pipeline stage names of this build as a
// CBOR map {"encoding": [...], "filter": [...], "compression": [...]}
// through alloc.
//
//export tg_stages
func tg_stages(alloc C.tg_alloc_fn, ctx unsafe.Pointer, err *C.tg_error) C.int32_t {
	return run(err, func() error {
		return (&cAllocator{fn: alloc, ctx: ctx}).emit(pyapi.Stages())
	})
}
