package bitio

import (
	"math/rand/v2"
	"testing"
)

// randomBits returns a short buffer with a mix of dense and sparse bytes,
// which exercises the accumulator's refill paths near the buffer end.
func randomBits(rng *rand.Rand) []byte {
	buf := make([]byte, 1+rng.IntN(24))
	for i := range buf {
		buf[i] = byte(rng.Uint32())
		for k := rng.IntN(3); k > 0; k-- {
			buf[i] &= byte(rng.Uint32())
		}
	}
	return buf
}

// The block-wise unary readers must agree with the reference Unary loop
// at every bit offset, including reads ending in the last bits of the
// buffer.
func TestUnaryBlockReadersMatchReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for tc := 0; tc < 200000; tc++ {
		buf := randomBits(rng)
		off := uint64(rng.IntN(len(buf)*8 + 1))
		n := 1 + rng.IntN(70)
		k := uint(rng.IntN(30))

		ref := NewReader(buf, off)
		want := make([]uint32, n)
		refOK := true
		for i := range want {
			m, ok := ref.Unary()
			if !ok {
				refOK = false
				break
			}
			want[i] = uint32(m) << k
		}

		got := make([]uint32, n)
		fast := NewReader(buf, off)
		if ok := fast.UnaryBlock(got, k); ok != refOK {
			t.Fatalf("tc %d %x off %d n %d: UnaryBlock ok %v, reference %v", tc, buf, off, n, ok, refOK)
		}
		skip := NewReader(buf, off)
		if ok := skip.SkipUnary(n); ok != refOK {
			t.Fatalf("tc %d %x off %d n %d: SkipUnary ok %v, reference %v", tc, buf, off, n, ok, refOK)
		}
		if !refOK {
			continue
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("tc %d %x off %d: value %d = %d, want %d", tc, buf, off, i, got[i], want[i])
			}
		}
		if fast.BitPos() != ref.BitPos() || skip.BitPos() != ref.BitPos() {
			t.Fatalf("tc %d %x off %d n %d: positions read %d skip %d, reference %d", tc, buf, off, n, fast.BitPos(), skip.BitPos(), ref.BitPos())
		}
		// The reader must continue correctly after the block.
		if ref.BitPos()+8 <= uint64(len(buf))*8 && fast.Read(8) != ref.Read(8) {
			t.Fatalf("tc %d: next byte differs after UnaryBlock", tc)
		}
	}
}

// AddBitsBlock must match per-value reads.
func TestAddBitsBlockMatchesRead(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for tc := 0; tc < 100000; tc++ {
		buf := randomBits(rng)
		k := uint(1 + rng.IntN(32))
		n := 1 + rng.IntN(20)
		if uint64(n)*uint64(k) > uint64(len(buf))*8 {
			continue
		}
		off := uint64(rng.IntN(len(buf)*8 - n*int(k) + 1))
		ref := NewReader(buf, off)
		fast := NewReader(buf, off)
		got := make([]uint32, n)
		fast.AddBitsBlock(got, k)
		for i := range got {
			if w := ref.Read(k); got[i] != w {
				t.Fatalf("tc %d %x off %d k %d: value %d = %x, want %x", tc, buf, off, k, i, got[i], w)
			}
		}
		if fast.BitPos() != ref.BitPos() {
			t.Fatalf("tc %d: position %d, want %d", tc, fast.BitPos(), ref.BitPos())
		}
	}
}

// SkipLong must land where repeated short skips land, including past the
// end of the buffer, where it must report an overrun.
func TestSkipLongMatchesSkip(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for tc := 0; tc < 50000; tc++ {
		buf := randomBits(rng)
		off := uint64(rng.IntN(len(buf)*8 + 1))
		n := uint64(rng.IntN(len(buf)*8 + 80))
		long := NewReader(buf, off)
		if room := len(buf)*8 - int(off); room > 0 && rng.IntN(2) == 0 {
			// Start from a reader that has already consumed some bits.
			long.Read(uint(1 + rng.IntN(min(8, room))))
			off = long.BitPos()
		}
		ref := NewReader(buf, off)
		long.SkipLong(n)
		for m := n; m > 0; {
			step := min(m, 32)
			ref.Skip(uint(step))
			m -= step
		}
		if long.BitPos() != ref.BitPos() || long.Overrun() != ref.Overrun() {
			t.Fatalf("tc %d len %d off %d n %d: skipLong pos %d overrun %v, skips pos %d overrun %v",
				tc, len(buf), off, n, long.BitPos(), long.Overrun(), ref.BitPos(), ref.Overrun())
		}
		want := off+n > uint64(len(buf))*8
		if long.Overrun() != want {
			t.Fatalf("tc %d: overrun %v, want %v", tc, long.Overrun(), want)
		}
		if !want && long.BitPos()+8 <= uint64(len(buf))*8 && long.Read(8) != ref.Read(8) {
			t.Fatalf("tc %d: next byte differs", tc)
		}
	}
}

// Peek must return the bits the next Read returns without consuming them,
// and zero bits past the end of the buffer.
func TestPeekMatchesRead(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for tc := 0; tc < 50000; tc++ {
		buf := randomBits(rng)
		off := uint64(rng.IntN(len(buf)*8 + 1))
		k := uint(1 + rng.IntN(32))
		r := NewReader(buf, off)
		p := r.Peek(k)
		if again := r.Peek(k); again != p || r.BitPos() != off {
			t.Fatalf("tc %d: Peek consumed bits (pos %d, want %d)", tc, r.BitPos(), off)
		}
		if got := r.Read(k); uint64(got) != p {
			t.Fatalf("tc %d %x off %d k %d: Peek %x, Read %x", tc, buf, off, k, p, got)
		}
	}
	r := NewReader([]byte{0xff}, 8)
	if p := r.Peek(11); p != 0 || r.Overrun() {
		t.Fatalf("Peek past the end = %x (overrun %v), want 0 without overrun", p, r.Overrun())
	}
}
