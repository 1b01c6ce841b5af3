package main

/*
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/mman.h>
#include "tg_capi.h"

// cgo's own C.malloc never returns NULL: it aborts the process when memory
// runs out. Sizes here can come from untrusted descriptors, so allocate
// through this wrapper, which reports failure instead.
static void *tg_try_malloc(size_t n) { return malloc(n); }

// Outputs of 32 MiB or more always come from fresh mmap'ed memory on glibc
// (its largest dynamic mmap threshold), so each 4 KiB page faults on first
// write: about half the time of an 80 MB decode here. Asking for
// transparent huge pages on the 2 MiB aligned interior cuts those faults
// 512-fold where the kernel allows THP (mode "madvise" or "always"; numpy
// does the same for its large arrays); elsewhere madvise fails harmlessly.
// Smaller blocks are left alone: glibc serves them from its heap, whose
// pages are reused already faulted, and madvise there would only split the
// heap mapping.
//
// A large block comes first from the source the embedding program set with
// tg_set_large_alloc (the Python shim hands out blocks of arrays it freed,
// already faulted in), when it has one.
#define TG_HUGE (2u << 20)
static tg_large_alloc_fn tg_large_alloc;
static void tg_store_large_alloc(tg_large_alloc_fn fn) { __atomic_store_n(&tg_large_alloc, fn, __ATOMIC_RELEASE); }
static void *tg_try_malloc_large(size_t n) {
	if (n >= TG_LARGE_OUTPUT_MIN) {
		tg_large_alloc_fn fn = __atomic_load_n(&tg_large_alloc, __ATOMIC_ACQUIRE);
		void *p = fn != NULL ? fn(n) : NULL;
		if (p != NULL) {
			return p;
		}
	}
	void *p = malloc(n);
	if (p != NULL && n >= TG_LARGE_OUTPUT_MIN) {
		uintptr_t lo = ((uintptr_t)p + TG_HUGE - 1) & ~(uintptr_t)(TG_HUGE - 1);
		uintptr_t hi = ((uintptr_t)p + n) & ~(uintptr_t)(TG_HUGE - 1);
		if (hi > lo) {
			madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
		}
	}
	return p;
}
*/
import "C"

import "unsafe"

// cAlloc allocates n bytes with C malloc (at least one byte, so that a
// successful allocation is never NULL) and returns them as a Go slice view.
// The memory belongs to C: Go must not keep the slice after handing it over.
func cAlloc(n int) (unsafe.Pointer, []byte, error) {
	if n < 0 {
		return nil, nil, errorf(statusMemory, "negative allocation of %d bytes", n)
	}
	sz := n
	if sz == 0 {
		sz = 1
	}
	p := C.tg_try_malloc_large(C.size_t(sz))
	if p == nil {
		// ValueError, as upstream reports a size it fails to reserve.
		return nil, nil, errorf(statusValue, "failed to reserve %d bytes for the output", n)
	}
	return p, unsafe.Slice((*byte)(p), n), nil
}

// tg_set_large_alloc sets (or, with NULL, clears) the source the exports ask
// first for malloc'ed outputs of TG_LARGE_OUTPUT_MIN bytes or more (see
// tg_large_alloc_fn in tg_capi.h); it only stores the pointer.
//
//export tg_set_large_alloc
func tg_set_large_alloc(fn C.tg_large_alloc_fn) {
	C.tg_store_large_alloc(fn)
}

// cBytes copies b into a new malloc buffer.
func cBytes(b []byte) (*C.uint8_t, C.size_t, error) {
	p, dst, err := cAlloc(len(b))
	if err != nil {
		return nil, 0, err
	}
	copy(dst, b)
	return (*C.uint8_t)(p), C.size_t(len(b)), nil
}

// cShape copies a shape into a new malloc array (NULL for a scalar).
func cShape(shape []uint64) (*C.uint64_t, C.uint32_t, error) {
	if len(shape) == 0 {
		return nil, 0, nil
	}
	p, _, err := cAlloc(8 * len(shape))
	if err != nil {
		return nil, 0, err
	}
	copy(unsafe.Slice((*uint64)(p), len(shape)), shape)
	return (*C.uint64_t)(p), C.uint32_t(len(shape)), nil
}

// cArrays allocates a zeroed array of n tg_array.
func cArrays(n int) (*C.tg_array, []C.tg_array, error) {
	if n == 0 {
		return nil, nil, nil
	}
	p := C.calloc(C.size_t(n), C.size_t(unsafe.Sizeof(C.tg_array{})))
	if p == nil {
		return nil, nil, errorf(statusMemory, "cannot allocate %d array records", n)
	}
	return (*C.tg_array)(p), unsafe.Slice((*C.tg_array)(p), n), nil
}

// freeArray releases everything one tg_array points to and zeroes it.
func freeArray(a *C.tg_array) {
	C.free(unsafe.Pointer(a.desc))
	C.free(unsafe.Pointer(a.data))
	C.free(unsafe.Pointer(a.shape))
	for i := range a.mask {
		C.free(unsafe.Pointer(a.mask[i]))
	}
	*a = C.tg_array{}
}

// freeOnError frees *out when err is not nil (a result half filled when
// the failure happened) and returns err.
func freeOnError(out *C.tg_result, err error) error {
	if err != nil {
		freeResult(out)
	}
	return err
}

// freeResult releases a partially built result (used on error paths).
func freeResult(r *C.tg_result) {
	if r == nil {
		return
	}
	C.free(unsafe.Pointer(r.meta))
	if r.arrays != nil {
		arr := unsafe.Slice(r.arrays, int(r.n))
		for i := range arr {
			freeArray(&arr[i])
		}
		C.free(unsafe.Pointer(r.arrays))
	}
	*r = C.tg_result{}
}

// cString copies s into a new NUL-terminated malloc string.
func cString(s string) *C.char { return C.CString(s) }
