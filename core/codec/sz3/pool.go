package sz3

import "sync"

// slicePool recycles the encoder's large scratch slices (the working copy
// of the field, the quantisation indices, Huffman count tables): fresh
// multi-megabyte allocations cost page faults and zeroing on every call.
type slicePool[T any] struct{ p sync.Pool }

// get returns a pooled slice of length 0 and capacity at least n.
func (sp *slicePool[T]) get(n int) *[]T {
	s, _ := sp.p.Get().(*[]T)
	if s == nil {
		s = new([]T)
	}
	if cap(*s) < n {
		*s = make([]T, 0, n)
	}
	*s = (*s)[:0]
	return s
}

// put returns s to the pool; the caller must not use it afterwards.
func (sp *slicePool[T]) put(s *[]T) { sp.p.Put(s) }

var (
	floatPool slicePool[float64]
	// compactPool holds interpWalk's compact copies apart from floatPool,
	// whose short sample buffers would otherwise come back for them and
	// be replaced by fresh multi-megabyte ones.
	compactPool slicePool[float64]
	indexPool   slicePool[int32]
	countPool   slicePool[uint64] // zeroed before put
	bytePool    slicePool[byte]   // inner buffers and zstd frames
	wordPool    slicePool[uint64] // repeatedAnchors' table
)

// putBytes returns a buffer of bytePool (nil: nothing) to the pool.
func putBytes(b *[]byte) {
	if b != nil {
		bytePool.put(b)
	}
}
