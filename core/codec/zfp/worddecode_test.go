package zfp

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"testing"
)

// checkWordDecode compares wordDecode of the nb-bit code w with the
// general decoder reading the same bits.
func checkWordDecode(t *testing.T, w uint64, nb uint32) {
	t.Helper()
	c := config{minBits: nb, maxBits: nb, maxPrec: maxPrec, minExp: minExp}
	if nb < 64 {
		w &= 1<<nb - 1
	}
	stream := binary.LittleEndian.AppendUint64(nil, w)
	d := decoder{c: &c, r: newBitReader(stream, 0)}
	var want, got [blockSize]float64
	d.block(&want)
	if !c.wordDecode(w, &got) {
		if emax := int(w>>1&(1<<ebits-1)) - ebias; w&1 == 0 || c.precision(emax) == maxPrec {
			t.Fatalf("code %#x at %d bits: word decoder declined a 64-plane block", w, nb)
		}
		return
	}
	for i := range got {
		if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
			t.Fatalf("code %#x at %d bits: word decoder %v, general decoder %v", w, nb, got, want)
		}
	}
}

// TestWordDecodeMatchesGeneral checks the word-sized fixed-rate decoder
// against the general decoder on the codes of every data kind and on
// random words, at every word-sized rate.
func TestWordDecodeMatchesGeneral(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for nb := uint32(minRateBits); nb <= wordBits; nb++ {
		c := config{minBits: nb, maxBits: nb, maxPrec: maxPrec, minExp: minExp}
		for _, kind := range dataKinds {
			v := genData(kind, 256, 11)
			for j := 0; j < len(v); j += blockSize {
				checkWordDecode(t, c.wordBlock((*[blockSize]float64)(v[j:j+blockSize])), nb)
			}
		}
		for range 2000 {
			w := rng.Uint64()
			// Random words, and words with sparse payloads (long quiet runs).
			checkWordDecode(t, w, nb)
			checkWordDecode(t, w&(0xfff|rng.Uint64()&rng.Uint64()&rng.Uint64()<<12), nb)
		}
	}
}

// TestWordAt checks the word reader against the bit reader at every
// offset and width near the end of a stream.
func TestWordAt(t *testing.T) {
	stream := make([]byte, 21)
	for i := range stream {
		stream[i] = byte(i*37 + 11)
	}
	for o := uint64(0); o < uint64(len(stream))*8+16; o++ {
		for nb := uint(1); nb <= 64; nb++ {
			r := newBitReader(stream, o)
			lo := r.peek(32)
			r.consume(32)
			want := lo | r.peek(32)<<32
			if nb < 64 {
				want &= 1<<nb - 1
			}
			if got := wordAt(stream, o, nb); got != want {
				t.Fatalf("offset %d, %d bits: %#x, want %#x", o, nb, got, want)
			}
		}
	}
}

// FuzzWordDecode compares the word-sized fixed-rate decoder with the
// general decoder on arbitrary codes and rates.
func FuzzWordDecode(f *testing.F) {
	f.Add(uint64(0), byte(52))
	f.Add(uint64(0x123456789abcdef1), byte(0))
	f.Add(uint64(1<<12|0x7fe), byte(30))
	f.Fuzz(func(t *testing.T, w uint64, rate byte) {
		checkWordDecode(t, w, minRateBits+uint32(rate)%(wordBits-minRateBits+1))
	})
}
