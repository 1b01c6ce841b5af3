package main

/*
#include <stdint.h>
#include <stdlib.h>
*/
import "C"

import (
	"errors"
	"fmt"
	"runtime/debug"
	"unsafe"

	"github.com/tensogram-go/tensogram-go/core"
)

// Status codes returned by every export; see the package documentation.
const (
	statusOK           int32 = 0
	statusValue        int32 = 1
	statusType         int32 = 2
	statusRuntime      int32 = 3
	statusOS           int32 = 4
	statusIndex        int32 = 5
	statusKey          int32 = 6
	statusOverflow     int32 = 7
	statusMissingHash  int32 = 8
	statusHashMismatch int32 = 9
	statusIntegrity    int32 = 10
	statusMemory       int32 = 11
	statusInternal     int32 = 12
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

// guard runs fn, converting its error into a status code and message, and a
// panic into statusInternal with the panic value and stack in the message.
func guard(fn func() error) (code int32, msg string) {
	defer func() {
		if r := recover(); r != nil {
			code = statusInternal
			msg = fmt.Sprintf("internal error (Go panic): %v\n%s", r, debug.Stack())
		}
	}()
	if err := fn(); err != nil {
		code := classify(err)
		return code, message(code, err)
	}
	return statusOK, ""
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

// run is guard for exports: it stores the message of a failure in *errOut as
// a malloc-allocated C string.
func run(errOut **C.char, fn func() error) C.int32_t {
	code, msg := guard(fn)
	if code != statusOK && errOut != nil {
		*errOut = C.CString(msg)
	}
	return C.int32_t(code)
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
// output buffers).
//
//export tg_free
func tg_free(p unsafe.Pointer) {
	C.free(p)
}
