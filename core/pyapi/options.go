package pyapi

import (
	"math"

	"github.com/tensogram-go/tensogram-go/core"
)

// EncodeArgs are the keyword arguments of upstream's encode() (also taken
// by TensogramFile.append and StreamingEncoder) as a binding received them.
type EncodeArgs struct {
	Hash               *string // nil: hash=None
	Threads            int64
	AllowNaN, AllowInf bool
	// MaskMethods are nan_mask_method, pos_inf_mask_method and
	// neg_inf_mask_method (nil: not given).
	MaskMethods        [3]*string
	SmallMaskThreshold int64   // small_mask_threshold_bytes; < 0: not given
	AggregateHash      *string // nil: not given
	PreEncoded         bool    // encode_pre_encoded
}

// maskMethodNames are the mask methods upstream accepts.
var maskMethodNames = []string{"none", "rle", "roaring", "lz4", "zstd", "blosc2"}

// errNegativeThreads is upstream's error for a negative thread count.
var errNegativeThreads = &Error{Class: OverflowError, Msg: "can't convert negative int to unsigned"}

// EncodeOptions applies upstream's rules for the encode keyword arguments:
// hash "xxh3" or "none" (or None), threads >= 0, known mask methods,
// small_mask_threshold_bytes 0 meaning every mask keeps its method, and an
// aggregate_hash policy name.
func EncodeOptions(a EncodeArgs) (core.EncodeOptions, error) {
	var eo core.EncodeOptions
	if a.Hash == nil {
		eo.NoHash = true
	} else {
		switch *a.Hash {
		case "xxh3":
		case "none":
			eo.NoHash = true
		default:
			return eo, valueErrorf("metadata error: unknown hash type: %s; expected \"xxh3\" or \"none\"", *a.Hash)
		}
	}
	if a.Threads < 0 {
		return eo, errNegativeThreads
	}
	eo.Threads = int(min(a.Threads, 1<<20))
	eo.AllowNaN, eo.AllowInf = a.AllowNaN, a.AllowInf
	dst := [3]*string{&eo.NaNMaskMethod, &eo.PosInfMaskMethod, &eo.NegInfMaskMethod}
	for i, m := range a.MaskMethods {
		if m == nil {
			continue
		}
		known := false
		for _, n := range maskMethodNames {
			known = known || n == *m
		}
		if !known {
			return eo, valueErrorf("unknown mask method %q (expected \"none\" | \"rle\" | \"roaring\" | \"lz4\" | \"zstd\" | \"blosc2\")", *m)
		}
		*dst[i] = *m
	}
	switch t := a.SmallMaskThreshold; {
	case t < 0:
		eo.SmallMaskThreshold = 0 // core's default (128)
	case t == 0:
		eo.SmallMaskThreshold = -1 // every mask keeps its method
	default:
		eo.SmallMaskThreshold = int(min(t, math.MaxInt32))
	}
	if a.AggregateHash != nil {
		var err error
		if eo.AggregateHash, err = core.ParseAggregateHash(*a.AggregateHash); err != nil {
			return eo, valueErrorf("unknown aggregate_hash policy %q; expected one of: 'auto', 'none', 'header', 'footer', 'both'", *a.AggregateHash)
		}
	}
	eo.PreEncoded = a.PreEncoded
	return eo, nil
}

// DecodeArgs are the keyword arguments of upstream's decode functions.
type DecodeArgs struct {
	VerifyHash, NativeByteOrder, RestoreNonFinite, WithMasks bool
	Threads                                                  int64
}

// DecodeOptions applies upstream's rules for the decode keyword arguments:
// threads >= 0; payloads in wire byte order unless native_byte_order; NaN
// and Inf kept as decoded (not restored from masks) unless
// restore_non_finite, and always for decode_with_masks.
func DecodeOptions(a DecodeArgs) (*core.DecodeOptions, error) {
	if a.Threads < 0 {
		return nil, errNegativeThreads
	}
	return &core.DecodeOptions{
		VerifyHash:    a.VerifyHash,
		WireOrder:     !a.NativeByteOrder,
		KeepNonFinite: !a.RestoreNonFinite || a.WithMasks,
		Threads:       int(a.Threads),
	}, nil
}

// ValidateOptions applies upstream's rules for validate()'s level name
// ("quick", "default", "checksum" or "full") and check_canonical.
func ValidateOptions(level string, canonical bool) (*core.ValidateOptions, error) {
	mode, err := core.ParseValidateMode(level)
	if level == "" || err != nil {
		return nil, valueErrorf("unknown validation level: '%s', expected one of: quick, default, checksum, full", level)
	}
	return &core.ValidateOptions{Mode: mode, Canonical: canonical}, nil
}
