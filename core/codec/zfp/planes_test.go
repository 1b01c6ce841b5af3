package zfp

import (
	"math/rand/v2"
	"testing"
)

// Differential tests of the plane kernels against bit-by-bit definitions.

// refInterleave is interleavePlanes one bit at a time.
func refInterleave(ub *[blockSize]uint64, k int, q uint) uint64 {
	var out uint64
	for t := uint(0); t < q; t++ {
		for i := uint(0); i < blockSize; i++ {
			out |= (ub[i] >> (uint(k) - t) & 1) << (blockSize*t + i)
		}
	}
	return out
}

func checkTranspose(t *testing.T, ub [blockSize]uint64, k int, q uint) {
	t.Helper()
	got, want := interleavePlanes(&ub, k, q), refInterleave(&ub, k, q)
	if got != want {
		t.Fatalf("interleavePlanes(%x, %d, %d) = %x, want %x", ub, k, q, got, want)
	}
	c := [blockSize]uint64{}
	c[0], c[1], c[2], c[3] = planeBits4(want, q)
	for i := range c {
		if seg := ub[i] >> (uint(k+1) - q) & (1<<q - 1); c[i] != seg {
			t.Fatalf("planeBits4 coefficient %d = %x, want %x (k %d q %d)", i, c[i], seg, k, q)
		}
	}
}

func TestTransposeKernels(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for range 20000 {
		ub := [blockSize]uint64{rng.Uint64(), rng.Uint64(), rng.Uint64(), rng.Uint64()}
		q := uint(1 + rng.IntN(16))
		k := int(q) - 1 + rng.IntN(64-int(q)+1)
		checkTranspose(t, ub, k, q)
	}
}

// TestPlaneTables checks every table entry: the encoder's codes are
// planeCode's, and decoding any stream that starts with a code, with the
// bit-by-bit decoder and a budget that does not cut it, gives the entry.
func TestPlaneTables(t *testing.T) {
	for n := uint(0); n <= blockSize; n++ {
		for x := uint64(0); x < 16; x++ {
			code, length, after := planeCode(n, x)
			if e := planeEnc[n<<4|uint(x)]; uint64(e&0xffff) != code || uint(e>>16&0xff) != length || uint(e>>24) != after {
				t.Fatalf("planeEnc[%d,%x] = %x", n, x, e)
			}
			if length > planeMax || after < n || (n < blockSize && x>>n != 0 && after <= n) {
				t.Fatalf("plane code n %d x %x: length %d, after %d", n, x, length, after)
			}
		}
		for s := uint64(0); s < 1<<planeMax; s++ {
			e := planeDec[n<<planeMax|uint(s)]
			x, after, _, nbuf, bits := planeTail(n, s, 64, 64)
			used := uint(64 - bits)
			if uint(e>>4&0xf) != used || uint64(e&0xf)&(1<<n-1) != s&(1<<n-1) || uint(e>>8) != after || nbuf != 64-used {
				t.Fatalf("planeDec[%d,%07b] = %x, bit by bit: x %x used %d n %d", n, s, e, x, used, after)
			}
			if n < blockSize && uint64(e&0xf) != x {
				t.Fatalf("planeDec[%d,%07b] plane bits %x, bit by bit %x", n, s, e&0xf, x)
			}
		}
	}
}

// TestPlanePairTable checks every pair entry against two planeCode calls.
func TestPlanePairTable(t *testing.T) {
	for n := uint(0); n <= blockSize; n++ {
		for x := uint64(0); x < 256; x++ {
			c1, l1, n1 := planeCode(n, x&15)
			c2, l2, n2 := planeCode(n1, x>>4)
			if e := planePairEnc[n<<8|uint(x)]; uint64(e&0xffff) != c1|c2<<l1 || uint(e>>16&0xff) != l1+l2 || uint(e>>24) != n2 {
				t.Fatalf("planePairEnc[%d,%02x] = %x, want code %x length %d n %d", n, x, e, c1|c2<<l1, l1+l2, n2)
			}
		}
	}
}

func TestDivSmall(t *testing.T) {
	for s := uint(1); s <= blockSize; s++ {
		for x := uint(0); x < 128; x++ {
			if divSmall(x, s) != x/s {
				t.Fatalf("divSmall(%d, %d) = %d", x, s, divSmall(x, s))
			}
		}
	}
}

// FuzzPlaneKernels compares the transposes with their bit-by-bit
// definitions and the decode table with the bit-by-bit decoder on
// arbitrary stream bits and budgets.
func FuzzPlaneKernels(f *testing.F) {
	f.Add(uint64(0x0123456789abcdef), uint64(1), uint64(1<<63), uint64(0), byte(63), byte(16), byte(0), byte(64))
	f.Fuzz(func(t *testing.T, a, b, c, d uint64, k, q, n, budget byte) {
		qq := uint(q%16) + 1
		kk := int(qq) - 1 + int(k)%(64-int(qq)+1)
		checkTranspose(t, [blockSize]uint64{a, b, c, d}, kk, qq)
		nn := uint(n) % (blockSize + 1)
		e := planeDec[nn<<planeMax|uint(a&(1<<planeMax-1))]
		x, after, _, _, bits := planeTail(nn, a, 64, int64(budget))
		if used := int64(budget) - bits; int64(e>>4&0xf) <= int64(budget) {
			if int64(e>>4&0xf) != used || uint(e>>8) != after || (nn < blockSize && uint64(e&0xf) != x) {
				t.Fatalf("n %d stream %x budget %d: table %x, bit by bit x %x used %d n %d", nn, a&127, budget, e, x, used, after)
			}
		}
	})
}

// TestShortWrite compares bitWriter.short and zeros with bitWriter.write.
func TestShortWrite(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	var a, b bitWriter
	for range 10000 {
		if rng.IntN(4) == 0 {
			z := uint(rng.IntN(65))
			a.write(0, z)
			b.zeros(z)
			continue
		}
		n := uint(1 + rng.IntN(63))
		v := rng.Uint64() & (1<<n - 1)
		a.write(v, n)
		b.short(v, n)
	}
	a.flush()
	b.flush()
	if string(a.out) != string(b.out) {
		t.Fatal("short and write differ")
	}
}
