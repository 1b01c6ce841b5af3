package core

import (
	"bytes"
	"testing"
)

func TestCopyCachedMatchesCopy(t *testing.T) {
	for _, n := range []int{0, 1, cachedCopyChunk - 1, cachedCopyChunk, cachedCopyChunk + 1, 3*cachedCopyChunk + 17} {
		src := make([]byte, n)
		for i := range src {
			src[i] = byte(i*31 + i>>9)
		}
		for _, dn := range []int{n, n / 2, n + 5} {
			dst := bytes.Repeat([]byte{0xAA}, dn)
			want := bytes.Repeat([]byte{0xAA}, dn)
			wn := copy(want, src)
			if got := copyCached(dst, src); got != wn || !bytes.Equal(dst, want) {
				t.Fatalf("n=%d dst=%d: copied %d (want %d), contents equal=%v", n, dn, got, wn, bytes.Equal(dst, want))
			}
		}
	}
}

func BenchmarkCopy4MiB(b *testing.B) {
	src := make([]byte, 4<<20)
	dst := make([]byte, 4<<20)
	b.Run("builtin", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		for i := 0; i < b.N; i++ {
			copy(dst, src)
		}
	})
	b.Run("cached", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		for i := 0; i < b.N; i++ {
			copyCached(dst, src)
		}
	})
}
