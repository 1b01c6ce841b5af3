package main

/*
#include "tg_capi.h"
*/
import "C"

import (
	"unsafe"

	"github.com/tensogram-go/tensogram-go/core/pyapi"
)

// tg_metadata_path resolves the dot path path[0:path_len] in a metadata
// view (the CBOR a tg_result's meta holds) with upstream's rules
// (pyapi.PathValue): message-wide, or in base[obj] only when scoped != 0.
// The answer, a CBOR array that is empty when the path is absent and else
// holds its value, is written through alloc.
//
//export tg_metadata_path
func tg_metadata_path(view *C.uint8_t, n C.size_t, path *C.char, pathLen C.size_t, scoped C.int32_t, obj C.int64_t,
	alloc C.tg_alloc_fn, ctx unsafe.Pointer, err **C.char) C.int32_t {
	return run(err, func() error {
		b, e := inBytes(view, n)
		if e != nil {
			return e
		}
		p, e := inString(path, pathLen)
		if e != nil {
			return e
		}
		out, e := pyapi.PathValue(b, p, scoped != 0, int64(obj))
		if e != nil {
			return e
		}
		return (&cAllocator{fn: alloc, ctx: ctx}).emit(out)
	})
}
