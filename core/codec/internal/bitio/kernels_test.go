package bitio

import (
	"math/rand"
	"testing"
)

// checkBlocks reads cnt unary codes and then cnt k-bit additions from bit
// off of buf with the block readers (kernels where the CPU has them) and
// with Unary and Read one at a time, and compares values, results and the
// final position.
func checkBlocks(t *testing.T, buf []byte, off uint64, cnt int, k uint) {
	t.Helper()
	if off > 8*uint64(len(buf)) {
		return
	}
	a, b := NewReader(buf, off), NewReader(buf, off)
	got, want := make([]uint32, cnt), make([]uint32, cnt)
	okGot := a.UnaryBlock(got, k)
	okWant := true
	for i := range want {
		m, ok := b.Unary()
		if !ok {
			okWant = false
			break
		}
		want[i] = uint32(m) << (k & 31)
	}
	if okGot != okWant {
		t.Fatalf("off %d cnt %d k %d: UnaryBlock ok %v, want %v", off, cnt, k, okGot, okWant)
	}
	if !okGot {
		return
	}
	if k > 0 {
		a.AddBitsBlock(got, k)
		for i := range want {
			want[i] += b.Read(k)
		}
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("off %d cnt %d k %d: value %d = %d, want %d", off, cnt, k, i, got[i], want[i])
		}
	}
	if a.BitPos() != b.BitPos() || a.Overrun() != b.Overrun() {
		t.Fatalf("off %d cnt %d k %d: at bit %d overrun %v, want %d %v", off, cnt, k, a.BitPos(), a.Overrun(), b.BitPos(), b.Overrun())
	}
	if x, y := a.Read(13), b.Read(13); x != y {
		t.Fatalf("off %d cnt %d k %d: next bits %x, want %x", off, cnt, k, x, y)
	}
}

// The block readers' kernels agree with the one-code readers on random
// streams: dense and sparse one bits (long codes past the kernel's 56),
// every k, every start bit, and reads running into the buffer's end.
func TestBlockKernelsMatchOneByOne(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	for rep := 0; rep < 3000; rep++ {
		buf := make([]byte, r.Intn(80))
		density := r.Intn(4)
		for i := range buf {
			buf[i] = byte(r.Intn(256))
			for d := 0; d < density; d++ {
				buf[i] &= byte(r.Intn(256))
			}
		}
		if r.Intn(10) == 0 && len(buf) > 12 {
			clear(buf[3:12])
		}
		off := uint64(r.Intn(8*len(buf) + 1))
		checkBlocks(t, buf, off, r.Intn(40), uint(r.Intn(32)))
	}
}

// FuzzBlockKernels holds the block readers to the one-code readers on
// arbitrary streams.
func FuzzBlockKernels(f *testing.F) {
	f.Add([]byte("\x12\x34\x56\x78\x9a\xbc\xde\xf0\x0f\xed\xcb\xa9\x87\x65\x43\x21"), uint16(3), uint8(16), uint8(5))
	f.Add(make([]byte, 40), uint16(0), uint8(2), uint8(0))
	f.Fuzz(func(t *testing.T, buf []byte, off uint16, cnt, k uint8) {
		checkBlocks(t, buf, uint64(off), int(cnt%80), uint(k%32))
	})
}
