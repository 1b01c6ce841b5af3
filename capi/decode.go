package main

/*
#include "tg_capi.h"
*/
import "C"

import (
	"unsafe"

	"github.com/tensogram-go/tensogram-go/core"
	"github.com/tensogram-go/tensogram-go/core/pyapi"
)

// maskKinds is the slot order of tg_array.mask.
var maskKinds = [C.TG_NMASKS]string{
	C.TG_MASK_NAN: core.MaskNaN, C.TG_MASK_POS_INF: core.MaskPosInf, C.TG_MASK_NEG_INF: core.MaskNegInf,
}

// decodeOptions converts the C options (NULL = upstream defaults) and
// applies pyapi.DecodeOptions; the bool is with_masks.
func decodeOptions(o *C.tg_decode_opts) (*core.DecodeOptions, bool, error) {
	opts := new(core.DecodeOptions)
	withMasks, err := decodeOptionsInto(opts, o)
	if err != nil {
		return nil, false, err
	}
	return opts, withMasks, nil
}

// decodeOptionsInto is decodeOptions storing the options in *dst (a
// caller's variable: no allocation).
func decodeOptionsInto(dst *core.DecodeOptions, o *C.tg_decode_opts) (withMasks bool, err error) {
	if o == nil {
		*dst = core.DecodeOptions{}
		return false, nil
	}
	withMasks = o.with_masks != 0
	opts, err := pyapi.DecodeOptions(pyapi.DecodeArgs{VerifyHash: o.verify_hash != 0, NativeByteOrder: o.native_byte_order != 0,
		RestoreNonFinite: o.restore_non_finite != 0, WithMasks: withMasks, Threads: int64(o.threads)})
	if err != nil {
		return false, err
	}
	*dst = *opts
	return withMasks, nil
}

// parseVerified parses the first message of buf, first checking every data
// object's digest in upstream's order when verify is set (the first
// failure is reported, before any parse error).
// The metadata maps are built only when preceders need merging
// (core.ParseMessageRaw): storeMetadata passes the frame's CBOR on.
func parseVerified(buf []byte, verify bool) (*core.MessageView, error) {
	return core.ParseMessageRaw(buf, verify)
}

// descCBOR returns the descriptor as CBOR (the wire bytes when available).
func descCBOR(d *core.Descriptor) ([]byte, error) {
	if d.Raw != nil {
		return d.Raw, nil
	}
	return d.MarshalCBOR()
}

// decodeInto decodes one object into a fresh tg_array (malloc'ed payload,
// shape, descriptor CBOR and, with masks, the per-element mask arrays).
func decodeInto(a *C.tg_array, ov *core.ObjectView, opts *core.DecodeOptions, withMasks bool) error {
	d := ov.Descriptor
	size, err := ov.DecodedSize()
	if err != nil {
		return err
	}
	raw := d.Encoding == "none" && d.Filter == "none" && d.Compression == "none"
	if raw && len(ov.Payload) != size {
		// core reports the size mismatch before allocating anything.
		if _, err := ov.Decode(opts); err != nil {
			return err
		}
		return errorf(statusValue, "EncodingError: payload size mismatch")
	}
	ok := false
	defer func() {
		if !ok {
			freeArray(a)
		}
	}()
	dc, err := descCBOR(d)
	if err != nil {
		return err
	}
	if a.desc, a.desc_len, err = cBytes(dc); err != nil {
		return err
	}
	p, dst, err := cAlloc(size)
	if err != nil {
		return err
	}
	a.data, a.data_len = (*C.uint8_t)(p), C.size_t(size)
	if err := ov.DecodeInto(dst, opts); err != nil {
		return err
	}
	a.kind = kindOf(d)
	if a.shape, a.ndim, err = cShape(arrayShape(d, size)); err != nil {
		return err
	}
	if withMasks && len(d.Masks) > 0 {
		masks, err := ov.Masks()
		if err != nil {
			return err
		}
		for i, k := range maskKinds {
			m, present := masks[k]
			if !present {
				continue
			}
			mp, mdst, err := cAlloc(len(m))
			if err != nil {
				return err
			}
			for j, v := range m {
				if v {
					mdst[j] = 1
				} else {
					mdst[j] = 0
				}
			}
			a.mask[i], a.mask_len[i] = (*C.uint8_t)(mp), C.size_t(len(m))
		}
	}
	ok = true
	return nil
}

// storeMetadata stores the message metadata in out: the metadata frame's
// own CBOR (meta_pad: the object count to pad base to) when only the view
// separates it from core's metadata, which saves re-encoding it on every
// decode; core's re-encoded metadata (meta_pad -1) when preceders were
// merged. Python turns it into the view (tg_metadata_view) on first use.
func storeMetadata(out *C.tg_result, mv *core.MessageView) error {
	if mv.Metadata == nil { // core.ParseMessageRaw skipped the maps
		return storeFrame(out, nil, mv.MetadataCBOR, int64(len(mv.Objects)))
	}
	g := mv.Metadata
	raw, pad := g.Raw, int64(len(mv.Objects))
	for i := range mv.Objects {
		if mv.Objects[i].Preceder != nil {
			raw = nil
		}
	}
	return storeFrame(out, g, raw, pad)
}

// storeFrame stores raw (core's encoding of g when nil, with pad -1) and
// pad in out; g may be nil when raw is not.
func storeFrame(out *C.tg_result, g *core.GlobalMetadata, raw []byte, pad int64) error {
	if raw == nil {
		var err error
		if raw, err = g.MarshalCBOR(); err != nil {
			return err
		}
		pad = -1
	}
	var err error
	out.meta, out.meta_len, err = cBytes(raw)
	out.meta_pad = C.int64_t(pad)
	return err
}

// fillResult stores the metadata CBOR and decodes the objects of mv that
// which selects (nil: all) into one array each, on core's per-object pool.
// On failure the arrays decoded so far are left in out for freeResult.
func fillResult(out *C.tg_result, mv *core.MessageView, which []int, opts *core.DecodeOptions, withMasks bool) error {
	if err := storeMetadata(out, mv); err != nil {
		return err
	}
	n := len(mv.Objects)
	if which != nil {
		n = len(which)
	}
	ptr, arr, err := cArrays(n)
	if err != nil {
		return err
	}
	out.arrays, out.n = ptr, C.size_t(n)
	if which == nil && n == 1 {
		// What ForEachObject does for one object, without its closures
		// (two Go allocations of a 64 KB decode's nine).
		return decodeInto(&arr[0], &mv.Objects[0], opts, withMasks)
	}
	return mv.ForEachObject(which, opts.Threads, func(k int, ov *core.ObjectView) error {
		return decodeInto(&arr[k], ov, opts, withMasks)
	})
}

// tg_decode decodes the first message of buf[0:n] completely into *out
// (metadata CBOR plus one array per object). On failure *out is left empty.
//
//export tg_decode
func tg_decode(buf *C.uint8_t, n C.size_t, opts *C.tg_decode_opts, out *C.tg_result, err *C.tg_error) C.int32_t {
	return run(err, func() error {
		*out = C.tg_result{}
		b, e := inBytes(buf, n)
		if e != nil {
			return e
		}
		return doDecode(b, opts, out)
	})
}

// doDecode decodes the first message of b completely into *out.
func doDecode(b []byte, opts *C.tg_decode_opts, out *C.tg_result) error {
	o, masks, e := decodeOptions(opts)
	if e != nil {
		return e
	}
	mv, e := parseVerified(b, o.VerifyHash)
	if e != nil {
		return e
	}
	return freeOnError(out, fillResult(out, mv, nil, o, masks))
}

// tg_decode_object decodes object index of the first message of buf into
// *out (metadata CBOR plus one array). With verify_hash only that object's
// digest is checked.
//
//export tg_decode_object
func tg_decode_object(buf *C.uint8_t, n C.size_t, index C.uint64_t, opts *C.tg_decode_opts, out *C.tg_result, err *C.tg_error) C.int32_t {
	return run(err, func() error {
		*out = C.tg_result{}
		b, e := inBytes(buf, n)
		if e != nil {
			return e
		}
		return doDecodeObject(b, index, opts, out)
	})
}

// doDecodeObject decodes object index of the first message of b into *out.
func doDecodeObject(b []byte, index C.uint64_t, opts *C.tg_decode_opts, out *C.tg_result) error {
	o, masks, e := decodeOptions(opts)
	if e != nil {
		return e
	}
	idx := clampIndex(uint64(index))
	// Raw: the metadata goes to Python as CBOR (storeMetadata), so its maps
	// are not built; checks and errors are ParseObject's.
	mv, _, e := core.ParseObjectRaw(b, idx, o.VerifyHash)
	if e != nil {
		return e
	}
	return freeOnError(out, fillResult(out, mv, []int{idx}, o, masks))
}

// clampIndex converts an unsigned index to int; values past maxInt become
// maxInt, which every lookup reports as out of range.
func clampIndex(i uint64) int {
	if i > uint64(maxInt) {
		return maxInt
	}
	return int(i)
}

// tg_decode_range decodes element ranges (pairs start, count in
// ranges[0:2*nranges]) of object index into *out: one 1-D array per range,
// or a single concatenated array with join.
//
//export tg_decode_range
func tg_decode_range(buf *C.uint8_t, n C.size_t, index C.uint64_t, ranges *C.uint64_t, nranges C.size_t, join C.int32_t, opts *C.tg_decode_opts, out *C.tg_result, err *C.tg_error) C.int32_t {
	return run(err, func() error {
		*out = C.tg_result{}
		b, e := inBytes(buf, n)
		if e != nil {
			return e
		}
		return doDecodeRange(b, index, ranges, nranges, join, opts, out)
	})
}

// doDecodeRange decodes element ranges of object index of b into *out.
// Options, ranges and the range sink live on this frame and core keeps
// nothing of the message but the descriptor (core.DecodeRangeTo), so a call
// leaves almost no garbage for Go's collector.
func doDecodeRange(b []byte, index C.uint64_t, ranges *C.uint64_t, nranges C.size_t, join C.int32_t, opts *C.tg_decode_opts, out *C.tg_result) error {
	var o core.DecodeOptions
	if _, e := decodeOptionsInto(&o, opts); e != nil {
		return e
	}
	rs, e := inRanges(ranges, nranges)
	if e != nil {
		return e
	}
	idx := clampIndex(uint64(index))
	s, ok, e := newRangeSink(out, len(rs), join != 0)
	if e != nil {
		return e
	}
	if !ok {
		return decodeRangeJoined(b, idx, rs, o, out)
	}
	d, e := core.DecodeRangeTo(b, idx, rs, &o, s.alloc)
	return s.done(d, e)
}

// decodeRangeJoined is doDecodeRange for a join of several ranges, whose
// single array fillRanges concatenates.
func decodeRangeJoined(b []byte, idx int, rs []core.Range, o core.DecodeOptions, out *C.tg_result) error {
	parts := make([][]byte, 0, len(rs))
	d, e := core.DecodeRangeTo(b, idx, rs, &o, func(i, n int) ([]byte, error) {
		parts = append(parts, make([]byte, n))
		return parts[i], nil
	})
	if e != nil {
		return e
	}
	return freeOnError(out, fillRanges(out, kindOf(d), parts, true))
}

// rangeArgs converts the decode options and the (start, count) pairs of a
// range decode.
func rangeArgs(opts *C.tg_decode_opts, ranges *C.uint64_t, nranges C.size_t) (*core.DecodeOptions, []core.Range, error) {
	o, _, e := decodeOptions(opts)
	if e != nil {
		return nil, nil, e
	}
	rs, e := inRanges(ranges, nranges)
	if e != nil {
		return nil, nil, e
	}
	return o, rs, nil
}

// inRanges views nranges (start, count) pairs as core ranges: the slice
// aliases the caller's array (core.Range is two uint64, laid out as the
// pair), so it is valid for the call only and core only reads it.
func inRanges(ranges *C.uint64_t, nranges C.size_t) ([]core.Range, error) {
	if nranges > 0 && ranges == nil {
		return nil, errorf(statusValue, "NULL ranges")
	}
	if nranges == 0 {
		return []core.Range{}, nil
	}
	if uint64(nranges) > uint64(maxInt)/16 {
		return nil, errorf(statusValue, "%d ranges", uint64(nranges))
	}
	return unsafe.Slice((*core.Range)(unsafe.Pointer(ranges)), int(nranges)), nil
}

// inRanges' view needs core.Range to be exactly the pair (Offset, Count):
// these fail to compile otherwise.
var (
	_ [16]byte = [unsafe.Sizeof(core.Range{})]byte{}
	_ [8]byte  = [unsafe.Offsetof(core.Range{}.Count)]byte{}
)

// fillRanges copies decoded range parts into malloc'ed 1-D arrays.
func fillRanges(out *C.tg_result, kind C.int32_t, parts [][]byte, join bool) error {
	if join && len(parts) != 1 {
		total := 0
		for _, p := range parts {
			total += len(p)
		}
		ptr, arr, err := cArrays(1)
		if err != nil {
			return err
		}
		out.arrays, out.n = ptr, 1
		p, dst, err := cAlloc(total)
		if err != nil {
			return err
		}
		a := &arr[0]
		a.data, a.data_len, a.kind = (*C.uint8_t)(p), C.size_t(total), kind
		off := 0
		for _, part := range parts {
			off += copy(dst[off:], part)
		}
		a.shape, a.ndim, err = cShape([]uint64{uint64(total / kindSize(kind))})
		return err
	}
	ptr, arr, err := cArrays(len(parts))
	if err != nil {
		return err
	}
	out.arrays, out.n = ptr, C.size_t(len(parts))
	size := kindSize(kind)
	for i, p := range parts {
		a := &arr[i]
		if a.data, a.data_len, err = cBytes(p); err != nil {
			return err
		}
		a.kind = kind
		if a.shape, a.ndim, err = cShape([]uint64{uint64(len(p) / size)}); err != nil {
			return err
		}
	}
	return nil
}
