package core_test

import (
	"errors"
	"fmt"
	"log"

	"github.com/tensogram-go/tensogram-go/core"
)

// ValidateMessage checks structure, metadata and digests; a flipped payload
// byte is reported by code, level and object.
func ExampleValidateMessage() {
	msg, err := core.Encode(nil, []core.EncodeInput{core.TensorOf([]uint64{4}, []int32{1, 2, 3, 4})}, nil)
	if err != nil {
		log.Fatal(err)
	}
	r := core.ValidateMessage(msg, nil)
	fmt.Println(r.OK(), r.ObjectCount, r.HashVerified)

	_, obj, err := core.ParseObject(msg, 0, false)
	if err != nil {
		log.Fatal(err)
	}
	bad := append([]byte(nil), msg...)
	bad[obj.FrameOffset+core.FrameHeaderSize] ^= 0xff // the first payload byte
	r = core.ValidateMessage(bad, &core.ValidateOptions{Mode: core.ModeFull})
	fmt.Println(r.OK())
	for _, is := range r.Issues {
		fmt.Println(is.Code, is.Level, is.Severity, is.ObjectIndex)
	}
	// Output:
	// true 1 true
	// false
	// hash_mismatch integrity error 0
}

// Decoding classifies every failure: errors.Is tests the kind,
// errors.As extracts the typed error with its details.
func Example_errors() {
	msg, err := core.Encode(nil, []core.EncodeInput{core.TensorOf([]uint64{2}, []float64{1, 2})}, nil)
	if err != nil {
		log.Fatal(err)
	}
	_, err = core.Decode(msg[:len(msg)-3], nil)
	fmt.Println(errors.Is(err, core.ErrFraming), core.KindOf(err))

	_, _, err = core.DecodeObject(msg, 5, nil)
	fmt.Println(errors.Is(err, core.ErrObject))

	_, _, err = core.DecodeValues[float32](msg, 0, nil)
	var dm *core.DTypeMismatchError
	fmt.Println(errors.Is(err, core.ErrMetadata), errors.As(err, &dm) && dm.DType == core.Float64)

	_, obj, _ := core.ParseObject(msg, 0, false)
	bad := append([]byte(nil), msg...)
	bad[obj.FrameOffset+core.FrameHeaderSize] ^= 1 // the first payload byte
	_, err = core.Decode(bad, &core.DecodeOptions{VerifyHash: true})
	var hm *core.HashMismatchError
	fmt.Println(errors.Is(err, core.ErrIntegrity), errors.As(err, &hm) && hm.ObjectIndex == 0)

	var e *core.Error
	_, err = core.Decode([]byte("not a message"), nil)
	if errors.As(err, &e) {
		fmt.Println(e.Kind, "-", e.Msg)
	}
	// Output:
	// true FramingError
	// true
	// true true
	// true true
	// FramingError - buffer too short for preamble: 13 bytes < 24
}
