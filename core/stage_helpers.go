package core

import "math"

// Helpers shared by the codec adapters (stage_*.go).

// intParam converts an integer to the CBOR value type descriptors hold:
// uint64 when non-negative, int64 otherwise.
func intParam(v int64) any {
	if v >= 0 {
		return uint64(v)
	}
	return v
}

// reqUint32 reads a required u32 parameter.
func reqUint32(params map[string]any, key string) (uint32, error) {
	v, ok, err := ParamUint64(params, key, math.MaxUint32)
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, MissingParam(key)
	}
	return uint32(v), nil
}

// reqInt32 reads a required i32 parameter.
func reqInt32(params map[string]any, key string) (int32, error) {
	v, ok, err := ParamInt64(params, key, math.MinInt32, math.MaxInt32)
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, MissingParam(key)
	}
	return int32(v), nil
}

// compressionErr classifies a codec failure as a CompressionError, keeping
// the codec's error as the cause (errors.Is on the codec sentinel works).
func compressionErr(cause error, format string, args ...any) error {
	e := encodingErr(format, args...).(*Error)
	e.Kind = KindCompression
	e.Err = cause
	return e
}

// wrapEncodingErr is encodingErr keeping cause for errors.Is/As.
func wrapEncodingErr(cause error, format string, args ...any) error {
	e := encodingErr(format, args...).(*Error)
	e.Err = cause
	return e
}

// bigEndian reports whether o is big-endian.
func bigEndian(o ByteOrder) bool { return o == BigEndian }
