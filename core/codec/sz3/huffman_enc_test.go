package sz3

import (
	"bytes"
	"encoding/binary"
	"math/rand"
	"slices"
	"testing"
)

// appendCodedRef is the plain bit-at-a-time writer appendCoded must match:
// coded size u64, then the codes MSB first, the last byte zero-padded.
func appendCodedRef(c *huffCode, syms []int32) []byte {
	var out []byte
	var cur byte
	var n uint
	for _, s := range syms {
		l := int(c.lens[s-c.min])
		for b := l - 1; b >= 0; b-- {
			cur = cur<<1 | byte(c.codes[s-c.min]>>uint(b)&1)
			if n++; n == 8 {
				out, cur, n = append(out, cur), 0, 0
			}
		}
	}
	if n > 0 {
		out = append(out, cur<<(8-n))
	}
	return append(binary.LittleEndian.AppendUint64(nil, uint64(len(out))), out...)
}

// randomCoding draws a code table with lengths 0..64 (not a prefix code:
// the writer does not care), mostly short, and symbols over it.
func randomCoding(seed int64, count int) (*huffCode, []int32) {
	rng := rand.New(rand.NewSource(seed))
	alphabet := 1 + rng.Intn(40)
	c := &huffCode{min: -3, codes: make([]uint64, alphabet), lens: make([]uint8, alphabet)}
	for i := range c.lens {
		l := uint(rng.Intn(12))
		if seed%2 == 1 && rng.Intn(4) == 0 {
			l = uint(rng.Intn(65)) // odd seeds: long codes too
		}
		c.lens[i] = uint8(l)
		c.maxLen = max(c.maxLen, uint8(l))
		if l > 0 {
			c.codes[i] = rng.Uint64() >> (64 - l)
		}
	}
	syms := make([]int32, count)
	for i := range syms {
		syms[i] = int32(rng.Intn(alphabet)) + c.min
		c.bits += uint64(c.lens[syms[i]-c.min])
	}
	return c, syms
}

func checkAppendCoded(t *testing.T, seed int64, count int) {
	c, syms := randomCoding(seed, count)
	want := append([]byte{0xAA}, appendCodedRef(c, syms)...)
	if got := c.appendCoded([]byte{0xAA}, syms); !bytes.Equal(got, want) {
		t.Fatalf("seed %d, %d symbols: appendCoded differs from the bit-by-bit writer", seed, count)
	}
}

// TestAppendCodedMatchesReference compares the word-at-a-time writer with
// a bit-at-a-time one, codes of 0 to 64 bits included.
func TestAppendCodedMatchesReference(t *testing.T) {
	for seed := int64(0); seed < 300; seed++ {
		checkAppendCoded(t, seed, int(seed%97))
	}
	checkAppendCoded(t, 1000, 100000)
}

func FuzzAppendCoded(f *testing.F) {
	f.Add(int64(1), uint16(10))
	f.Fuzz(func(t *testing.T, seed int64, count uint16) {
		checkAppendCoded(t, seed, int(count))
	})
}

// TestHuffmanSpanMatchesGeneric requires the one-pass counter, and the
// builder from counts made beforehand, to build the same code as the
// generic builder, and clearCounts to zero the counts.
func TestHuffmanSpanMatchesGeneric(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	for trial := 0; trial < 200; trial++ {
		span := int32(1 + rng.Intn(3000))
		syms := make([]int32, 1+rng.Intn(5000))
		lo := rng.Int31n(span)
		for i := range syms {
			syms[i] = lo + rng.Int31n(span-lo)
			if rng.Intn(3) == 0 {
				m := span - lo
				syms[i] = lo + (int32(rng.NormFloat64()*3+float64(m)/2)%m+m)%m
			}
			if trial%2 == 0 && rng.Intn(40) == 0 {
				syms[i] = 0 // as verbatim values' index
			}
		}
		a, err1 := buildHuffman(syms)
		b, err2 := buildHuffmanSpan(syms, span)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		counts := make([]uint64, span)
		for _, s := range syms {
			counts[s]++
		}
		c, err3 := buildHuffmanCounts(counts, len(syms))
		if err3 != nil {
			t.Fatal(err3)
		}
		ta := a.appendCoded(a.appendTree(nil), syms)
		tb := b.appendCoded(b.appendTree(nil), syms)
		tc := c.appendCoded(c.appendTree(nil), syms)
		if !bytes.Equal(ta, tb) || !bytes.Equal(ta, tc) {
			t.Fatalf("trial %d: codes differ", trial)
		}
		if clearCounts(counts, len(syms)); slices.ContainsFunc(counts, func(n uint64) bool { return n != 0 }) {
			t.Fatalf("trial %d: counts left after clearCounts", trial)
		}
	}
}
