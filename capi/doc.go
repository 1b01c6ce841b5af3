// Command capi is the C ABI of tensogram-go, built with
//
//	go build -buildmode=c-shared -o libtensogram_go.so ./capi
//
// It only marshals between C and package core; every piece of format logic
// lives in core. The Python extension module (python/tensogram_go) loads the
// library with dlopen on first use and calls these functions with no Python
// lock held.
//
// # Conventions (every export follows them)
//
// Names start with tg_. Every export returns an int32 status: 0 (TG_OK) on
// success, otherwise one of the TG_ERR_* codes below, and then stores a
// NUL-terminated, malloc-allocated error message in *err (when err is not
// NULL) that the caller releases with tg_free. The code tells the caller which
// exception to raise:
//
//	1  TG_ERR_VALUE          ValueError (framing, metadata, encoding, compression, object errors)
//	2  TG_ERR_TYPE           TypeError
//	3  TG_ERR_RUNTIME        RuntimeError
//	4  TG_ERR_OS             OSError
//	5  TG_ERR_INDEX          IndexError
//	6  TG_ERR_KEY            KeyError
//	7  TG_ERR_OVERFLOW       OverflowError
//	8  TG_ERR_MISSING_HASH   tensogram.MissingHashError
//	9  TG_ERR_HASH_MISMATCH  tensogram.HashMismatchError
//	10 TG_ERR_INTEGRITY      tensogram.IntegrityError
//	11 TG_ERR_MEMORY         MemoryError
//	12 TG_ERR_INTERNAL       RuntimeError: a Go panic, recovered (a bug; please report)
//
// Inputs are (pointer, length) pairs that Go reads in place for the duration
// of the call and never retains. A NULL pointer is allowed only with length 0.
//
// Outputs are either written into memory the caller allocated (two-phase:
// one call reports the size, the next fills the buffer) or returned as a
// buffer allocated with C malloc that the caller owns and releases with
// tg_free. Go heap memory is never handed to C.
//
// Go objects that outlive a call (open files, streaming encoders) are
// returned as opaque handles (github.com/mattn/go-pointer) and released with
// the matching tg_*_free; using a released handle is an error, not a crash.
//
// Every export recovers Go panics and turns them into TG_ERR_INTERNAL: a
// panic must never unwind into C, where it would abort the host process.
package main

func main() {}
