package core

import "unsafe"

// DecodeValues decodes object index of the first message in buf straight
// into a new []T in host byte order (DecodeOptions.WireOrder is ignored)
// and returns it with the object's descriptor. T must be the element type
// of the object's dtype; any other T fails with a *DTypeMismatchError
// before anything is decoded. For the all-"none" pipeline the payload is
// checked against the descriptor first and copied once into the result;
// codec pipelines decode and then view (or, if unaligned, copy) their
// output.
func DecodeValues[T Element](buf []byte, index int, opts *DecodeOptions) ([]T, *Descriptor, error) {
	o := *opts.orDefault()
	o.WireOrder = false
	_, ov, err := ParseObject(buf, index, o.VerifyHash)
	if err != nil {
		return nil, nil, err
	}
	d := ov.Descriptor
	if err := checkDType[T](d.DType); err != nil {
		return nil, nil, err
	}
	if d.Encoding == "none" && d.Filter == "none" && d.Compression == "none" {
		if err := ov.Precheck(); err != nil {
			return nil, nil, err
		}
		var z T
		out := make([]T, len(ov.Payload)/int(unsafe.Sizeof(z)))
		if err := ov.DecodeInto(BytesOf(out), &o); err != nil {
			return nil, nil, err
		}
		return out, d, nil
	}
	raw, err := ov.Decode(&o)
	if err != nil {
		return nil, nil, err
	}
	vals, err := ValuesFrom[T](raw, NativeOrder)
	return vals, d, err
}
