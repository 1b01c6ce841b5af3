package core

import (
	"math"
	"math/big"
	"math/bits"
	"strings"
)

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

// compressionErr reports a compression-stage failure the way upstream
// does (an EncodingError "compression error: …"), keeping the codec's error
// as the cause so errors.Is on the codec package's sentinel works.
func compressionErr(cause error) error {
	return wrapEncodingErr(cause, "compression error: %v", cause)
}

// debugName renders a dtype the way upstream's messages do (Rust Debug:
// "Float64", "Bfloat16", "Bitmask").
func debugName(d DType) string {
	s := d.String()
	if s == "" {
		return "Unknown"
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// wrapEncodingErr is encodingErr keeping cause for errors.Is/As.
func wrapEncodingErr(cause error, format string, args ...any) error {
	e := encodingErr(format, args...).(*Error)
	e.Err = cause
	return e
}

// bigEndian reports whether o is big-endian.
func bigEndian(o ByteOrder) bool { return o == BigEndian }

// encodedSize is Pipeline.EncodedSize from the context alone: the byte
// length of the encoding stage's output, or -1 when unknown or too large.
func (c *StageContext) encodedSize() int {
	if c.Encoding == "none" {
		s, ok := c.DType.ByteSize(c.NumElements)
		if !ok || s > uint64(maxInt) {
			return -1
		}
		return int(s)
	}
	hi, lo := bits.Mul64(c.NumElements, uint64(c.EncodedBitsPerValue))
	if hi != 0 {
		return -1
	}
	s := lo/8 + boolU64(lo%8 != 0)
	if s > uint64(maxInt) {
		return -1
	}
	return int(s)
}

// isIntValue reports whether v is a CBOR integer as decoded by this package.
func isIntValue(v any) bool {
	switch v.(type) {
	case uint64, int64, big.Int:
		return true
	}
	return false
}

// checkDecodedLen enforces the descriptor's encoded size (docs/codecs.md, "Limits on untrusted
// input").
func checkDecodedLen(out []byte, expected int) ([]byte, error) {
	if len(out) != expected {
		return nil, encodingErr("descriptor size mismatch: expected %d bytes, got %d", expected, len(out))
	}
	return out, nil
}
