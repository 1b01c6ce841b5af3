package main

/*
#include <stdlib.h>
#include "tg_capi.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"runtime/debug"
	"unsafe"

	"github.com/tensogram-go/tensogram-go/core"
)

// Status codes returned by every export: the TG_OK / TG_ERR_* enum of
// tg_capi.h under Go names (the values come from the header).
const (
	statusOK           int32 = C.TG_OK
	statusValue        int32 = C.TG_ERR_VALUE
	statusType         int32 = C.TG_ERR_TYPE
	statusRuntime      int32 = C.TG_ERR_RUNTIME
	statusOS           int32 = C.TG_ERR_OS
	statusIndex        int32 = C.TG_ERR_INDEX
	statusKey          int32 = C.TG_ERR_KEY
	statusOverflow     int32 = C.TG_ERR_OVERFLOW
	statusMissingHash  int32 = C.TG_ERR_MISSING_HASH
	statusHashMismatch int32 = C.TG_ERR_HASH_MISMATCH
	statusIntegrity    int32 = C.TG_ERR_INTEGRITY
	statusMemory       int32 = C.TG_ERR_MEMORY
	statusInternal     int32 = C.TG_ERR_INTERNAL
)

// apiError is an error that carries the status code it maps to.
type apiError struct {
	code int32
	msg  string
}

func (e *apiError) Error() string { return e.msg }

// errorf builds an error mapped to code.
func errorf(code int32, format string, args ...any) error {
	return &apiError{code: code, msg: fmt.Sprintf(format, args...)}
}

// failure is the outcome of an export in the terms of tg_error: a status,
// the exception text and, for integrity errors, which object failed and
// (hash mismatch) the two digests.
type failure struct {
	status      int32
	msg         string
	objectIndex int64 // -1: not an integrity error
	expected    string
	actual      string
}

// guard runs fn and describes its outcome: statusOK for success, the
// error's status and details otherwise, and for a panic statusInternal
// with the panic value and stack in the message.
func guard(fn func() error) failure {
	err, p := try(fn)
	if p != nil {
		return *p
	}
	return describe(err)
}

// try runs fn and returns its error, or for a panic the failure
// describing it (statusInternal, the panic value and stack).
func try(fn func() error) (err error, p *failure) {
	defer func() {
		if r := recover(); r != nil {
			p = &failure{
				status:      statusInternal,
				msg:         fmt.Sprintf("internal error (Go panic): %v\n%s", r, debug.Stack()),
				objectIndex: -1,
			}
		}
	}()
	return fn(), nil
}

// describe maps err (nil for success) to a failure.
func describe(err error) failure {
	f := failure{status: statusOK, objectIndex: -1}
	if err == nil {
		return f
	}
	f.status = classify(err)
	f.msg = message(f.status, err)
	var mismatch *core.HashMismatchError
	var missing *core.MissingHashError
	switch {
	case errors.As(err, &mismatch):
		f.objectIndex = int64(mismatch.ObjectIndex)
		f.expected, f.actual = mismatch.Expected, mismatch.Actual
	case errors.As(err, &missing):
		f.objectIndex = int64(missing.ObjectIndex)
	}
	return f
}

// message is the exception text for err: OSErrors carry the plain OS /
// library text without core's kind prefix, as upstream's do.
func message(code int32, err error) string {
	var ce *core.Error
	if code == statusOS && errors.As(err, &ce) {
		return ce.Msg
	}
	return err.Error()
}

// classify maps an error to its status code.
func classify(err error) int32 {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae.code
	}
	return classifyCore(err)
}

// run is guard for exports: it fills *errOut (when not NULL) with the
// outcome, the message as a malloc-allocated C string, and returns the
// status.
func run(errOut *C.tg_error, fn func() error) C.int32_t {
	err, p := try(fn)
	if err == nil && p == nil {
		// Success, without building and copying a failure (those copies
		// stalled on store forwarding: ~20 ns of tg_scan's fixed cost).
		if errOut != nil {
			*errOut = C.tg_error{status: C.int32_t(statusOK), object_index: -1}
		}
		return C.int32_t(statusOK)
	}
	var f failure
	if p != nil {
		f = *p
	} else {
		f = describe(err)
	}
	if errOut != nil {
		storeFailure(errOut, f)
	}
	return C.int32_t(f.status)
}

// storeFailure writes f into the caller's tg_error.
func storeFailure(e *C.tg_error, f failure) {
	*e = C.tg_error{status: C.int32_t(f.status), object_index: C.int64_t(f.objectIndex)}
	putDigest(&e.expected, f.expected)
	putDigest(&e.actual, f.actual)
	if f.status != statusOK {
		e.message = C.CString(f.msg)
	}
}

// putDigest copies a digest into a NUL-terminated tg_error field; text
// longer than TG_DIGEST_LEN is cut (core's digests never are).
func putDigest(dst *[C.TG_DIGEST_LEN + 1]C.char, s string) {
	n := min(len(s), C.TG_DIGEST_LEN)
	for i := 0; i < n; i++ {
		dst[i] = C.char(s[i])
	}
	dst[n] = 0
}

// inBytes views the C buffer (ptr, n) as a Go slice without copying. The
// slice must not be retained after the export returns.
func inBytes(ptr *C.uint8_t, n C.size_t) ([]byte, error) {
	if n == 0 {
		return nil, nil
	}
	if ptr == nil {
		return nil, errorf(statusValue, "NULL buffer with non-zero length %d", uint64(n))
	}
	if uint64(n) > uint64(maxInt) {
		return nil, errorf(statusOverflow, "buffer length %d too large", uint64(n))
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(ptr)), int(n)), nil
}

// inString converts a (ptr, n) UTF-8 string argument.
func inString(ptr *C.char, n C.size_t) (string, error) {
	b, err := inBytes((*C.uint8_t)(unsafe.Pointer(ptr)), n)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

const maxInt = int(^uint(0) >> 1)

// tg_free releases memory that an export allocated (error messages and
// output buffers); it is C free().
//
//export tg_free
func tg_free(p unsafe.Pointer) {
	C.free(p)
}
