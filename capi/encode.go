package main

/*
#include "tg_capi.h"
*/
import "C"

import (
	"strings"
	"unsafe"

	"github.com/tensogram-go/tensogram-go/core"
)

// encodeJob is a fully converted encode request.
type encodeJob struct {
	meta     *core.GlobalMetadata
	inputs   []core.EncodeInput
	opts     core.EncodeOptions
	warnings []string
}

var maskMethodNames = []string{"none", "rle", "roaring", "lz4", "zstd", "blosc2"}

// encodeOptions converts the C options of encode (upstream's keyword
// arguments hash, threads, allow_nan, allow_inf, the three mask methods,
// small_mask_threshold_bytes, aggregate_hash) into core.EncodeOptions,
// rejecting unknown names with upstream's messages.
func encodeOptions(o *C.tg_enc_opts) (core.EncodeOptions, error) {
	var eo core.EncodeOptions
	if o == nil {
		return eo, nil
	}
	if o.hash == nil {
		eo.NoHash = true
	} else {
		h, err := inString(o.hash, o.hash_len)
		if err != nil {
			return eo, err
		}
		switch h {
		case "xxh3":
		case "none":
			eo.NoHash = true
		default:
			return eo, errorf(statusValue, "metadata error: unknown hash type: %s; expected \"xxh3\" or \"none\"", h)
		}
	}
	if o.threads < 0 {
		return eo, errorf(statusOverflow, "can't convert negative int to unsigned")
	}
	eo.Threads = int(min(int64(o.threads), 1<<20))
	eo.AllowNaN, eo.AllowInf = o.allow_nan != 0, o.allow_inf != 0
	dst := [C.TG_NMASKS]*string{
		C.TG_MASK_NAN: &eo.NaNMaskMethod, C.TG_MASK_POS_INF: &eo.PosInfMaskMethod, C.TG_MASK_NEG_INF: &eo.NegInfMaskMethod,
	}
	for i := range dst {
		if o.mask_method[i] == nil {
			continue
		}
		m, err := inString(o.mask_method[i], o.mask_method_len[i])
		if err != nil {
			return eo, err
		}
		known := false
		for _, n := range maskMethodNames {
			known = known || n == m
		}
		if !known {
			return eo, errorf(statusValue, "unknown mask method %q (expected \"none\" | \"rle\" | \"roaring\" | \"lz4\" | \"zstd\" | \"blosc2\")", m)
		}
		*dst[i] = m
	}
	switch t := int64(o.small_mask_threshold); {
	case t < 0:
		eo.SmallMaskThreshold = 0 // default 128
	case t == 0:
		eo.SmallMaskThreshold = -1 // every mask keeps its method
	default:
		eo.SmallMaskThreshold = int(min(t, int64(maxInt32)))
	}
	if o.aggregate_hash != nil {
		a, err := inString(o.aggregate_hash, o.aggregate_hash_len)
		if err != nil {
			return eo, err
		}
		if eo.AggregateHash, err = core.ParseAggregateHash(a); err != nil {
			return eo, errorf(statusValue, "unknown aggregate_hash policy %q; expected one of: 'auto', 'none', 'header', 'footer', 'both'", a)
		}
	}
	eo.PreEncoded = o.pre_encoded != 0
	return eo, nil
}

const maxInt32 = 1<<31 - 1

// decodeCBORMap decodes a CBOR item produced by the shim's Python->CBOR codec.
func decodeCBORValue(b []byte) (any, error) {
	v, _, err := core.UnmarshalLenient(b)
	if err != nil {
		return nil, errorf(statusValue, "invalid CBOR from the shim: %v", err)
	}
	return core.NormalizeValue(v), nil
}

// buildMeta converts the metadata dict (CBOR) with upstream's rules.
func buildMeta(meta *C.uint8_t, metaLen C.size_t) (*core.GlobalMetadata, error) {
	mb, err := inBytes(meta, metaLen)
	if err != nil {
		return nil, err
	}
	mv, err := decodeCBORValue(mb)
	if err != nil {
		return nil, err
	}
	return globalFromDict(mv)
}

// buildObject converts one (descriptor CBOR, data) pair into an input.
func buildObject(o *C.tg_enc_obj, eo *core.EncodeOptions) (core.EncodeInput, string, error) {
	db, err := inBytes(o.desc, o.desc_len)
	if err != nil {
		return core.EncodeInput{}, "", err
	}
	dv, err := decodeCBORValue(db)
	if err != nil {
		return core.EncodeInput{}, "", err
	}
	d, warn, err := descriptorFromDict(dv)
	if err != nil {
		return core.EncodeInput{}, warn, err
	}
	data, err := inBytes(o.data, o.data_len)
	if err != nil {
		return core.EncodeInput{}, warn, err
	}
	return core.EncodeInput{Descriptor: d, Data: data}, warn, nil
}

// buildJob converts a whole encode request.
func buildJob(meta *C.uint8_t, metaLen C.size_t, objs *C.tg_enc_obj, nobjs C.size_t, opts *C.tg_enc_opts) (*encodeJob, error) {
	job := &encodeJob{}
	var err error
	if job.opts, err = encodeOptions(opts); err != nil {
		return job, err
	}
	if job.meta, err = buildMeta(meta, metaLen); err != nil {
		return job, err
	}
	if nobjs > 0 && objs == nil {
		return job, errorf(statusValue, "NULL object list")
	}
	var list []C.tg_enc_obj
	if nobjs > 0 {
		list = unsafe.Slice(objs, int(nobjs))
	}
	job.inputs = make([]core.EncodeInput, len(list))
	for i := range list {
		in, warn, err := buildObject(&list[i], &job.opts)
		if warn != "" {
			job.warnings = append(job.warnings, warn)
		}
		if err != nil {
			return job, err
		}
		job.inputs[i] = in
	}
	return job, nil
}

// storeWarnings hands the collected warnings to the caller ("\n"-separated).
func storeWarnings(job *encodeJob, warn **C.char) {
	if warn != nil && job != nil && len(job.warnings) > 0 {
		*warn = cString(strings.Join(job.warnings, "\n"))
	}
}

// tg_encode encodes one message. meta is the metadata dict as CBOR; objs
// the (descriptor CBOR, data) pairs. The output buffer is obtained once
// from alloc (after all payload work) and written in place; its size is
// stored in *out_len. Warnings to raise (UserWarning) are returned in *warn
// as a "\n"-separated malloc string, also on failure.
//
//export tg_encode
func tg_encode(meta *C.uint8_t, metaLen C.size_t, objs *C.tg_enc_obj, nobjs C.size_t, opts *C.tg_enc_opts,
	alloc C.tg_alloc_fn, ctx unsafe.Pointer, outLen *C.size_t, warn **C.char, err *C.tg_error) C.int32_t {
	return run(err, func() error {
		job, e := buildJob(meta, metaLen, objs, nobjs, opts)
		storeWarnings(job, warn)
		if e != nil {
			return e
		}
		a := &cAllocator{fn: alloc, ctx: ctx}
		job.opts.Alloc = a.alloc
		if _, e := core.Encode(job.meta, job.inputs, &job.opts); e != nil {
			if a.failed {
				return errorf(statusMemory, "cannot allocate the output message")
			}
			return e
		}
		if outLen != nil {
			*outLen = C.size_t(a.got)
		}
		return nil
	})
}
