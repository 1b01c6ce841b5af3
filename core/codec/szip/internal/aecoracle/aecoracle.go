//go:build libaec && cgo

// Package aecoracle wraps the system libaec (Debian libaec-dev) so tests
// of package szip can compare against it. It is only built with the
// "libaec" build tag and is imported only by tests; package szip itself
// never links libaec.
package aecoracle

/*
#cgo LDFLAGS: -laec
#include <libaec.h>
#include <stdlib.h>
#include <string.h>

static int run(int enc, const unsigned char *in, size_t inlen, unsigned char *out, size_t outlen,
               int bps, int bs, int rsi, int flags, size_t *written) {
	struct aec_stream s;
	memset(&s, 0, sizeof s);
	s.next_in = in;
	s.avail_in = inlen;
	s.next_out = out;
	s.avail_out = outlen;
	s.bits_per_sample = bps;
	s.block_size = bs;
	s.rsi = rsi;
	s.flags = flags;
	int rc = enc ? aec_buffer_encode(&s) : aec_buffer_decode(&s);
	*written = s.total_out;
	return rc;
}
*/
import "C"

import (
	"fmt"
	"unsafe"
)

// Encode compresses src with libaec's aec_buffer_encode.
func Encode(src []byte, bps, blockSize, rsi int, flags uint32) ([]byte, error) {
	return run(true, src, 2*len(src)+4096, bps, blockSize, rsi, flags)
}

// Decode decompresses src with libaec's aec_buffer_decode into outLen
// bytes.
func Decode(src []byte, outLen, bps, blockSize, rsi int, flags uint32) ([]byte, error) {
	return run(false, src, outLen, bps, blockSize, rsi, flags)
}

func run(enc bool, src []byte, outLen, bps, blockSize, rsi int, flags uint32) ([]byte, error) {
	in := C.malloc(C.size_t(len(src) + 1))
	defer C.free(in)
	out := C.malloc(C.size_t(outLen + 1))
	defer C.free(out)
	if len(src) > 0 {
		C.memcpy(in, unsafe.Pointer(&src[0]), C.size_t(len(src)))
	}
	e := C.int(0)
	if enc {
		e = 1
	}
	var written C.size_t
	rc := C.run(e, (*C.uchar)(in), C.size_t(len(src)), (*C.uchar)(out), C.size_t(outLen),
		C.int(bps), C.int(blockSize), C.int(rsi), C.int(flags), &written)
	if rc != 0 {
		return nil, fmt.Errorf("libaec error %d", int(rc))
	}
	return C.GoBytes(out, C.int(written)), nil
}

// Runner repeats one libaec call on C buffers prepared once, so that
// benchmarks time libaec itself rather than buffer copies.
type Runner struct {
	enc               bool
	in, out           unsafe.Pointer
	inLen, outLen     int
	bps, bs, rsi, flg int
}

// NewRunner copies src into C memory and reserves outLen bytes of output.
// encode selects aec_buffer_encode (else aec_buffer_decode).
func NewRunner(encode bool, src []byte, outLen, bps, blockSize, rsi int, flags uint32) *Runner {
	r := &Runner{enc: encode, inLen: len(src), outLen: outLen, bps: bps, bs: blockSize, rsi: rsi, flg: int(flags)}
	r.in = C.malloc(C.size_t(len(src) + 1))
	r.out = C.malloc(C.size_t(outLen + 1))
	if len(src) > 0 {
		C.memcpy(r.in, unsafe.Pointer(&src[0]), C.size_t(len(src)))
	}
	return r
}

// Run performs the call once and returns the number of bytes produced.
func (r *Runner) Run() (int, error) {
	e := C.int(0)
	if r.enc {
		e = 1
	}
	var written C.size_t
	rc := C.run(e, (*C.uchar)(r.in), C.size_t(r.inLen), (*C.uchar)(r.out), C.size_t(r.outLen),
		C.int(r.bps), C.int(r.bs), C.int(r.rsi), C.int(r.flg), &written)
	if rc != 0 {
		return 0, fmt.Errorf("libaec error %d", int(rc))
	}
	return int(written), nil
}

// Close frees the C buffers.
func (r *Runner) Close() {
	C.free(r.in)
	C.free(r.out)
}
