package main

/*
#include <stdlib.h>
*/
import "C"

import (
	"unsafe"

	"github.com/tensogram-go/tensogram-go/core"
)

// liveGetenv reads a variable from the C environment as it is now. The Go
// runtime copies the environment once when it starts, so without this an
// assignment to os.environ in Python (AWS_ACCESS_KEY_ID set in a notebook,
// TENSOGRAM_THREADS set before the first decode) would never be seen.
func liveGetenv(key string) string {
	ck := C.CString(key)
	defer C.free(unsafe.Pointer(ck))
	v := C.getenv(ck)
	if v == nil {
		return ""
	}
	return C.GoString(v)
}

func init() {
	core.Getenv = liveGetenv
}
