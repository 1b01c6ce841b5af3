package core

import (
	"fmt"
	"unsafe"
)

// Element is the set of Go element types that map one-to-one onto a
// Tensogram dtype: the sized integers, float32, float64, complex64,
// complex128, and Float16Bits / BFloat16Bits for the 16-bit floats.
// Bitmask (one bit per element) has no element type.
type Element interface {
	float32 | float64 | complex64 | complex128 | Float16Bits | BFloat16Bits |
		int8 | int16 | int32 | int64 | uint8 | uint16 | uint32 | uint64
}

// DTypeOf returns the dtype whose elements have Go type T, e.g.
// DTypeOf[float32]() == Float32 and DTypeOf[Float16Bits]() == Float16.
func DTypeOf[T Element]() DType {
	var z T
	switch any(z).(type) {
	case float32:
		return Float32
	case float64:
		return Float64
	case complex64:
		return Complex64
	case complex128:
		return Complex128
	case Float16Bits:
		return Float16
	case BFloat16Bits:
		return BFloat16
	case int8:
		return Int8
	case int16:
		return Int16
	case int32:
		return Int32
	case int64:
		return Int64
	case uint8:
		return Uint8
	case uint16:
		return Uint16
	case uint32:
		return Uint32
	}
	return Uint64
}

// BytesOf returns the memory of s as bytes in host byte order, without
// copying: the result aliases s (writes through one are seen through the
// other) and is valid as long as s is.
func BytesOf[T Element](s []T) []byte {
	if len(s) == 0 {
		return []byte{}
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&s[0])), len(s)*int(unsafe.Sizeof(s[0])))
}

// TensorOf returns an EncodeInput for a C-order tensor of the given shape
// holding data: a new descriptor (NewDescriptor(DTypeOf[T](), shape):
// host byte order, no encoding, filter or compression) and data's memory
// as Data, not copied. The descriptor can be changed before encoding, for
// example to set a compression or a wire byte order (DataOrder is
// NativeOrder, so a different ByteOrder is converted while writing).
// Encode fails when len(data) is not the product of shape.
func TensorOf[T Element](shape []uint64, data []T) EncodeInput {
	return EncodeInput{
		Descriptor: NewDescriptor(DTypeOf[T](), shape),
		Data:       BytesOf(data),
		DataOrder:  NativeOrder,
	}
}

// ValuesFrom interprets b as elements of type T stored in byte order
// order (0 means host order). When order is the host's (or T is one byte
// wide) and b is aligned for T, the result aliases b without a copy;
// otherwise it is a new slice, byte-swapped as needed. It fails when
// len(b) is not a multiple of the element size. The dtype is not checked:
// Values does that for a decoded object.
func ValuesFrom[T Element](b []byte, order ByteOrder) ([]T, error) {
	var z T
	size := int(unsafe.Sizeof(z))
	if len(b)%size != 0 {
		return nil, metadataErr("%d byte(s) is not a whole number of %d-byte %s elements", len(b), size, DTypeOf[T]())
	}
	n := len(b) / size
	if n == 0 {
		return []T{}, nil
	}
	swap := 0
	if order != 0 && order != NativeOrder {
		swap = DTypeOf[T]().SwapUnit()
	}
	if swap <= 1 && uintptr(unsafe.Pointer(&b[0]))%unsafe.Alignof(z) == 0 {
		return unsafe.Slice((*T)(unsafe.Pointer(&b[0])), n), nil
	}
	out := make([]T, n)
	copySwap(BytesOf(out), b, swap)
	return out, nil
}

// DTypeMismatchError reports a typed access whose Go element type does not
// match the object's dtype. It is wrapped in an *Error of KindMetadata, so
// errors.Is(err, ErrMetadata) holds and errors.As finds it.
type DTypeMismatchError struct {
	DType DType // the object's dtype
	Want  DType // the dtype of the requested Go type
}

// Error names both dtypes.
func (e *DTypeMismatchError) Error() string {
	return fmt.Sprintf("object has dtype %s, not %s", e.DType, e.Want)
}

// checkDType returns nil when T is the element type of dt.
func checkDType[T Element](dt DType) error {
	if want := DTypeOf[T](); dt != want {
		m := &DTypeMismatchError{DType: dt, Want: want}
		return &Error{Kind: KindMetadata, Msg: m.Error(), Err: m}
	}
	return nil
}

// Values returns the elements of a decoded object as a []T, where T must be
// the element type of the object's dtype (float64 for Float64, …); any
// other T fails with a *DTypeMismatchError. obj.Data must be in host byte
// order, as Decode and DecodeObject return it by default (for data decoded
// with DecodeOptions.WireOrder use ValuesFrom with the descriptor's
// ByteOrder). The result aliases obj.Data when it is aligned for T, and is
// a copy otherwise.
func Values[T Element](obj *DecodedObject) ([]T, error) {
	if obj == nil || obj.Descriptor == nil {
		return nil, metadataErr("decoded object has no descriptor")
	}
	if err := checkDType[T](obj.Descriptor.DType); err != nil {
		return nil, err
	}
	return ValuesFrom[T](obj.Data, NativeOrder)
}
