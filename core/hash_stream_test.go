package core

import (
	"bytes"
	"math/rand"
	"testing"
)

// streamDigest hashes buf with an xxh3Stream advanced at the given cut
// points, with the vector kernel or the portable loop.
func streamDigest(buf []byte, cuts []int, vector bool) uint64 {
	s := newXXH3Stream(len(buf))
	for _, c := range cuts {
		if vector {
			s.advance(buf, c)
		} else if k := s.ready(c); k > 0 {
			xxhBlocksGo(&s.acc, buf[s.done:s.done+k])
			s.done += k
		}
	}
	return s.sum(buf)
}

// The stepwise digest equals the library's one-shot digest for every
// length around the block and stripe boundaries and random cut points.
func TestXXH3StreamMatchesOneShot(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	buf := make([]byte, 5*xxhBlock+300)
	rng.Read(buf)
	var lengths []int
	for n := xxhLongMin; n < 300; n++ {
		lengths = append(lengths, n)
	}
	for b := 1; b <= 5; b++ {
		for d := -65; d <= 65; d++ {
			lengths = append(lengths, b*xxhBlock+d)
		}
	}
	for _, n := range lengths {
		p := buf[:n]
		cuts := []int{rng.Intn(n + 1), rng.Intn(n + 1), n}
		if cuts[0] > cuts[1] {
			cuts[0], cuts[1] = cuts[1], cuts[0]
		}
		want := HashXXH3(p)
		for _, vector := range []bool{false, true} {
			if got := streamDigest(p, cuts, vector); got != want {
				t.Fatalf("n=%d cuts=%v vector=%v: %016x, want %016x", n, cuts, vector, got, want)
			}
		}
	}
}

// The fused copy kernel copies exactly and hashes like the portable loop,
// stops at the block of the first lane with all exponent bits set, and
// copies nothing where it has no kernel.
func TestXXH3CopyBlocks(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	src := make([]byte, 8*xxhBlock)
	for i := range src {
		src[i] = byte(rng.Intn(0x70)) // no lane has all exponent bits set
	}
	for _, width := range []int{0, 2, 4, 8} {
		mask, _ := exponentLanes(map[int]DType{0: Float32, 2: Float16, 4: Float32, 8: Float64}[width], LittleEndian)
		dst := make([]byte, len(src))
		s := newXXH3Stream(len(src) + 1)
		k := xxhCopyBlocks(&s.acc, dst, src, mask, width)
		if !hasFusedHash {
			if k != 0 {
				t.Fatalf("copied %d without a kernel", k)
			}
			continue
		}
		if k != len(src) || !bytes.Equal(dst, src) {
			t.Fatalf("width %d: copied %d, equal %v", width, k, bytes.Equal(dst, src))
		}
		s.done = k
		if got, want := s.sum(append(append([]byte{}, src...), 9)), HashXXH3(append(append([]byte{}, src...), 9)); got != want {
			t.Fatalf("width %d: %016x, want %016x", width, got, want)
		}
		if width == 0 {
			continue
		}
		bad := append([]byte{}, src...)
		at := 5*xxhBlock + 200
		at -= at % width
		for i := 0; i < width; i++ {
			bad[at+i] = 0xff
		}
		if k := xxhCopyBlocks(&s.acc, dst, bad, mask, width); k != 5*xxhBlock {
			t.Fatalf("width %d: stopped at %d, want %d", width, k, 5*xxhBlock)
		}
	}
}

// FuzzXXH3Stream: any input and cut point gives the one-shot digest.
func FuzzXXH3Stream(f *testing.F) {
	f.Add(bytes.Repeat([]byte{7}, 3000), 1500)
	f.Add(bytes.Repeat([]byte{1, 2, 3}, 700), 1024)
	f.Fuzz(func(t *testing.T, data []byte, cut int) {
		if len(data) < xxhLongMin {
			return
		}
		if cut < 0 {
			cut = -cut
		}
		cut %= len(data) + 1
		want := HashXXH3(data)
		for _, vector := range []bool{false, true} {
			if got := streamDigest(data, []int{cut, len(data)}, vector); got != want {
				t.Fatalf("len %d cut %d vector %v: %016x, want %016x", len(data), cut, vector, got, want)
			}
		}
	})
}
