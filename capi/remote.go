package main

/*
#include "tg_capi.h"
*/
import "C"

import (
	"context"
	"errors"
	"unsafe"

	"github.com/tensogram-go/tensogram-go/core"
	"github.com/tensogram-go/tensogram-go/core/remote"
)

// remoteHandle is a TensogramFile over a URL behind a C handle. The file
// and message exports (tg_file_count, tg_file_read, tg_file_decode) accept
// it as well as a local file handle.
type remoteHandle struct{ f *remote.File }

func (h *remoteHandle) close() error { return h.f.Close() }

// remoteFileOf returns the remote file behind h, or nil when h is not a
// remote handle (a local file, a released or a foreign handle).
func remoteFileOf(h unsafe.Pointer) *remote.File {
	if h == nil {
		return nil
	}
	rh, err := restoreHandle[*remoteHandle](h)
	if err != nil {
		return nil
	}
	return rh.f
}

// remoteError keeps the "RemoteError: " prefix of remote failures in the
// OSError text (other OSErrors carry the plain OS text).
func remoteError(err error) error {
	var ce *core.Error
	if errors.As(err, &ce) && ce.Kind == core.KindUnsupported {
		return errorf(statusOS, "%s", err.Error())
	}
	return err
}

// tg_remote_open opens the Tensogram file at url (http(s), s3, gs, az and
// the other schemes of docs/python-api.md) with the storage options given
// as nopts key/value strings (keys[i] of keyLens[i] bytes, vals[i] of
// valLens[i] bytes) and stores its handle in *handle. bidirectional != 0
// discovers messages from both ends of the object.
//
//export tg_remote_open
func tg_remote_open(url *C.char, urlLen C.size_t, keys **C.char, keyLens *C.size_t, vals **C.char, valLens *C.size_t,
	nopts C.size_t, bidirectional C.int32_t, handle *unsafe.Pointer, err *C.tg_error) C.int32_t {
	return run(err, func() error {
		u, e := inString(url, urlLen)
		if e != nil {
			return e
		}
		opts, e := inOptions(keys, keyLens, vals, valLens, nopts)
		if e != nil {
			return e
		}
		f, e := remote.OpenFile(context.Background(), u, opts, remote.OpenOptions{Bidirectional: bidirectional != 0})
		if e != nil {
			return remoteError(e)
		}
		*handle = saveHandle(&remoteHandle{f: f})
		return nil
	})
}

// inOptions converts n C key/value string pairs to a map.
func inOptions(keys **C.char, keyLens *C.size_t, vals **C.char, valLens *C.size_t, n C.size_t) (map[string]string, error) {
	if n == 0 {
		return nil, nil
	}
	if keys == nil || keyLens == nil || vals == nil || valLens == nil {
		return nil, errorf(statusValue, "NULL storage options")
	}
	ks, kl := unsafe.Slice(keys, int(n)), unsafe.Slice(keyLens, int(n))
	vs, vl := unsafe.Slice(vals, int(n)), unsafe.Slice(valLens, int(n))
	m := make(map[string]string, int(n))
	for i := range ks {
		k, err := inString(ks[i], kl[i])
		if err != nil {
			return nil, err
		}
		v, err := inString(vs[i], vl[i])
		if err != nil {
			return nil, err
		}
		m[k] = v
	}
	return m, nil
}

// remoteCount is tg_file_count for a remote file.
func remoteCount(f *remote.File, count *C.uint64_t) error {
	n, err := f.MessageCount(context.Background())
	if err != nil {
		return remoteError(err)
	}
	*count = C.uint64_t(n)
	return nil
}

// remoteDecode is tg_file_decode for a remote file: each operation fetches
// only what it needs (the whole message for TG_FILE_OP_DECODE).
func remoteDecode(f *remote.File, msg C.uint64_t, op C.int32_t, obj C.uint64_t, ranges *C.uint64_t, nranges C.size_t,
	join C.int32_t, opts *C.tg_decode_opts, out *C.tg_result) error {
	ctx, i, j := context.Background(), clampIndex(uint64(msg)), clampIndex(uint64(obj))
	var err error
	switch op {
	case C.TG_FILE_OP_DECODE:
		var b []byte
		if b, err = f.ReadMessage(ctx, i); err == nil {
			err = doDecode(b, opts, out)
		}
	case C.TG_FILE_OP_OBJECT:
		err = remoteObjects(f, []int{i}, j, opts, unsafe.Slice(out, 1))
	case C.TG_FILE_OP_RANGE:
		err = remoteRanges(f, []int{i}, j, ranges, nranges, join, opts, unsafe.Slice(out, 1))
	case C.TG_FILE_OP_METADATA:
		var g *core.GlobalMetadata
		if g, err = f.Metadata(ctx, i); err == nil {
			err = storeFrame(out, g, g.Raw, 0)
		}
	case C.TG_FILE_OP_DESCRIPTORS:
		err = remoteDescriptors(f, i, out)
	default:
		return errorf(statusValue, "unknown file operation %d", int32(op))
	}
	if err != nil {
		freeResult(out)
		return remoteError(err)
	}
	return nil
}

// remoteDescriptors stores the metadata and every descriptor of message i.
func remoteDescriptors(f *remote.File, i int, out *C.tg_result) error {
	g, descs, err := f.Descriptors(context.Background(), i)
	if err != nil {
		return err
	}
	if err := storeFrame(out, g, nil, -1); err != nil {
		return err
	}
	ptr, arr, err := cArrays(len(descs))
	if err != nil {
		return err
	}
	out.arrays, out.n = ptr, C.size_t(len(descs))
	for k, d := range descs {
		dc, err := descCBOR(d)
		if err != nil {
			return err
		}
		if arr[k].desc, arr[k].desc_len, err = cBytes(dc); err != nil {
			return err
		}
	}
	return nil
}
