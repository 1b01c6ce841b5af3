package simplepacking_test

import (
	"encoding/binary"
	"fmt"
	"log"
	"math"

	"github.com/tensogram-go/tensogram-go/core/codec/simplepacking"
)

// ComputeParams fits the quantisation to the data: the reference value
// is the minimum, and the binary scale factor E is the smallest that fits
// the value range into the given number of bits. A value v is stored as
// the integer round((v − reference)·2^−E), so each extra bit halves the
// step 2^E and the worst error, half a step. Encode packs BitsPerValue
// bits per value; DecodeRange unpacks an element run on its own.
func Example() {
	kelvin := make([]float64, 1000) // 250.0 K, 250.1 K, ... 349.9 K
	for i := range kelvin {
		kelvin[i] = 250 + float64(i)/10
	}
	for _, bits := range []uint32{8, 12, 16} {
		p, err := simplepacking.ComputeParams(kelvin, bits, 0)
		if err != nil {
			log.Fatal(err)
		}
		packed, err := simplepacking.Encode(kelvin, p, simplepacking.WithThreads(2))
		if err != nil {
			log.Fatal(err)
		}
		back, err := simplepacking.Decode(packed, len(kelvin), p)
		if err != nil {
			log.Fatal(err)
		}
		worst := 0.0
		for i, v := range back {
			worst = max(worst, abs(v-kelvin[i]))
		}
		part, err := simplepacking.DecodeRange(packed, len(kelvin), 501, 1, p)
		if err != nil {
			log.Fatal(err)
		}
		step := simplepacking.Powi(2, p.BinaryScaleFactor)
		fmt.Printf("%d bits: step %g, %d bytes, worst error %.6f, 300.1 reads %g\n",
			bits, step, len(packed), worst, part[0])
	}
	// Output:
	// 8 bits: step 0.5, 1000 bytes, worst error 0.200000, 300.1 reads 300
	// 12 bits: step 0.03125, 1500 bytes, worst error 0.012500, 300.1 reads 300.09375
	// 16 bits: step 0.001953125, 2000 bytes, worst error 0.000781, 300.1 reads 300.099609375
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// The byte forms pack float64 data stored in a given byte order (a
// Tensogram payload) and unpack into a caller's buffer. RangeSpan says
// which packed bytes hold an element range, so a reader can fetch only
// those and DecodeSpan them; PackedSize is the packed length.
func Example_bytes() {
	p := simplepacking.Params{ReferenceValue: 100, BinaryScaleFactor: -2, BitsPerValue: 10}
	if err := p.Validate(); err != nil {
		log.Fatal(err)
	}
	src := make([]byte, 8*100)
	for i := range 100 {
		binary.BigEndian.PutUint64(src[8*i:], math.Float64bits(100+float64(i)/4))
	}
	packed, err := simplepacking.EncodeBytes(src, true, p)
	if err != nil {
		log.Fatal(err)
	}
	size, _ := simplepacking.PackedSize(100, p.BitsPerValue)
	dst := make([]byte, len(src))
	if err := simplepacking.DecodeBytesInto(dst, true, packed, p); err != nil {
		log.Fatal(err)
	}
	vals := make([]float64, 100)
	if err := simplepacking.DecodeInto(vals, packed, p); err != nil {
		log.Fatal(err)
	}
	sp, err := simplepacking.RangeSpan(41, 3, p.BitsPerValue)
	if err != nil {
		log.Fatal(err)
	}
	part, err := simplepacking.DecodeSpan(packed[sp.Lo:sp.Hi], sp.BitOffset, 3, p)
	if err != nil {
		log.Fatal(err)
	}
	two := make([]byte, 16)
	if err := simplepacking.DecodeSpanBytesInto(two, true, packed[sp.Lo:sp.Hi], sp.BitOffset, p); err != nil {
		log.Fatal(err)
	}
	if math.Float64frombits(binary.BigEndian.Uint64(two[8:])) != part[1] {
		log.Fatal("DecodeSpanBytesInto and DecodeSpan disagree")
	}
	fmt.Println(len(packed), size, math.Float64frombits(binary.BigEndian.Uint64(dst[8*99:])), vals[99], p.InverseScale())
	fmt.Println(sp, part)
	// Output:
	// 125 125 124.75 124.75 0.25
	// {51 55 2} [110.25 110.5 110.75]
}

// Powi is x to an integer power, bit-identical to upstream's scale
// factors (math.Pow may differ in the last place).
func ExamplePowi() {
	fmt.Println(simplepacking.Powi(2, -3), simplepacking.Powi(10, 4))
	// Output:
	// 0.125 10000
}

// A Quantiser turns values into the packed codes without packing them and
// an Unpacker turns codes back into values, with exactly the arithmetic of
// Encode and Decode: for a codec that handles the samples itself, as szip
// does in Tensogram's fused simple_packing + szip path.
func ExampleQuantiser() {
	p := simplepacking.Params{ReferenceValue: 0, BinaryScaleFactor: -1, BitsPerValue: 8}
	z, err := simplepacking.NewQuantiser(p)
	if err != nil {
		log.Fatal(err)
	}
	src := make([]byte, 8*3)
	for i, v := range []float64{0, 1.5, 10} {
		binary.LittleEndian.PutUint64(src[8*i:], math.Float64bits(v))
	}
	q := make([]uint32, 3)
	z.PutSamples(q, src, false)
	u, err := simplepacking.NewUnpacker(p)
	if err != nil {
		log.Fatal(err)
	}
	dst := make([]byte, len(src))
	u.PutFloat64s(dst, false, q)
	fmt.Println(q, math.Float64frombits(binary.LittleEndian.Uint64(dst[16:])))
	// Output:
	// [0 3 20] 10
}

// PutFiniteSamples quantises like PutSamples and reports whether every
// value was finite, so a caller checks for NaN and infinities in the same
// pass and falls back to Encode (which names the offending value) when one
// was there.
func ExampleQuantiser_PutFiniteSamples() {
	z, err := simplepacking.NewQuantiser(simplepacking.Params{BinaryScaleFactor: -1, BitsPerValue: 8})
	if err != nil {
		log.Fatal(err)
	}
	src := make([]byte, 8*2)
	q := make([]uint32, 2)
	binary.LittleEndian.PutUint64(src, math.Float64bits(2))
	binary.LittleEndian.PutUint64(src[8:], math.Float64bits(3))
	fmt.Println(z.PutFiniteSamples(q, src, false), q)
	binary.LittleEndian.PutUint64(src[8:], math.Float64bits(math.NaN()))
	fmt.Println(z.PutFiniteSamples(q, src, false))
	// Output:
	// true [4 6]
	// false
}
