package main

/*
#include "tg_capi.h"
*/
import "C"

import (
	"context"
	"unsafe"

	"github.com/tensogram-go/tensogram-go/core"
)

// fileHandle is a TensogramFile behind a C handle.
type fileHandle struct{ f *core.File }

func (h *fileHandle) close() error { return h.f.Close() }

// tg_file_open opens (create = 0) or creates/truncates (create != 0) the
// .tgm file at path and stores its handle in *handle.
//
//export tg_file_open
func tg_file_open(path *C.char, pathLen C.size_t, create C.int32_t, handle *unsafe.Pointer, err *C.tg_error) C.int32_t {
	return run(err, func() error {
		p, e := inString(path, pathLen)
		if e != nil {
			return e
		}
		var f *core.File
		if create != 0 {
			f, e = core.CreateFile(p)
		} else {
			f, e = core.OpenFile(p)
		}
		if e != nil {
			return e
		}
		*handle = saveHandle(&fileHandle{f: f})
		return nil
	})
}

func fileOf(h unsafe.Pointer) (*core.File, error) {
	fh, err := restoreHandle[*fileHandle](h)
	if err != nil {
		return nil, err
	}
	return fh.f, nil
}

// readMessage returns message index of the file behind h.
func readMessage(h unsafe.Pointer, index C.uint64_t) ([]byte, error) {
	if rf := remoteFileOf(h); rf != nil {
		b, err := rf.ReadMessage(context.Background(), clampIndex(uint64(index)))
		return b, remoteError(err)
	}
	f, err := fileOf(h)
	if err != nil {
		return nil, err
	}
	return f.ReadMessage(clampIndex(uint64(index)))
}

// tg_file_count (local or remote handle) stores the number of messages in *count (scanning once).
//
//export tg_file_count
func tg_file_count(h unsafe.Pointer, count *C.uint64_t, err *C.tg_error) C.int32_t {
	return run(err, func() error {
		if rf := remoteFileOf(h); rf != nil {
			return remoteCount(rf, count)
		}
		f, e := fileOf(h)
		if e != nil {
			return e
		}
		n, e := f.Count()
		if e != nil {
			return e
		}
		*count = C.uint64_t(n)
		return nil
	})
}

// tg_file_read (local or remote handle) writes the raw bytes of message index through alloc.
//
//export tg_file_read
func tg_file_read(h unsafe.Pointer, index C.uint64_t, alloc C.tg_alloc_fn, ctx unsafe.Pointer, err *C.tg_error) C.int32_t {
	return run(err, func() error {
		b, e := readMessage(h, index)
		if e != nil {
			return e
		}
		return (&cAllocator{fn: alloc, ctx: ctx}).emit(b)
	})
}

// tg_file_decode (local or remote handle; a remote file fetches only what
// the operation needs) reads message msg of the file and runs one decode
// operation on it, selected by op (TG_FILE_OP_* of tg_capi.h: the whole
// message, object obj, ranges of object obj, metadata, or descriptors),
// filling *out as the buffer exports do.
//
//export tg_file_decode
func tg_file_decode(h unsafe.Pointer, msg C.uint64_t, op C.int32_t, obj C.uint64_t, ranges *C.uint64_t, nranges C.size_t,
	join C.int32_t, opts *C.tg_decode_opts, out *C.tg_result, err *C.tg_error) C.int32_t {
	return run(err, func() error {
		*out = C.tg_result{}
		if rf := remoteFileOf(h); rf != nil {
			return remoteDecode(rf, msg, op, obj, ranges, nranges, join, opts, out)
		}
		if op == C.TG_FILE_OP_RANGE {
			return fileDecodeRange(h, msg, obj, ranges, nranges, join, opts, out)
		}
		b, e := readMessage(h, msg)
		if e != nil {
			return e
		}
		switch op {
		case C.TG_FILE_OP_DECODE:
			return doDecode(b, opts, out)
		case C.TG_FILE_OP_OBJECT:
			return doDecodeObject(b, obj, opts, out)
		case C.TG_FILE_OP_METADATA:
			return freeOnError(out, metadataResult(out, b))
		case C.TG_FILE_OP_DESCRIPTORS:
			return doDecodeDescriptors(b, out)
		}
		return errorf(statusValue, "unknown file operation %d", int32(op))
	})
}

// tg_file_append encodes one message like tg_encode and appends it to the
// file behind h. Warnings are returned as for tg_encode.
//
//export tg_file_append
func tg_file_append(h unsafe.Pointer, meta *C.uint8_t, metaLen C.size_t, objs *C.tg_enc_obj, nobjs C.size_t,
	opts *C.tg_enc_opts, warn **C.char, err *C.tg_error) C.int32_t {
	return run(err, func() error {
		if remoteFileOf(h) != nil {
			return errorf(statusOS, "RemoteError: operation not supported on remote files")
		}
		f, e := fileOf(h)
		if e != nil {
			return e
		}
		job, e := buildJob(meta, metaLen, objs, nobjs, opts)
		storeWarnings(job, warn)
		if e != nil {
			return e
		}
		return f.Append(job.meta, job.inputs, &job.opts)
	})
}

// fileDecodeRange decodes element ranges of object obj of message msg of a
// local file, reading (mapping) only the bytes the ranges need.
func fileDecodeRange(h unsafe.Pointer, msg, obj C.uint64_t, ranges *C.uint64_t, nranges C.size_t, join C.int32_t, opts *C.tg_decode_opts, out *C.tg_result) error {
	f, e := fileOf(h)
	if e != nil {
		return e
	}
	o, rs, e := rangeArgs(opts, ranges, nranges)
	if e != nil {
		return e
	}
	return decodeRangeC(out, len(rs), join != 0, func(alloc core.RangeAlloc) (*core.Descriptor, [][]byte, error) {
		return f.DecodeRangeAlloc(clampIndex(uint64(msg)), clampIndex(uint64(obj)), rs, o, alloc)
	})
}
