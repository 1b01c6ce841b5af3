//go:build libzfp && cgo

// Package zfporacle wraps the system libzfp 1.0 (Debian libzfp-dev) so
// tests of package zfp can compare against it, calling it the way
// upstream Tensogram does (1-D double field, no header, serial). It is only
// built with the "libzfp" build tag and is imported only by tests; package
// zfp itself never links libzfp.
package zfporacle

/*
#cgo LDFLAGS: -lzfp
#include <zfp.h>
#include <stdlib.h>
#include <string.h>

// mode: 1 rate, 2 precision, 3 accuracy. Returns 0 when set_accuracy
// reports 0 (upstream's error), else 1.
static int set_mode(zfp_stream *z, int mode, double arg) {
	switch (mode) {
	case 1: zfp_stream_set_rate(z, arg, zfp_type_double, 1, zfp_false); return 1;
	case 2: zfp_stream_set_precision(z, (unsigned int)arg); return 1;
	case 3: return zfp_stream_set_accuracy(z, arg) != 0.0;
	}
	return 0;
}

static int config(int mode, double arg, unsigned int *minbits, unsigned int *maxbits, unsigned int *maxprec, int *minexp) {
	zfp_stream *z = zfp_stream_open(NULL);
	int ok = set_mode(z, mode, arg);
	*minbits = z->minbits; *maxbits = z->maxbits; *maxprec = z->maxprec; *minexp = z->minexp;
	zfp_stream_close(z);
	return ok;
}

static size_t max_size(int mode, double arg, size_t n) {
	double dummy = 0;
	zfp_field *f = zfp_field_1d(&dummy, zfp_type_double, n);
	zfp_stream *z = zfp_stream_open(NULL);
	size_t s = set_mode(z, mode, arg) ? zfp_stream_maximum_size(z, f) : 0;
	zfp_stream_close(z);
	zfp_field_free(f);
	return s;
}

// Compress n values into buf (decode == 0) or decompress buf into them:
// the stream size, 0 on failure.
static size_t code(int decode, int mode, double arg, double *vals, size_t n, void *buf, size_t cap) {
	zfp_field *f = zfp_field_1d(vals, zfp_type_double, n);
	zfp_stream *z = zfp_stream_open(NULL);
	size_t s = 0;
	if (set_mode(z, mode, arg)) {
		bitstream *b = stream_open(buf, cap);
		zfp_stream_set_bit_stream(z, b);
		zfp_stream_rewind(z);
		s = decode ? zfp_decompress(z, f) : zfp_compress(z, f);
		stream_close(b);
	}
	zfp_stream_close(z);
	zfp_field_free(f);
	return s;
}
*/
import "C"

import (
	"fmt"
	"unsafe"
)

// Mode numbers: 1 fixed rate, 2 fixed precision, 3 fixed accuracy; arg is
// the rate, precision or tolerance.

// Config returns the expert parameters libzfp sets for a mode; ok is false
// when zfp_stream_set_accuracy returned 0.
func Config(mode int, arg float64) (minBits, maxBits, maxPrec uint32, minExp int, ok bool) {
	var a, b, c C.uint
	var d C.int
	r := C.config(C.int(mode), C.double(arg), &a, &b, &c, &d)
	return uint32(a), uint32(b), uint32(c), int(d), r != 0
}

// MaxSize is zfp_stream_maximum_size for n doubles (0 on a mode error).
func MaxSize(mode int, arg float64, n int) uint64 {
	return uint64(C.max_size(C.int(mode), C.double(arg), C.size_t(n)))
}

// Compress runs zfp_compress into a buffer of zfp_stream_maximum_size
// bytes and returns the stream truncated to the reported size.
func Compress(mode int, arg float64, vals []float64) ([]byte, error) {
	if len(vals) == 0 {
		return []byte{}, nil
	}
	size := MaxSize(mode, arg, len(vals))
	if size == 0 {
		return nil, fmt.Errorf("zfporacle: mode error")
	}
	out := C.malloc(C.size_t(size))
	defer C.free(out)
	in := C.malloc(C.size_t(8 * len(vals)))
	defer C.free(in)
	C.memcpy(in, unsafe.Pointer(&vals[0]), C.size_t(8*len(vals)))
	n := C.code(0, C.int(mode), C.double(arg), (*C.double)(in), C.size_t(len(vals)), out, C.size_t(size))
	if n == 0 {
		return nil, fmt.Errorf("zfporacle: zfp_compress returned 0")
	}
	return C.GoBytes(out, C.int(n)), nil
}

// Decompress decodes n doubles the way upstream does: stream copied into a
// zero-padded buffer of zfp_stream_maximum_size bytes (longer streams
// rejected).
func Decompress(mode int, arg float64, stream []byte, n int) ([]float64, error) {
	size := MaxSize(mode, arg, n)
	if size == 0 || uint64(len(stream)) > size {
		return nil, fmt.Errorf("zfporacle: stream length %d inconsistent (max %d)", len(stream), size)
	}
	buf := C.calloc(C.size_t(size), 1)
	defer C.free(buf)
	if len(stream) > 0 {
		C.memcpy(buf, unsafe.Pointer(&stream[0]), C.size_t(len(stream)))
	}
	vals := C.malloc(C.size_t(8 * max(n, 1)))
	defer C.free(vals)
	if C.code(1, C.int(mode), C.double(arg), (*C.double)(vals), C.size_t(n), buf, C.size_t(size)) == 0 {
		return nil, fmt.Errorf("zfporacle: zfp_decompress returned 0")
	}
	out := make([]float64, n)
	if n > 0 {
		C.memcpy(unsafe.Pointer(&out[0]), vals, C.size_t(8*n))
	}
	return out, nil
}
