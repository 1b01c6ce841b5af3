package szip

import (
	"bytes"
	"math/rand"
	"testing"
	"unsafe"
)

// The assembly split kernel reads and writes bitWriter's fields at fixed
// offsets.
func TestBitWriterLayout(t *testing.T) {
	var w bitWriter
	if unsafe.Offsetof(w.buf) != 0 || unsafe.Offsetof(w.pos) != 24 || unsafe.Offsetof(w.acc) != 32 ||
		unsafe.Offsetof(w.nbits) != 40 {
		t.Fatalf("bitWriter layout changed: buf %d pos %d acc %d nbits %d (emit_amd64.s reads 0, 24, 32, 40)",
			unsafe.Offsetof(w.buf), unsafe.Offsetof(w.pos), unsafe.Offsetof(w.acc), unsafe.Offsetof(w.nbits))
	}
}

// checkSplitBits writes a few leading bits, then vals with parameter k,
// through the kernel (where the CPU has it) and through emitSplitBits, and
// compares the streams.
func checkSplitBits(t *testing.T, lead uint, leadBits uint32, vals []uint32, k int) {
	t.Helper()
	var ws [2]bitWriter
	for i := range ws {
		w := &ws[i]
		w.buf = make([]byte, 64)
		bound := 16
		for _, v := range vals {
			bound += int(v>>uint(k))/8 + 16
		}
		w.ensure(bound)
		w.put(leadBits, lead)
	}
	if !splitBitsVec(&ws[0], vals, k) {
		emitSplitBits(&ws[0], vals, k)
	}
	emitSplitBits(&ws[1], vals, k)
	l0, l1 := ws[0].bitLen(), ws[1].bitLen()
	g, want := ws[0].finish(), ws[1].finish()
	if l0 != l1 || !bytes.Equal(g, want) {
		t.Fatalf("k %d lead %d vals %v: kernel wrote %d bits %x, want %d bits %x", k, lead, vals, l0, g, l1, want)
	}
}

// The split kernel writes emitSplitBits' stream for every parameter,
// block length (tails of 1-3 values), pending-bit count and code length
// (short codes, codes of 12 and more bits, codes of 32 and more bits).
func TestSplitKernelMatchesPortable(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	for k := 0; k <= 31; k++ {
		for n := 1; n <= 20; n++ {
			for rep := 0; rep < 12; rep++ {
				vals := make([]uint32, n)
				for i := range vals {
					m := uint32(r.Intn(4))
					switch r.Intn(10) {
					case 0:
						m = uint32(12 + r.Intn(30))
					case 1:
						m = uint32(r.Intn(100))
					}
					low := r.Uint32() & (1<<uint(k) - 1)
					vals[i] = m<<uint(k) | low
					if uint64(m)<<uint(k) >= 1<<32 {
						vals[i] = r.Uint32()
					}
				}
				checkSplitBits(t, uint(rep%8), r.Uint32(), vals, k)
			}
		}
	}
}

// FuzzSplitKernel holds the split kernel to emitSplitBits on arbitrary
// values (codes kept below 4096 bits so the buffer stays small).
func FuzzSplitKernel(f *testing.F) {
	f.Add([]byte("\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10"), uint8(3), uint8(5))
	f.Add([]byte("\xff\xff\xff\x7f\x00\x00\x00\x01"), uint8(20), uint8(0))
	f.Fuzz(func(t *testing.T, raw []byte, k, lead uint8) {
		k %= 32
		vals := make([]uint32, len(raw)/4)
		for i := range vals {
			v := uint32(raw[4*i]) | uint32(raw[4*i+1])<<8 | uint32(raw[4*i+2])<<16 | uint32(raw[4*i+3])<<24
			if v>>k >= 4096 {
				v = v&(1<<k-1) | (v>>k)%4096<<k
			}
			vals[i] = v
		}
		checkSplitBits(t, uint(lead%8), uint32(len(raw)), vals, int(k))
	})
}
