package main

/*
#include "tg_capi.h"
*/
import "C"

import "github.com/tensogram-go/tensogram-go/core"

// kindOf returns the TG_KIND_* of the array a decoded object becomes, as
// upstream's Python API builds it: the descriptor's dtype, except that
// simple_packing always decodes to float64 and bitmask to flat uint8.
func kindOf(d *core.Descriptor) C.int32_t {
	if d.Encoding == "simple_packing" {
		return C.TG_KIND_F64
	}
	switch d.DType {
	case core.Uint8, core.Bitmask:
		return C.TG_KIND_U8
	case core.Int8:
		return C.TG_KIND_I8
	case core.Uint16:
		return C.TG_KIND_U16
	case core.Int16:
		return C.TG_KIND_I16
	case core.Uint32:
		return C.TG_KIND_U32
	case core.Int32:
		return C.TG_KIND_I32
	case core.Uint64:
		return C.TG_KIND_U64
	case core.Int64:
		return C.TG_KIND_I64
	case core.Float16:
		return C.TG_KIND_F16
	case core.BFloat16:
		return C.TG_KIND_BF16
	case core.Float32:
		return C.TG_KIND_F32
	case core.Float64:
		return C.TG_KIND_F64
	case core.Complex64:
		return C.TG_KIND_C64
	case core.Complex128:
		return C.TG_KIND_C128
	}
	return C.TG_KIND_U8
}

// kindSize is the element size of a TG_KIND_*.
func kindSize(k C.int32_t) int {
	switch k {
	case C.TG_KIND_U8, C.TG_KIND_I8, C.TG_KIND_BOOL:
		return 1
	case C.TG_KIND_U16, C.TG_KIND_I16, C.TG_KIND_F16, C.TG_KIND_BF16:
		return 2
	case C.TG_KIND_U32, C.TG_KIND_I32, C.TG_KIND_F32:
		return 4
	case C.TG_KIND_C128:
		return 16
	}
	return 8
}

// arrayShape is the shape of the array for a decoded object of size bytes.
func arrayShape(d *core.Descriptor, size int) []uint64 {
	if d.DType == core.Bitmask && d.Encoding != "simple_packing" {
		return []uint64{uint64(size)}
	}
	return d.Shape
}
