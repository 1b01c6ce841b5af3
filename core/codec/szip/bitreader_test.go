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
