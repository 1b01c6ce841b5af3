package main

/*
#include "tg_capi.h"
*/
import "C"

import (
	"bytes"
	"sync"
	"unsafe"

	"github.com/tensogram-go/tensogram-go/core"
)

// streamHandle is a StreamingEncoder writing into an in-memory buffer. mu
// serialises the calls on one handle: Python code may share one encoder
// between threads, and each write or finish then runs whole, one at a time.
type streamHandle struct {
	mu       sync.Mutex
	buf      bytes.Buffer
	enc      *core.StreamingEncoder
	opts     core.EncodeOptions
	finished bool
}

func (s *streamHandle) close() error { return nil }

// tg_stream_new starts a streaming encoder with the metadata dict (CBOR)
// and options, storing its handle in *handle.
//
//export tg_stream_new
func tg_stream_new(meta *C.uint8_t, metaLen C.size_t, opts *C.tg_enc_opts, handle *unsafe.Pointer, err *C.tg_error) C.int32_t {
	return run(err, func() error {
		eo, e := encodeOptions(opts)
		if e != nil {
			return e
		}
		if eo.AggregateHash == core.HashHeader || eo.AggregateHash == core.HashBoth {
			return errorf(statusValue, "aggregate_hash %q is not available in streaming mode: the header is already written; use \"footer\", \"auto\" or \"none\"",
				map[core.AggregateHash]string{core.HashHeader: "header", core.HashBoth: "both"}[eo.AggregateHash])
		}
		g, e := buildMeta(meta, metaLen)
		if e != nil {
			return e
		}
		s := &streamHandle{opts: eo}
		if s.enc, e = core.NewStreamingEncoder(&s.buf, g, &s.opts); e != nil {
			return e
		}
		*handle = saveHandle(s)
		return nil
	})
}

// lockStream returns the unfinished stream behind h with its mutex held;
// the caller unlocks it when its call is done.
func lockStream(h unsafe.Pointer) (*streamHandle, error) {
	s, err := restoreHandle[*streamHandle](h)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	if s.finished {
		s.mu.Unlock()
		return nil, errorf(statusRuntime, "StreamingEncoder already finished")
	}
	return s, nil
}

// tg_stream_write writes one object (pre != 0: the data is already encoded).
//
//export tg_stream_write
func tg_stream_write(h unsafe.Pointer, obj *C.tg_enc_obj, pre C.int32_t, warn **C.char, err *C.tg_error) C.int32_t {
	return run(err, func() error {
		s, e := lockStream(h)
		if e != nil {
			return e
		}
		defer s.mu.Unlock()
		if obj == nil {
			return errorf(statusValue, "NULL object")
		}
		in, w, e := buildObject(obj)
		if w != "" && warn != nil {
			*warn = cString(w)
		}
		if e != nil {
			return e
		}
		if pre != 0 {
			return s.enc.WriteObjectPreEncoded(in)
		}
		return s.enc.WriteObject(in)
	})
}

// tg_stream_finish finishes the message (backfilled != 0: both length
// slots hold the real length) and writes it through alloc. With reset the
// encoder starts a new message with the same metadata and options;
// otherwise it is finished for good.
//
//export tg_stream_finish
func tg_stream_finish(h unsafe.Pointer, backfilled C.int32_t, reset C.int32_t, alloc C.tg_alloc_fn, ctx unsafe.Pointer, err *C.tg_error) C.int32_t {
	return run(err, func() error {
		s, e := lockStream(h)
		if e != nil {
			return e
		}
		defer s.mu.Unlock()
		if backfilled != 0 {
			e = s.enc.FinishBackfilled()
		} else {
			e = s.enc.Finish()
		}
		if e != nil {
			return e
		}
		if reset == 0 {
			s.finished = true
		}
		if e := (&cAllocator{fn: alloc, ctx: ctx}).emit(s.buf.Bytes()); e != nil {
			return e
		}
		if reset != 0 {
			s.buf.Reset()
			return s.enc.Restart()
		}
		s.buf = bytes.Buffer{}
		return nil
	})
}
