package main

/*
#include "tg_capi.h"
*/
import "C"

import (
	"unsafe"

	"github.com/tensogram-go/tensogram-go/core"
)

// tg_compute_hash writes the hex digest of data[0:n] under algo (see
// core.ComputeHash) as TG_DIGEST_LEN characters plus a NUL into out, which
// must have room for TG_DIGEST_LEN + 1 bytes.
//
//export tg_compute_hash
func tg_compute_hash(data *C.uint8_t, n C.size_t, algo *C.char, algoLen C.size_t, out *C.char, err *C.tg_error) C.int32_t {
	return run(err, func() error {
		buf, e := inBytes(data, n)
		if e != nil {
			return e
		}
		name, e := inString(algo, algoLen)
		if e != nil {
			return e
		}
		if out == nil {
			return errorf(statusValue, "NULL output buffer")
		}
		digest, e := core.ComputeHash(buf, name)
		if e != nil {
			return errorf(statusValue, "%v", e)
		}
		dst := unsafe.Slice((*byte)(unsafe.Pointer(out)), C.TG_DIGEST_LEN+1)
		copy(dst, digest)
		dst[C.TG_DIGEST_LEN] = 0
		return nil
	})
}
