package main

import (
	"encoding/binary"
	"errors"
	"math"
	"strings"
	"unsafe"

	"github.com/tensogram-go/tensogram-go/core"
	"github.com/tensogram-go/tensogram-go/core/codec/simplepacking"
)

// Descriptor parameter names of simple_packing.
const (
	spRef   = "sp_reference_value"
	spBSF   = "sp_binary_scale_factor"
	spDSF   = "sp_decimal_scale_factor"
	spBits  = "sp_bits_per_value"
	szipOff = "szip_block_offsets"
)

// rustDTypeName renders a dtype the way upstream's messages do ("Float32").
func rustDTypeName(d core.DType) string {
	s := d.String()
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// autoPacking fills in sp_reference_value / sp_binary_scale_factor from the
// data when a simple_packing descriptor gives only sp_bits_per_value (and
// optionally sp_decimal_scale_factor), stamping all four keys.
func autoPacking(d *core.Descriptor, data []byte, allowNaN, allowInf bool) error {
	if d.Encoding != "simple_packing" {
		return nil
	}
	if d.DType != core.Float64 {
		return errorf(statusValue, "EncodingError: simple_packing only supports float64 dtype; got %s", rustDTypeName(d.DType))
	}
	_, hasRef := d.Params[spRef]
	_, hasBSF := d.Params[spBSF]
	switch {
	case hasRef && hasBSF:
		return nil
	case hasRef:
		return errorf(statusValue, "MetadataError: simple_packing: descriptor sets %s but not %s.  Provide both for explicit-params encoding, or neither to let the encoder auto-compute them from the data.", spRef, spBSF)
	case hasBSF:
		return errorf(statusValue, "MetadataError: simple_packing: descriptor sets %s but not %s.  Provide both for explicit-params encoding, or neither to let the encoder auto-compute them from the data.", spBSF, spRef)
	}
	bits, ok, err := core.ParamUint64(d.Params, spBits, simplepacking.MaxBits)
	if err != nil {
		return err
	}
	if !ok {
		return errorf(statusValue, "MetadataError: simple_packing requires sp_bits_per_value (the encoder can auto-compute sp_reference_value + sp_binary_scale_factor from the data, but the bit-width and decimal scale are the user knobs).  Provide at least sp_bits_per_value, or the full explicit 4-key set.")
	}
	dsf, _, err := core.ParamInt64(d.Params, spDSF, math.MinInt32, math.MaxInt32)
	if err != nil {
		return err
	}
	values := float64s(data, d.ByteOrder)
	p, err := simplepacking.ComputeParams(values, uint32(bits), int32(dsf))
	var ve *simplepacking.ValueError
	if errors.As(err, &ve) {
		isNaN := errors.Is(err, simplepacking.ErrNaN)
		if (isNaN && !allowNaN) || (!isNaN && !allowInf) {
			return strictError(values, ve.Index)
		}
		// Allowed non-finite values are replaced by 0 before packing.
		clean := make([]float64, len(values))
		for i, v := range values {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				v = 0
			}
			clean[i] = v
		}
		p, err = simplepacking.ComputeParams(clean, uint32(bits), int32(dsf))
	}
	if err != nil {
		return errorf(statusValue, "EncodingError: %v", err)
	}
	d.Params[spRef] = p.ReferenceValue
	d.Params[spBSF] = int64(p.BinaryScaleFactor)
	d.Params[spDSF] = int64(p.DecimalScaleFactor)
	d.Params[spBits] = uint64(p.BitsPerValue)
	return nil
}

func strictError(values []float64, i int) error {
	v := values[i]
	if math.IsNaN(v) {
		return errorf(statusValue, "EncodingError: strict-NaN check: NaN at element %d of float64 array; pass allow_nan=true to substitute with 0.0 and record positions in a mask", i)
	}
	sign := "+"
	if v < 0 {
		sign = "-"
	}
	return errorf(statusValue, "EncodingError: strict-Inf check: %sInf at element %d of float64 array; pass allow_inf=true to substitute with 0.0 and record positions in a mask", sign, i)
}

// float64s views data as float64 values in the given byte order (in place
// when it is the host order and aligned, else as a converted copy).
func float64s(data []byte, order core.ByteOrder) []float64 {
	n := len(data) / 8
	if n == 0 {
		return nil
	}
	if order == core.NativeOrder && uintptr(unsafe.Pointer(&data[0]))%8 == 0 {
		return unsafe.Slice((*float64)(unsafe.Pointer(&data[0])), n)
	}
	out := make([]float64, n)
	for i := range out {
		var u uint64
		if order == core.BigEndian {
			u = binary.BigEndian.Uint64(data[8*i:])
		} else {
			u = binary.LittleEndian.Uint64(data[8*i:])
		}
		out[i] = math.Float64frombits(u)
	}
	return out
}

// checkBlockOffsets applies upstream's structural checks to
// szip_block_offsets on pre-encoded szip payloads (BIT offsets: start at 0,
// strictly increasing, within the payload).
func checkBlockOffsets(d *core.Descriptor, payloadLen int) error {
	v, ok := d.Params[szipOff]
	if !ok {
		return nil
	}
	if d.Compression != "szip" {
		return errorf(statusValue, "EncodingError: szip_block_offsets provided but compression is %q, not szip", d.Compression)
	}
	list, ok := v.([]any)
	if !ok {
		return errorf(statusValue, "MetadataError: szip_block_offsets must be an array of unsigned integers")
	}
	bitLen := uint64(payloadLen) * 8
	var prev uint64
	for i, e := range list {
		u, ok := e.(uint64)
		if !ok {
			if s, isInt := e.(int64); isInt && s >= 0 {
				u, ok = uint64(s), true
			}
		}
		if !ok {
			return errorf(statusValue, "MetadataError: szip_block_offsets[%d] must be an unsigned integer", i)
		}
		if i == 0 && u != 0 {
			return errorf(statusValue, "EncodingError: szip_block_offsets must start at 0 (got %d)", u)
		}
		if i > 0 && u <= prev {
			return errorf(statusValue, "EncodingError: szip_block_offsets must be strictly increasing (offset[%d]=%d <= offset[%d]=%d)", i, u, i-1, prev)
		}
		if u > bitLen {
			return errorf(statusValue, "EncodingError: szip_block_offsets[%d]=%d exceeds the payload size of %d bits", i, u, bitLen)
		}
		prev = u
	}
	return nil
}
