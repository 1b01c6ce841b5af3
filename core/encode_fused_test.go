package core

import (
	"bytes"
	"math/rand"
	"testing"
)

// encodeBothWays encodes in with the fused copy-check-hash kernel and with
// the plain path (copy, then the library's one-shot hash; no vector copy
// check either) and returns both results.
func encodeBothWays(in []EncodeInput, opts *EncodeOptions) (fused, plain []byte, errF, errP error) {
	o := EncodeOptions{}
	if opts != nil {
		o = *opts
	}
	o.Provenance = &Provenance{EncoderName: "t", EncoderVersion: "0", Time: "2026-01-01T00:00:00Z", UUID: "u"}
	opts = &o
	fused, errF = Encode(nil, in, opts)
	fh, cc := hasFusedHash, hasCopyCheck
	hasFusedHash, hasCopyCheck = false, false
	defer func() { hasFusedHash, hasCopyCheck = fh, cc }()
	plain, errP = Encode(nil, in, opts)
	return fused, plain, errF, errP
}

// fusedCaseData returns n elements of dtype t as finite random values in
// any byte order (no byte reaches 0x70, so no exponent field is all
// ones), with one all-ones component (NaN) at a random element when nan.
func fusedCaseData(rng *rand.Rand, t DType, n int, nan bool) []byte {
	size, _ := t.ByteSize(uint64(n))
	b := make([]byte, size)
	for i := range b {
		b[i] = byte(rng.Intn(0x70))
	}
	if w := t.SwapUnit(); nan && n > 0 && w > 0 && t.IsFloat() {
		at := rng.Intn(len(b)/w) * w
		copy(b[at:], bytes.Repeat([]byte{0xff}, w))
	}
	return b
}

// Messages (and errors) are byte for byte the same with and without the
// fused kernel, for every dtype, sizes around the stripe, block and chunk
// boundaries, both byte orders with and without a swap, the NaN/Inf
// options and the hash options.
func TestEncodeFusedMatchesPlain(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	sizes := []int{0, 1, 3, 61, 255, 256, 1000, 4099, hashChunk/4 - 1, hashChunk / 4, hashChunk/2 + 3, 3*hashChunk/4 + 17}
	optsList := []*EncodeOptions{nil, {AllowNaN: true}, {AllowInf: true}, {NoHash: true}, {AggregateHash: HashFooter}}
	for _, dt := range AllDTypes {
		for _, n := range sizes {
			for _, order := range []ByteOrder{LittleEndian, BigEndian} {
				for _, dataOrder := range []ByteOrder{0, LittleEndian, BigEndian} {
					for oi, opts := range optsList {
						nan := (n+oi)%3 == 0
						d := NewDescriptor(dt, []uint64{uint64(n)})
						d.ByteOrder = order
						in := []EncodeInput{{Descriptor: d, Data: fusedCaseData(rng, dt, n, nan), DataOrder: dataOrder}}
						fused, plain, errF, errP := encodeBothWays(in, opts)
						if (errF == nil) != (errP == nil) || (errF != nil && errF.Error() != errP.Error()) {
							t.Fatalf("%s n=%d %s/%d opts#%d: errors %v / %v", dt, n, order, dataOrder, oi, errF, errP)
						}
						if !bytes.Equal(fused, plain) {
							t.Fatalf("%s n=%d %s/%d opts#%d nan=%v: messages differ", dt, n, order, dataOrder, oi, nan)
						}
						if errF == nil {
							if _, err := Decode(fused, &DecodeOptions{VerifyHash: opts == nil || !opts.NoHash}); err != nil {
								t.Fatalf("%s n=%d: %v", dt, n, err)
							}
						}
					}
				}
			}
		}
	}
}

// A multi-chunk payload with a NaN in a late block fails with the
// up-front rule's error, and the fused path leaves no partial success.
func TestEncodeFusedLateNaN(t *testing.T) {
	rng := rand.New(rand.NewSource(4))
	for _, dt := range []DType{Float16, BFloat16, Float32, Float64, Complex64, Complex128} {
		n := 5 * hashChunk / dt.Size()
		data := fusedCaseData(rng, dt, n, false)
		for _, at := range []int{0, xxhBlock - dt.Size(), 3*hashChunk + 5*xxhBlock + 64, len(data) - dt.Size()} {
			bad := append([]byte{}, data...)
			copy(bad[at:], bytes.Repeat([]byte{0xff}, dt.SwapUnit()))
			in := []EncodeInput{{Descriptor: NewDescriptor(dt, []uint64{uint64(n)}), Data: bad}}
			_, _, errF, errP := encodeBothWays(in, nil)
			if errF == nil || errP == nil || errF.Error() != errP.Error() {
				t.Fatalf("%s NaN at %d: %v / %v", dt, at, errF, errP)
			}
		}
	}
}

// Writing the data frame of 1M float32 (4 MiB, NaN/Inf check on, hashed)
// into a reused buffer: fused kernel, plain path (copy-and-check then the
// library's one-shot hash), and a bare copy of the payload for scale.
func BenchmarkWriteDataFrame4MiB(b *testing.B) {
	po, err := prepareObject(benchInput(1 << 20)[0], &EncodeOptions{}, 1)
	if err != nil {
		b.Fatal(err)
	}
	dst := make([]byte, po.frameLen)
	run := func(name string, fused bool) {
		b.Run(name, func(b *testing.B) {
			fh := hasFusedHash
			hasFusedHash = fused && fh
			defer func() { hasFusedHash = fh }()
			b.SetBytes(int64(len(po.payload)))
			for b.Loop() {
				if _, err := po.writeDataFrame(dst, true); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	run("fused", true)
	run("plain", false)
	b.Run("copy", func(b *testing.B) {
		b.SetBytes(int64(len(po.payload)))
		for b.Loop() {
			copy(dst, po.payload)
		}
	})
}

// Encode of 16 float32: the fixed cost of a call.
func BenchmarkEncode16Float32(b *testing.B) { benchEncode(b, 16, nil) }
