// Package shuffle implements Tensogram's "shuffle" filter: the HDF5-style
// byte-plane transpose. For element size s and n = len/s elements, byte b of
// element i moves to position b·n + i, so all first bytes come first, then
// all second bytes, and so on (in memory order, not significance order).
// Unshuffle is the exact inverse. The filter is lossless and size-preserving.
package shuffle

import (
	"encoding/binary"
	"fmt"

	"github.com/tensogram-go/tensogram-go/core/codec/internal/codecerr"
)

// ErrElementSize is returned for an element size of zero.
var ErrElementSize = codecerr.New(codecerr.Params, "element_size must not be zero")

// ErrLength is wrapped when the data length is not a multiple of the
// element size.
var ErrLength = codecerr.New(codecerr.Length, "data length is not divisible by element_size")

// LengthError reports a data length that is not a multiple of the element
// size; its message matches upstream.
type LengthError struct{ Len, ElementSize int }

func (e *LengthError) Error() string {
	return fmt.Sprintf("data length %d is not divisible by element_size %d", e.Len, e.ElementSize)
}

// Unwrap returns ErrLength.
func (e *LengthError) Unwrap() error { return ErrLength }

func check(n, size int) error {
	if size <= 0 {
		return ErrElementSize
	}
	if n%size != 0 {
		return &LengthError{Len: n, ElementSize: size}
	}
	return nil
}

// Shuffle returns the byte-plane transpose of src for the given element
// size. Element size 1 and empty input yield a copy.
func Shuffle(src []byte, elementSize int) ([]byte, error) {
	if err := check(len(src), elementSize); err != nil {
		return nil, err
	}
	dst := make([]byte, len(src))
	shuffleInto(dst, src, elementSize)
	return dst, nil
}

// ShuffleInto writes the shuffle of src into dst, which must have the same
// length and must not overlap src.
func ShuffleInto(dst, src []byte, elementSize int) error {
	if err := check(len(src), elementSize); err != nil {
		return err
	}
	if len(dst) != len(src) {
		return fmt.Errorf("shuffle: destination length %d != source length %d", len(dst), len(src))
	}
	shuffleInto(dst, src, elementSize)
	return nil
}

// Unshuffle inverts Shuffle.
func Unshuffle(src []byte, elementSize int) ([]byte, error) {
	if err := check(len(src), elementSize); err != nil {
		return nil, err
	}
	dst := make([]byte, len(src))
	unshuffleInto(dst, src, elementSize)
	return dst, nil
}

// UnshuffleInto writes the unshuffle of src into dst, which must have the
// same length and must not overlap src.
func UnshuffleInto(dst, src []byte, elementSize int) error {
	if err := check(len(src), elementSize); err != nil {
		return err
	}
	if len(dst) != len(src) {
		return fmt.Errorf("shuffle: destination length %d != source length %d", len(dst), len(src))
	}
	unshuffleInto(dst, src, elementSize)
	return nil
}

func shuffleInto(dst, src []byte, s int) {
	n := len(src) / s
	switch {
	case s == 1 || n == 0:
		copy(dst, src)
	case s == 2:
		p0, p1 := dst[:n], dst[n:2*n]
		for i := range p0 {
			v := binary.LittleEndian.Uint16(src[2*i:])
			p0[i], p1[i] = byte(v), byte(v>>8)
		}
	case s == 4:
		p0, p1, p2, p3 := dst[:n], dst[n:2*n], dst[2*n:3*n], dst[3*n:4*n]
		for i := range p0 {
			v := binary.LittleEndian.Uint32(src[4*i:])
			p0[i], p1[i], p2[i], p3[i] = byte(v), byte(v>>8), byte(v>>16), byte(v>>24)
		}
	case s == 8:
		p0, p1, p2, p3 := dst[:n], dst[n:2*n], dst[2*n:3*n], dst[3*n:4*n]
		p4, p5, p6, p7 := dst[4*n:5*n], dst[5*n:6*n], dst[6*n:7*n], dst[7*n:8*n]
		for i := range p0 {
			v := binary.LittleEndian.Uint64(src[8*i:])
			p0[i], p1[i], p2[i], p3[i] = byte(v), byte(v>>8), byte(v>>16), byte(v>>24)
			p4[i], p5[i], p6[i], p7[i] = byte(v>>32), byte(v>>40), byte(v>>48), byte(v>>56)
		}
	default:
		for b := 0; b < s; b++ {
			plane := dst[b*n : (b+1)*n]
			for i := range plane {
				plane[i] = src[i*s+b]
			}
		}
	}
}

func unshuffleInto(dst, src []byte, s int) {
	n := len(src) / s
	switch {
	case s == 1 || n == 0:
		copy(dst, src)
	case s == 2:
		p0, p1 := src[:n], src[n:2*n]
		for i := range p0 {
			binary.LittleEndian.PutUint16(dst[2*i:], uint16(p0[i])|uint16(p1[i])<<8)
		}
	case s == 4:
		p0, p1, p2, p3 := src[:n], src[n:2*n], src[2*n:3*n], src[3*n:4*n]
		for i := range p0 {
			binary.LittleEndian.PutUint32(dst[4*i:], uint32(p0[i])|uint32(p1[i])<<8|uint32(p2[i])<<16|uint32(p3[i])<<24)
		}
	case s == 8:
		p0, p1, p2, p3 := src[:n], src[n:2*n], src[2*n:3*n], src[3*n:4*n]
		p4, p5, p6, p7 := src[4*n:5*n], src[5*n:6*n], src[6*n:7*n], src[7*n:8*n]
		for i := range p0 {
			lo := uint32(p0[i]) | uint32(p1[i])<<8 | uint32(p2[i])<<16 | uint32(p3[i])<<24
			hi := uint32(p4[i]) | uint32(p5[i])<<8 | uint32(p6[i])<<16 | uint32(p7[i])<<24
			binary.LittleEndian.PutUint64(dst[8*i:], uint64(lo)|uint64(hi)<<32)
		}
	default:
		for b := 0; b < s; b++ {
			plane := src[b*n : (b+1)*n]
			for i, v := range plane {
				dst[i*s+b] = v
			}
		}
	}
}
