package main

/*
#include "tg_capi.h"
*/
import "C"

import (
	"context"
	"unsafe"

	"github.com/tensogram-go/tensogram-go/core"
	"github.com/tensogram-go/tensogram-go/core/remote"
)

// inIndices converts n C message indices to ints (clamped: an index past
// the int range is reported as out of range by the lookup).
func inIndices(msgs *C.uint64_t, n C.size_t) ([]int, error) {
	if n == 0 {
		return nil, nil
	}
	if msgs == nil {
		return nil, errorf(statusValue, "NULL message indices")
	}
	out := make([]int, int(n))
	for k, v := range unsafe.Slice(msgs, int(n)) {
		out[k] = clampIndex(uint64(v))
	}
	return out, nil
}

// tg_file_decode_batch runs one operation (TG_FILE_OP_OBJECT or
// TG_FILE_OP_RANGE, as tg_file_decode) on object obj of each of the nmsgs
// messages msgs[0:nmsgs] of a remote file, filling outs[k] for msgs[k]
// (duplicates allowed). The frames are fetched in coalesced concurrent
// requests. On failure every outs[k] is left empty. A local file handle
// fails with OSError (batches need a remote backend).
//
//export tg_file_decode_batch
func tg_file_decode_batch(h unsafe.Pointer, msgs *C.uint64_t, nmsgs C.size_t, op C.int32_t, obj C.uint64_t,
	ranges *C.uint64_t, nranges C.size_t, join C.int32_t, opts *C.tg_decode_opts, outs *C.tg_result, err *C.tg_error) C.int32_t {
	return run(err, func() error {
		if nmsgs > 0 && outs == nil {
			return errorf(statusValue, "NULL results")
		}
		res := unsafe.Slice(outs, int(nmsgs))
		for k := range res {
			res[k] = C.tg_result{}
		}
		what := map[C.int32_t]string{C.TG_FILE_OP_OBJECT: "object", C.TG_FILE_OP_RANGE: "range"}[op]
		if what == "" {
			return errorf(statusValue, "unknown batch operation %d", int32(op))
		}
		f := remoteFileOf(h)
		if f == nil {
			if _, e := fileOf(h); e != nil {
				return e
			}
			return errorf(statusOS, "batch %s decode requires a remote backend", what)
		}
		idx, e := inIndices(msgs, nmsgs)
		if e != nil || len(idx) == 0 {
			return e
		}
		if op == C.TG_FILE_OP_OBJECT {
			e = remoteObjects(f, idx, clampIndex(uint64(obj)), opts, res)
		} else {
			e = remoteRanges(f, idx, clampIndex(uint64(obj)), ranges, nranges, join, opts, res)
		}
		if e != nil {
			for k := range res {
				freeResult(&res[k])
			}
			return remoteError(e)
		}
		return nil
	})
}

// tg_file_prefetch discovers messages msgs[0:n] of a remote file and
// fetches their layouts, so later decodes of them need no layout request.
// A no-op for a local file handle.
//
//export tg_file_prefetch
func tg_file_prefetch(h unsafe.Pointer, msgs *C.uint64_t, n C.size_t, err *C.tg_error) C.int32_t {
	return run(err, func() error {
		f := remoteFileOf(h)
		if f == nil {
			_, e := fileOf(h)
			return e
		}
		idx, e := inIndices(msgs, n)
		if e != nil || len(idx) == 0 {
			return e
		}
		return remoteError(f.PrefetchLayouts(context.Background(), idx))
	})
}

// remoteObjects decodes object j of each message of msgs into outs (the
// metadata as core reports it, one array each).
func remoteObjects(f *remote.File, msgs []int, j int, opts *C.tg_decode_opts, outs []C.tg_result) error {
	o, _, err := decodeOptions(opts)
	if err != nil {
		return err
	}
	ctx := context.Background()
	var objs []*core.DecodedObject
	var metas []*core.GlobalMetadata
	if len(msgs) == 1 {
		g, d, err := f.DecodeObject(ctx, msgs[0], j, o)
		if err != nil {
			return err
		}
		objs, metas = []*core.DecodedObject{d}, []*core.GlobalMetadata{g}
	} else if objs, metas, err = f.DecodeObjectBatch(ctx, msgs, j, o); err != nil {
		return err
	}
	for k := range objs {
		if err := storeObject(&outs[k], metas[k], objs[k]); err != nil {
			return err
		}
	}
	return nil
}

// storeObject fills out with metadata g and the decoded object d.
func storeObject(out *C.tg_result, g *core.GlobalMetadata, d *core.DecodedObject) error {
	if err := storeFrame(out, g, nil, -1); err != nil {
		return err
	}
	ptr, arr, err := cArrays(1)
	if err != nil {
		return err
	}
	out.arrays, out.n = ptr, 1
	a := &arr[0]
	dc, err := descCBOR(d.Descriptor)
	if err != nil {
		return err
	}
	if a.desc, a.desc_len, err = cBytes(dc); err != nil {
		return err
	}
	if a.data, a.data_len, err = cBytes(d.Data); err != nil {
		return err
	}
	a.kind = kindOf(d.Descriptor)
	a.shape, a.ndim, err = cShape(arrayShape(d.Descriptor, len(d.Data)))
	return err
}

// remoteRanges decodes the same element ranges of object j of each
// message of msgs into outs (as tg_file_decode's TG_FILE_OP_RANGE).
func remoteRanges(f *remote.File, msgs []int, j int, ranges *C.uint64_t, nranges C.size_t, join C.int32_t,
	opts *C.tg_decode_opts, outs []C.tg_result) error {
	o, _, err := decodeOptions(opts)
	if err != nil {
		return err
	}
	rs, err := inRanges(ranges, nranges) // a view of the caller's array: every remote read is waited for before the call returns
	if err != nil {
		return err
	}
	ctx := context.Background()
	var parts [][][]byte
	var descs []*core.Descriptor
	if len(msgs) == 1 {
		d, p, err := f.DecodeRangeDescribed(ctx, msgs[0], j, rs, o)
		if err != nil {
			return err
		}
		descs, parts = []*core.Descriptor{d}, [][][]byte{p}
	} else if descs, parts, err = f.DecodeRangeBatchDescribed(ctx, msgs, j, rs, o); err != nil {
		return err
	}
	for k := range msgs {
		if err := fillRanges(&outs[k], kindOf(descs[k]), parts[k], join != 0); err != nil {
			return err
		}
	}
	return nil
}
