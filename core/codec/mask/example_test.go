package mask_test

import (
	"encoding/binary"
	"errors"
	"fmt"
	"log"
	"math"

	"github.com/tensogram-go/tensogram-go/core/codec/mask"
)

// Substitute replaces NaN and ±Inf by zero and records where they were;
// EncodeBlob/DecodeBlob store a bitmap compactly; Restore writes the
// non-finite values back.
func Example() {
	vals := []float64{1, math.NaN(), 3, math.Inf(-1)}
	data := make([]byte, 8*len(vals))
	for i, v := range vals {
		binary.LittleEndian.PutUint64(data[8*i:], math.Float64bits(v))
	}
	out, masks, err := mask.Substitute(data, mask.Float64, false, mask.Policy{AllowNaN: true, AllowInf: true})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(math.Float64frombits(binary.LittleEndian.Uint64(out[8:])), masks[mask.NaN].Get(1), masks[mask.NegInf].Count(), masks[mask.PosInf] == nil)

	blob, err := mask.EncodeBlob(masks[mask.NaN], mask.MethodRLE, 0)
	if err != nil {
		log.Fatal(err)
	}
	nan, err := mask.DecodeBlob(blob, len(vals), mask.MethodRLE)
	if err != nil {
		log.Fatal(err)
	}
	if err := mask.Restore(out, mask.Float64, false, mask.Masks{nan, nil, masks[mask.NegInf]}); err != nil {
		log.Fatal(err)
	}
	restored := make([]float64, len(vals))
	for i := range vals {
		restored[i] = math.Float64frombits(binary.LittleEndian.Uint64(out[8*i:]))
	}
	fmt.Println(restored)

	_, _, err = mask.Substitute(data, mask.Float64, false, mask.Policy{})
	var nf *mask.NonFiniteError
	fmt.Println(errors.As(err, &nf), nf.Kind, nf.Index)
	// Output:
	// 0 true 1 true
	// [1 NaN 3 -Inf]
	// true nan 1
}

// Bitmaps and their blob codecs: NewBitmap and Set build one, EncodeRLE /
// EncodeRoaring and DecodeRLE / DecodeRoaring store it, the
// CompressBitmask* functions are the "rle" and "roaring" compressors of
// the bitmask dtype (packed bytes in and out). ParseMethod and ParseKind
// map the descriptor's names.
func Example_bitmaps() {
	b := mask.NewBitmap(20)
	for _, i := range []int{0, 1, 2, 15} {
		b.Set(i)
	}
	rle := mask.EncodeRLE(b)
	roar, err := mask.EncodeRoaring(b)
	if err != nil {
		log.Fatal(err)
	}
	b1, err := mask.DecodeRLE(rle, 20)
	if err != nil {
		log.Fatal(err)
	}
	b2, err := mask.DecodeRoaring(roar, 20)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(rle, b1.Count(), b2.Get(15), mask.PackedLen(20))

	packed, err := mask.CompressBitmaskRLE(b.Packed)
	if err != nil {
		log.Fatal(err)
	}
	unpacked, err := mask.DecompressBitmaskRLE(packed, mask.PackedLen(20))
	if err != nil {
		log.Fatal(err)
	}
	packedR, err := mask.CompressBitmaskRoaring(b.Packed)
	if err != nil {
		log.Fatal(err)
	}
	unpackedR, err := mask.DecompressBitmaskRoaring(packedR, mask.PackedLen(20))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("% x | % x | % x\n", b.Packed, unpacked, unpackedR)

	m, err := mask.ParseMethod("roaring")
	fmt.Println(m, err)
	_, err = mask.ParseMethod("gzip")
	fmt.Println(err != nil)
	k, ok := mask.ParseKind("inf-")
	fmt.Println(k, ok)
	// Output:
	// [1 3 12 1 4] 4 true 3
	// e0 01 00 | e0 01 00 | e0 01 00
	// roaring <nil>
	// true
	// inf- true
}

// RestoreRange restores the non-finite values of a slice of the elements
// (as DecodeRange returns one); DType describes the float element types.
func Example_restoreRange() {
	dt, ok := mask.ParseDType("complex64")
	n, w := dt.Components()
	fmt.Println(ok, dt.Width(), n, w)

	nan := mask.NewBitmap(10)
	nan.Set(7)
	m := mask.Masks{nan, nil, nil}
	fmt.Println(m.Empty(), mask.Masks{}.Empty())

	f32, _ := mask.ParseDType("float32")
	part := make([]byte, 4*3) // elements 6, 7, 8, all zero
	if err := mask.RestoreRange(part, f32, false, 6, m); err != nil {
		log.Fatal(err)
	}
	fmt.Println(f32.ClassifyComponent(part[0:], false), f32.ClassifyComponent(part[4:], false))
	// Output:
	// true 8 2 4
	// false true
	// finite nan
}
