package szip

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

// The block-wise FS readers must agree with the reference fs() loop at
// every bit offset, including reads ending in the last bits of the buffer.
func TestFSBlockReadersMatchReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for tc := 0; tc < 200000; tc++ {
		buf := randomBits(rng)
		off := uint64(rng.IntN(len(buf)*8 + 1))
		n := 1 + rng.IntN(70)
		k := uint(rng.IntN(30))

		ref := newBitReader(buf, off)
		want := make([]uint32, n)
		var refErr error
		for i := range want {
			m, ok := ref.fs()
			if !ok {
				refErr = ErrTruncated
				break
			}
			want[i] = uint32(m) << k
		}

		got := make([]uint32, n)
		fast := newBitReader(buf, off)
		err := readFSBlock(&fast, got, k)
		if (err == nil) != (refErr == nil) {
			t.Fatalf("tc %d %x off %d n %d: readFSBlock err %v, reference %v", tc, buf, off, n, err, refErr)
		}
		skip := newBitReader(buf, off)
		serr := skipFSBlock(&skip, n)
		if (serr == nil) != (refErr == nil) {
			t.Fatalf("tc %d %x off %d n %d: skipFSBlock err %v, reference %v", tc, buf, off, n, serr, refErr)
		}
		if refErr != nil {
			continue
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("tc %d %x off %d: value %d = %d, want %d", tc, buf, off, i, got[i], want[i])
			}
		}
		if fast.bitPos() != ref.bitPos() || skip.bitPos() != ref.bitPos() {
			t.Fatalf("tc %d %x off %d n %d: positions read %d skip %d, reference %d", tc, buf, off, n, fast.bitPos(), skip.bitPos(), ref.bitPos())
		}
		// The reader must continue correctly after the block.
		if ref.bitPos()+8 <= uint64(len(buf))*8 && fast.read(8) != ref.read(8) {
			t.Fatalf("tc %d: next byte differs after readFSBlock", tc)
		}
	}
}

// readBitsBlock must match per-value reads.
func TestReadBitsBlockMatchesRead(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for tc := 0; tc < 100000; tc++ {
		buf := randomBits(rng)
		k := uint(1 + rng.IntN(32))
		n := 1 + rng.IntN(20)
		if uint64(n)*uint64(k) > uint64(len(buf))*8 {
			continue
		}
		off := uint64(rng.IntN(len(buf)*8 - n*int(k) + 1))
		ref := newBitReader(buf, off)
		fast := newBitReader(buf, off)
		got := make([]uint32, n)
		readBitsBlock(&fast, got, k)
		for i := range got {
			if w := ref.read(k); got[i] != w {
				t.Fatalf("tc %d %x off %d k %d: value %d = %x, want %x", tc, buf, off, k, i, got[i], w)
			}
		}
		if fast.bitPos() != ref.bitPos() {
			t.Fatalf("tc %d: position %d, want %d", tc, fast.bitPos(), ref.bitPos())
		}
	}
}

// skipLong must land where repeated short skips land, including past the
// end of the buffer, where it must report an overrun.
func TestSkipLongMatchesSkip(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for tc := 0; tc < 50000; tc++ {
		buf := randomBits(rng)
		off := uint64(rng.IntN(len(buf)*8 + 1))
		n := uint64(rng.IntN(len(buf)*8 + 80))
		long := newBitReader(buf, off)
		if room := len(buf)*8 - int(off); room > 0 && rng.IntN(2) == 0 {
			// Start from a reader that has already consumed some bits.
			long.read(uint(1 + rng.IntN(min(8, room))))
			off = long.bitPos()
		}
		ref := newBitReader(buf, off)
		long.skipLong(n)
		for m := n; m > 0; {
			step := min(m, 32)
			ref.skip(uint(step))
			m -= step
		}
		if long.bitPos() != ref.bitPos() || long.overrun() != ref.overrun() {
			t.Fatalf("tc %d len %d off %d n %d: skipLong pos %d overrun %v, skips pos %d overrun %v",
				tc, len(buf), off, n, long.bitPos(), long.overrun(), ref.bitPos(), ref.overrun())
		}
		want := off+n > uint64(len(buf))*8
		if long.overrun() != want {
			t.Fatalf("tc %d: overrun %v, want %v", tc, long.overrun(), want)
		}
		if !want && long.bitPos()+8 <= uint64(len(buf))*8 && long.read(8) != ref.read(8) {
			t.Fatalf("tc %d: next byte differs", tc)
		}
	}
}
