package main

/*
#include "tg_capi.h"

static uint8_t *tg_call_alloc(tg_alloc_fn f, void *ctx, size_t n) { return f(ctx, n); }
*/
import "C"

import "unsafe"

// cAllocator adapts the caller's tg_alloc_fn to an allocation function
// returning a Go slice over the C memory. failed records an allocation the
// caller refused (it has then set its own error, e.g. MemoryError).
type cAllocator struct {
	fn     C.tg_alloc_fn
	ctx    unsafe.Pointer
	failed bool
	got    int
}

// alloc obtains exactly n bytes from the caller (nil on failure).
func (a *cAllocator) alloc(n int) []byte {
	if a.fn == nil {
		a.failed = true
		return nil
	}
	p := C.tg_call_alloc(a.fn, a.ctx, C.size_t(n))
	if p == nil {
		a.failed = true
		return nil
	}
	a.got = n
	if n == 0 {
		return []byte{}
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(p)), n)
}

// emit copies b into a caller-allocated buffer (one copy).
func (a *cAllocator) emit(b []byte) error {
	dst := a.alloc(len(b))
	if dst == nil {
		return errorf(statusMemory, "cannot allocate %d bytes", len(b))
	}
	copy(dst, b)
	return nil
}
