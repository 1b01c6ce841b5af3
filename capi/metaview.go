package main

/*
#include "tg_capi.h"
*/
import "C"

import (
	"unsafe"

	"github.com/tensogram-go/tensogram-go/core/pyapi"
)

// maxViewObjects bounds the padding a caller can ask tg_metadata_view for (a
// message's object count comes from its own frames, far below it).
const maxViewObjects = 1 << 24

// tg_metadata_view writes the view Python's Metadata holds for the metadata
// CBOR frame[0:n] (a tg_result's meta) through alloc: pyapi.MetadataView, a
// CBOR array [metadata map, flat key index], base padded to n_objects
// entries (meta_pad; none when <= 0).
//
//export tg_metadata_view
func tg_metadata_view(frame *C.uint8_t, n C.size_t, nObjects C.int64_t, alloc C.tg_alloc_fn, ctx unsafe.Pointer, err *C.tg_error) C.int32_t {
	return run(err, func() error {
		b, e := inBytes(frame, n)
		if e != nil {
			return e
		}
		a := &cAllocator{fn: alloc, ctx: ctx}
		return pyapi.WithMetadataView(b, int(min(max(int64(nObjects), 0), maxViewObjects)), a.emit)
	})
}

// tg_metadata_path resolves the dot path path[0:path_len] in the metadata
// CBOR frame[0:n] with upstream's rules (pyapi.PathValue): message-wide, or
// in base[obj] only when scoped != 0. The answer, a CBOR array that is
// empty when the path is absent and else holds its value, is written
// through alloc.
//
//export tg_metadata_path
func tg_metadata_path(frame *C.uint8_t, n C.size_t, path *C.char, pathLen C.size_t, scoped C.int32_t, obj C.int64_t,
	alloc C.tg_alloc_fn, ctx unsafe.Pointer, err *C.tg_error) C.int32_t {
	return run(err, func() error {
		b, e := inBytes(frame, n)
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
