package main

/*
#include "tg_capi.h"
*/
import "C"

import "github.com/tensogram-go/tensogram-go/core"

// rangeSink builds the arrays of a range decode in C memory while core
// decodes: core copies each range once into its malloc'ed array, from the
// message itself when the payload is stored plain, else from the codec
// stage's decoded buffer (no Go result array is kept and copied again). It
// serves every call but a join of several ranges, whose single array
// fillRanges concatenates.
type rangeSink struct {
	out *C.tg_result
	arr []C.tg_array
}

// newRangeSink allocates the n array records of *out (freed with it, by
// freeOnError, whatever happens next). ok is false for joins of several
// ranges: those take fillRanges.
func newRangeSink(out *C.tg_result, n int, join bool) (s rangeSink, ok bool, err error) {
	if join && n != 1 {
		return rangeSink{}, false, nil
	}
	ptr, arr, err := cArrays(n)
	if err != nil {
		return rangeSink{}, false, err
	}
	out.arrays, out.n = ptr, C.size_t(n)
	return rangeSink{out: out, arr: arr}, true, nil
}

// alloc is the core.RangeAlloc of the sink: range i's values go into a
// fresh malloc'ed buffer owned by array i.
func (s *rangeSink) alloc(i, n int) ([]byte, error) {
	p, b, err := cAlloc(n)
	if err != nil {
		return nil, err
	}
	a := &s.arr[i]
	a.data, a.data_len = (*C.uint8_t)(p), C.size_t(n)
	return b, nil
}

// done completes the sink's result after a decode that returned the
// object's descriptor d or err: the kind and 1-D shape of every array are
// set, and on any error *out is freed.
func (s *rangeSink) done(d *core.Descriptor, err error) error {
	if err != nil {
		return freeOnError(s.out, err)
	}
	kind := kindOf(d)
	size := kindSize(kind)
	for i := range s.arr {
		a := &s.arr[i]
		a.kind = kind
		if a.shape, a.ndim, err = cShape([]uint64{uint64(int(a.data_len) / size)}); err != nil {
			return freeOnError(s.out, err)
		}
	}
	return nil
}

// decodeRangeC runs decode (a range decode returning the object's
// descriptor and its parts, with alloc passed to core when not nil) and
// stores the result in *out: through a rangeSink, or by fillRanges for a
// join of several ranges. On error *out is freed.
func decodeRangeC(out *C.tg_result, nranges int, join bool, decode func(alloc core.RangeAlloc) (*core.Descriptor, [][]byte, error)) error {
	s, ok, err := newRangeSink(out, nranges, join)
	if err != nil {
		return err
	}
	if !ok {
		d, parts, err := decode(nil)
		if err != nil {
			return err
		}
		return freeOnError(out, fillRanges(out, kindOf(d), parts, true))
	}
	d, _, err := decode(s.alloc)
	return s.done(d, err)
}
