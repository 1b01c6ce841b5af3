package blosc2

import (
	"bytes"
	"math/rand"
	"testing"
)

// unshuffle8Planes (vector kernel plus portable loop) matches a byte-by-byte
// interleave for lengths around the kernel's 16-element step and around
// the size where its stores bypass the caches (at an aligned and a
// misaligned destination), and writes nothing past 8×n.
func TestUnshuffle8PlanesMatchesReference(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	big := streamStoreMin / 8
	for k, n := range []int{0, 1, 7, 8, 15, 16, 17, 31, 32, 33, 100, 1000, 4099, big - 16, big, big + 17, big + 17} {
		var planes [8][]byte
		for j := range planes {
			planes[j] = make([]byte, n)
			r.Read(planes[j])
		}
		want := make([]byte, 8*n)
		for i := 0; i < n; i++ {
			for j := range planes {
				want[8*i+j] = planes[j][i]
			}
		}
		got := bytes.Repeat([]byte{0xee}, 8*n+64+k%2*8)[k%2*8:]
		unshuffle8Planes(got, &planes, n)
		if !bytes.Equal(got[:8*n], want) {
			t.Errorf("n=%d: interleave differs", n)
		}
		if !bytes.Equal(got[8*n:], bytes.Repeat([]byte{0xee}, 64)) {
			t.Errorf("n=%d: bytes past 8n written", n)
		}
	}
}

// BenchmarkUnshuffle8Planes: interleave of 8 planes of 128K (1 MB out).
func BenchmarkUnshuffle8Planes(b *testing.B) {
	const n = 128 << 10
	var planes [8][]byte
	for j := range planes {
		planes[j] = make([]byte, n)
	}
	dst := make([]byte, 8*n)
	b.SetBytes(8 * n)
	for i := 0; i < b.N; i++ {
		unshuffle8Planes(dst, &planes, n)
	}
}

// shuffle8 (vector kernel plus portable loop) matches a byte-by-byte split
// into planes for counts around the kernel's 16-element step, and writes
// nothing past 8×n.
func TestShuffle8MatchesReference(t *testing.T) {
	r := rand.New(rand.NewSource(8))
	for _, n := range []int{0, 1, 15, 16, 17, 33, 100, 4099, 65536} {
		src := make([]byte, 8*n)
		r.Read(src)
		want := make([]byte, 8*n)
		for i := 0; i < n; i++ {
			for j := 0; j < 8; j++ {
				want[j*n+i] = src[8*i+j]
			}
		}
		got := bytes.Repeat([]byte{0xee}, 8*n+64)
		shuffle8(got, src, n)
		if !bytes.Equal(got[:8*n], want) {
			t.Errorf("n=%d: planes differ", n)
		}
		if !bytes.Equal(got[8*n:], bytes.Repeat([]byte{0xee}, 64)) {
			t.Errorf("n=%d: bytes past 8n written", n)
		}
	}
}

// BenchmarkShuffle8: split of 64K elements (512 KiB, one clevel-5 block).
func BenchmarkShuffle8(b *testing.B) {
	src := make([]byte, 512<<10)
	rand.New(rand.NewSource(1)).Read(src)
	dst := make([]byte, len(src))
	b.SetBytes(int64(len(src)))
	for i := 0; i < b.N; i++ {
		shuffle8(dst, src, len(src)/8)
	}
}
