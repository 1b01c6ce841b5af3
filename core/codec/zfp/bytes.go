package zfp

import (
	"encoding/binary"
	"math"
	"unsafe"

	"github.com/tensogram-go/tensogram-go/core/codec/internal/codecerr"
)

// Byte-level entry points: values are IEEE 754 doubles serialised in the
// given byte order (Tensogram's descriptor byte order), so callers need no
// intermediate []float64.

// EncodeBytes compresses len(src)/8 doubles stored in src in byte order
// order; see Encode. len(src) must be a multiple of 8 (ErrLength).
func EncodeBytes(src []byte, order binary.ByteOrder, p Params, opts ...Option) ([]byte, error) {
	o := applyOptions(opts)
	if len(src)%8 != 0 {
		return nil, codecerr.Errorf(ErrLength, "%d bytes are not whole doubles", len(src))
	}
	n := uint64(len(src) / 8)
	if f, ok := floatView(src, order); ok {
		return encodeField(n, p, &o, source{view: f})
	}
	if order == binary.LittleEndian {
		// Static calls the compiler inlines (the common case).
		return encodeField(n, p, &o, source{load: func(i uint64, fb []float64) {
			b := src[i*8:]
			for j := range fb {
				fb[j] = math.Float64frombits(binary.LittleEndian.Uint64(b[j*8:]))
			}
		}})
	}
	return encodeField(n, p, &o, source{load: func(i uint64, fb []float64) {
		b := src[i*8:]
		for j := range fb {
			fb[j] = math.Float64frombits(order.Uint64(b[j*8:]))
		}
	}})
}

// DecodeBytes decompresses len(dst)/8 doubles into dst in byte order
// order; see Decode. len(dst) must be a multiple of 8 (ErrLength).
func DecodeBytes(dst, stream []byte, order binary.ByteOrder, p Params, opts ...Option) error {
	if len(dst)%8 != 0 {
		return codecerr.Errorf(ErrLength, "%d-byte output is not whole doubles", len(dst))
	}
	n := uint64(len(dst) / 8)
	return decodeBytes(dst, stream, n, 0, order, p, opts)
}

// DecodeRangeBytes decodes values [first, first+len(dst)/8) of an n-value
// field into dst in byte order order; see DecodeRange.
func DecodeRangeBytes(dst, stream []byte, n, first uint64, order binary.ByteOrder, p Params, opts ...Option) error {
	if len(dst)%8 != 0 {
		return codecerr.Errorf(ErrLength, "%d-byte output is not whole doubles", len(dst))
	}
	return decodeBytes(dst, stream, n, first, order, p, opts)
}

// decodeBytes decodes values [first, first+len(dst)/8), in parallel
// segments when the options and the mode allow.
func decodeBytes(dst, stream []byte, n, first uint64, order binary.ByteOrder, p Params, opts []Option) error {
	count := uint64(len(dst) / 8)
	out := putter(dst, order)
	if ok, err := decodeParallel(stream, n, first, count, p, applyOptions(opts).threads, out); ok {
		return err
	}
	return decodeSpan(stream, n, first, count, p, out)
}

// putter returns a sink serialising values into dst (in place when dst
// can be viewed as doubles).
func putter(dst []byte, order binary.ByteOrder) sink {
	if f, ok := floatView(dst, order); ok {
		return sink{view: f}
	}
	if order == binary.LittleEndian {
		return sink{emit: func(i uint64, v []float64) {
			b := dst[i*8:]
			for j, x := range v {
				binary.LittleEndian.PutUint64(b[j*8:], math.Float64bits(x))
			}
		}}
	}
	return sink{emit: func(i uint64, v []float64) {
		b := dst[i*8:]
		for j, x := range v {
			order.PutUint64(b[j*8:], math.Float64bits(x))
		}
	}}
}

// nativeLittle reports whether this machine stores float64 little-endian.
var nativeLittle = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// floatView returns b as a []float64 sharing its memory when that is the
// same as decoding b in byte order order: order is little-endian like the
// machine and b is 8-byte aligned.
func floatView(b []byte, order binary.ByteOrder) ([]float64, bool) {
	if order != binary.LittleEndian || !nativeLittle || len(b) < 8 || uintptr(unsafe.Pointer(&b[0]))%8 != 0 {
		return nil, false
	}
	return unsafe.Slice((*float64)(unsafe.Pointer(&b[0])), len(b)/8), true
}
