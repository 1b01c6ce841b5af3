package core_test

import (
	"errors"
	"fmt"
	"log"
	"math"
	"sync/atomic"

	"github.com/tensogram-go/tensogram-go/core"
)

// An ObjectView is one object of a parsed message, its payload still
// encoded: DecodedSize and Precheck let the caller size and check a buffer
// before DecodeInto fills it, Decode allocates one, DecodeRange decodes
// only some elements.
func ExampleObjectView() {
	_, obj, err := core.ParseObject(twoFields(), 0, false)
	if err != nil {
		log.Fatal(err)
	}
	n, err := obj.DecodedSize()
	if err != nil {
		log.Fatal(err)
	}
	if err := obj.Precheck(); err != nil { // a raw payload must already have n bytes
		log.Fatal(err)
	}
	dst := make([]float32, n/4)
	if err := obj.DecodeInto(core.BytesOf(dst), nil); err != nil {
		log.Fatal(err)
	}
	raw, err := obj.Decode(nil)
	if err != nil {
		log.Fatal(err)
	}
	parts, err := obj.DecodeRange([]core.Range{{Offset: 1, Count: 2}, {Offset: 10, Count: 1}}, nil)
	if err != nil {
		log.Fatal(err)
	}
	r0, _ := core.ValuesFrom[float32](parts[0], core.NativeOrder)
	r1, _ := core.ValuesFrom[float32](parts[1], core.NativeOrder)
	fmt.Println(n, dst[:3], len(raw), r0, r1)
	// Output:
	// 48 [270 271 272] 48 [271 272] [280]
}

// ParseMessageVerified checks every object's digest before parsing, so a
// corrupt payload is found before anything is decoded.
func ExampleParseMessageVerified() {
	msg := twoFields()
	mv, err := core.ParseMessageVerified(msg)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(mv.Objects), mv.Hashes.Algorithm)

	bad := append([]byte(nil), msg...)
	bad[mv.Objects[1].FrameOffset+core.FrameHeaderSize] ^= 1
	_, err = core.ParseMessageVerified(bad)
	var hm *core.HashMismatchError
	fmt.Println(errors.As(err, &hm), hm.ObjectIndex)
	// Output:
	// 2 xxh3
	// true 1
}

// ForEachObject runs a function on selected objects of a parsed message,
// here on two goroutines, each filling its own result slot.
func ExampleMessageView_ForEachObject() {
	mv, err := core.ParseMessage(twoFields())
	if err != nil {
		log.Fatal(err)
	}
	sums := make([]float32, 2)
	var calls atomic.Int32
	err = mv.ForEachObject([]int{1, 0}, 2, func(k int, ov *core.ObjectView) error {
		calls.Add(1)
		raw, err := ov.Decode(nil)
		if err != nil {
			return err
		}
		vals, err := core.ValuesFrom[float32](raw, core.NativeOrder)
		for _, v := range vals {
			sums[k] += v
		}
		return err
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(calls.Load(), sums)
	// Output:
	// 2 [33 3306]
}

// With AllowNaN and AllowInf, non-finite values are stored as 0 plus one
// compressed bitmask per kind; Decode restores them, Masks returns the
// masks themselves (one bool per element), MaskBits the packed bits.
func ExampleObjectView_Masks() {
	vals := []float64{1, math.NaN(), 3, math.Inf(1), math.Inf(-1), math.NaN()}
	msg, err := core.Encode(nil, []core.EncodeInput{core.TensorOf([]uint64{6}, vals)},
		&core.EncodeOptions{AllowNaN: true, AllowInf: true, NaNMaskMethod: "rle", SmallMaskThreshold: -1})
	if err != nil {
		log.Fatal(err)
	}
	_, obj, err := core.ParseObject(msg, 0, false)
	if err != nil {
		log.Fatal(err)
	}
	masks, err := obj.Masks()
	if err != nil {
		log.Fatal(err)
	}
	bits, err := obj.MaskBits()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(obj.Descriptor.Masks[core.MaskNaN].Method, obj.Descriptor.Masks[core.MaskPosInf].Method)
	fmt.Println(masks[core.MaskNaN], masks[core.MaskNegInf])
	fmt.Printf("%08b\n", bits[core.MaskNaN])
	back, _, err := core.DecodeValues[float64](msg, 0, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(back)
	// Output:
	// rle roaring
	// [false true false false false true] [false false false false true false]
	// [01000100]
	// [1 NaN 3 +Inf -Inf NaN]
}

// countingMask is a NaN/Inf mask method storing the packed bits as they
// are, which is what the built-in "none" does, and counting how often it
// runs.
type countingMask struct{ encodes *int }

func (c countingMask) EncodeMask(packed []byte, n uint64, params map[string]any) ([]byte, error) {
	*c.encodes++
	return append([]byte(nil), packed...), nil
}

func (c countingMask) DecodeMask(blob []byte, n uint64, params map[string]any) ([]byte, error) {
	if uint64(len(blob)) != (n+7)/8 {
		return nil, fmt.Errorf("mask of %d bytes for %d elements", len(blob), n)
	}
	return blob, nil
}

// RegisterMaskCodec replaces the implementation of a mask method for the
// rest of the program. Only the names the format defines can be written to
// a message; this example replaces "none" by an equivalent implementation.
func ExampleRegisterMaskCodec() {
	var encodes int
	core.RegisterMaskCodec("none", countingMask{&encodes})

	vals := []float32{math.Float32frombits(0x7fc00000), 2}
	msg, err := core.Encode(nil, []core.EncodeInput{core.TensorOf([]uint64{2}, vals)},
		&core.EncodeOptions{AllowNaN: true, NaNMaskMethod: "none"})
	if err != nil {
		log.Fatal(err)
	}
	back, _, err := core.DecodeValues[float32](msg, 0, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(encodes, back)
	// Output:
	// 1 [NaN 2]
}

// ParseObject parses the message around one object and returns that
// object's view, without decoding any payload; with verify its digest is
// checked first.
func ExampleParseObject() {
	mv, obj, err := core.ParseObject(twoFields(), 1, true)
	if err != nil {
		log.Fatal(err)
	}
	p, _ := mv.Metadata.LookupAt(1, "mars.param")
	fmt.Println(len(mv.Objects), p, obj.Descriptor.DType, obj.Descriptor.Shape, len(obj.Payload))
	_, _, err = core.ParseObject(twoFields(), 2, false)
	fmt.Println(errors.Is(err, core.ErrObject))
	// Output:
	// 2 10u float32 [3 4] 48
	// true
}
