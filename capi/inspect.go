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

// descriptorsResult fills *out with the metadata CBOR and one array record
// per object carrying only its descriptor CBOR.
func descriptorsResult(out *C.tg_result, mv *core.MessageView) error {
	if err := storeMetadata(out, mv); err != nil {
		return err
	}
	ptr, arr, err := cArrays(len(mv.Objects))
	if err != nil {
		return err
	}
	out.arrays, out.n = ptr, C.size_t(len(mv.Objects))
	for i := range mv.Objects {
		dc, err := descCBOR(mv.Objects[i].Descriptor)
		if err != nil {
			return err
		}
		if arr[i].desc, arr[i].desc_len, err = cBytes(dc); err != nil {
			return err
		}
	}
	return nil
}

// doDecodeDescriptors fills *out with the metadata and the descriptors of
// the first message of b (tg_decode_descriptors).
func doDecodeDescriptors(b []byte, out *C.tg_result) error {
	mv, err := core.ParseMessageRaw(b, false)
	if err != nil {
		return err
	}
	return freeOnError(out, descriptorsResult(out, mv))
}

// metadataResult fills out.meta with the first metadata frame (upstream
// decode_metadata: un-merged, base not padded).
func metadataResult(out *C.tg_result, b []byte) error {
	raw, err := core.DecodeMetadataCBOR(b)
	if err != nil {
		return err
	}
	return storeFrame(out, nil, raw, 0)
}

// tg_decode_metadata stores the metadata CBOR of the first message of buf
// in out->meta.
//
//export tg_decode_metadata
func tg_decode_metadata(buf *C.uint8_t, n C.size_t, out *C.tg_result, err *C.tg_error) C.int32_t {
	return run(err, func() error {
		*out = C.tg_result{}
		b, e := inBytes(buf, n)
		if e != nil {
			return e
		}
		return freeOnError(out, metadataResult(out, b))
	})
}

// tg_decode_descriptors stores the metadata CBOR and every descriptor CBOR
// (arrays[i].desc, no payload) of the first message of buf.
//
//export tg_decode_descriptors
func tg_decode_descriptors(buf *C.uint8_t, n C.size_t, out *C.tg_result, err *C.tg_error) C.int32_t {
	return run(err, func() error {
		*out = C.tg_result{}
		b, e := inBytes(buf, n)
		if e != nil {
			return e
		}
		return doDecodeDescriptors(b, out)
	})
}

// tg_scan locates the messages of buf as count (offset, length) pairs of
// uint64. When count <= inlineCap they are written to inlineSpans (the
// caller's array of 2*inlineCap uint64) and *spans is NULL; otherwise *spans
// receives a malloc array of 2*count uint64 (free with tg_free). Small
// results thus cost no allocation on either side of the call.
//
//export tg_scan
func tg_scan(buf *C.uint8_t, n C.size_t, inlineSpans *C.uint64_t, inlineCap C.size_t, spans **C.uint64_t, count *C.size_t, err *C.tg_error) C.int32_t {
	return run(err, func() error {
		*spans, *count = nil, 0
		b, e := inBytes(buf, n)
		if e != nil {
			return e
		}
		var local [8]core.MessageSpan
		ss := core.AppendScan(local[:0], b)
		if inlineSpans != nil && uint64(len(ss)) <= uint64(inlineCap) {
			putSpans(unsafe.Slice((*uint64)(unsafe.Pointer(inlineSpans)), 2*len(ss)), ss)
			*count = C.size_t(len(ss))
			return nil
		}
		return storeSpans(ss, spans, count)
	})
}

// putSpans writes spans as (offset, length) pairs into flat.
func putSpans(flat []uint64, ss []core.MessageSpan) {
	for i, s := range ss {
		flat[2*i], flat[2*i+1] = uint64(s.Offset), uint64(s.Length)
	}
}

func storeSpans(ss []core.MessageSpan, spans **C.uint64_t, count *C.size_t) error {
	if len(ss) == 0 {
		return nil
	}
	p, _, e := cAlloc(16 * len(ss))
	if e != nil {
		return e
	}
	putSpans(unsafe.Slice((*uint64)(p), 2*len(ss)), ss)
	*spans, *count = (*C.uint64_t)(p), C.size_t(len(ss))
	return nil
}

// validateOptions converts the level name and applies
// pyapi.ValidateOptions.
func validateOptions(level *C.char, levelLen C.size_t, canonical C.int32_t) (*core.ValidateOptions, error) {
	l, err := inString(level, levelLen)
	if err != nil {
		return nil, err
	}
	return pyapi.ValidateOptions(l, canonical != 0)
}

// tg_validate validates the first message of buf; the report (CBOR, keys in
// upstream's order) is written through alloc.
//
//export tg_validate
func tg_validate(buf *C.uint8_t, n C.size_t, level *C.char, levelLen C.size_t, canonical C.int32_t,
	alloc C.tg_alloc_fn, ctx unsafe.Pointer, err *C.tg_error) C.int32_t {
	return run(err, func() error {
		b, e := inBytes(buf, n)
		if e != nil {
			return e
		}
		opts, e := validateOptions(level, levelLen, canonical)
		if e != nil {
			return e
		}
		return (&cAllocator{fn: alloc, ctx: ctx}).emit(pyapi.Report(core.ValidateMessage(b, opts)))
	})
}

// tg_validate_file validates every message of the file at path; the
// {"file_issues", "messages"} report (CBOR) is written through alloc.
//
//export tg_validate_file
func tg_validate_file(path *C.char, pathLen C.size_t, level *C.char, levelLen C.size_t, canonical C.int32_t,
	alloc C.tg_alloc_fn, ctx unsafe.Pointer, err *C.tg_error) C.int32_t {
	return run(err, func() error {
		p, e := inString(path, pathLen)
		if e != nil {
			return e
		}
		opts, e := validateOptions(level, levelLen, canonical)
		if e != nil {
			return e
		}
		fr, e := core.ValidateFile(p, opts)
		if e != nil {
			return e
		}
		return (&cAllocator{fn: alloc, ctx: ctx}).emit(pyapi.FileReport(fr))
	})
}
