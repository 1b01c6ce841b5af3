package main

/*
#include "tg_capi.h"
*/
import "C"

import (
	"errors"
	"strings"
	"unsafe"

	"github.com/tensogram-go/tensogram-go/core"
	"github.com/tensogram-go/tensogram-go/core/codec/mask"
	"github.com/tensogram-go/tensogram-go/core/pyapi"
)

// encodeJob is a fully converted encode request.
type encodeJob struct {
	meta     *core.GlobalMetadata
	inputs   []core.EncodeInput
	opts     core.EncodeOptions
	warnings []string
}

// encodeOptions converts the C options (the keyword arguments of encode)
// and applies pyapi.EncodeOptions.
func encodeOptions(o *C.tg_enc_opts) (core.EncodeOptions, error) {
	if o == nil {
		return core.EncodeOptions{}, nil
	}
	a := pyapi.EncodeArgs{Threads: int64(o.threads), AllowNaN: o.allow_nan != 0, AllowInf: o.allow_inf != 0,
		SmallMaskThreshold: int64(o.small_mask_threshold), PreEncoded: o.pre_encoded != 0}
	var err error
	if a.Hash, err = optString(o.hash, o.hash_len); err != nil {
		return core.EncodeOptions{}, err
	}
	for i := range a.MaskMethods {
		if a.MaskMethods[i], err = optString(o.mask_method[i], o.mask_method_len[i]); err != nil {
			return core.EncodeOptions{}, err
		}
	}
	if a.AggregateHash, err = optString(o.aggregate_hash, o.aggregate_hash_len); err != nil {
		return core.EncodeOptions{}, err
	}
	return pyapi.EncodeOptions(a)
}

// optString converts an optional (ptr, n) string argument: nil for NULL.
func optString(p *C.char, n C.size_t) (*string, error) {
	if p == nil {
		return nil, nil
	}
	s, err := inString(p, n)
	return &s, err
}

// buildMeta converts the metadata dict (CBOR) with upstream's rules.
func buildMeta(meta *C.uint8_t, metaLen C.size_t) (*core.GlobalMetadata, error) {
	mb, err := inBytes(meta, metaLen)
	if err != nil {
		return nil, err
	}
	return pyapi.GlobalFromCBOR(mb)
}

// buildObject converts one (descriptor CBOR, data) pair into an input.
func buildObject(o *C.tg_enc_obj) (core.EncodeInput, string, error) {
	db, err := inBytes(o.desc, o.desc_len)
	if err != nil {
		return core.EncodeInput{}, "", err
	}
	d, warn, err := pyapi.DescriptorFromCBOR(db)
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
		in, warn, err := buildObject(&list[i])
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
			// The NaN/Inf rule may run after the allocation; its error
			// stands, as it would have before the allocation.
			if a.failed && !errors.Is(e, mask.ErrNonFinite) {
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
