package core

import "github.com/tensogram-go/tensogram-go/core/internal/par"

// ForEachObject calls fn(k, ov) for each selected object of mv: which lists
// object indices (nil selects every object, in order) and k is the position
// in that selection, so a caller can fill a result slot k per object. The
// calls run on up to threads goroutines, counting the calling one, with the
// same budget rule as DecodeOptions.Threads (0 = TENSOGRAM_THREADS, else
// sequential); with a budget of 1 or a single object fn runs on the calling
// goroutine in selection order and no goroutine is started. fn must be
// safe for concurrent use on distinct objects.
//
// It returns the error of the lowest k whose call failed, as a sequential
// loop would report it; sequentially, the objects after it are not visited.
// Every selected index is checked before fn is first called: an index out
// of range fails as ParseObject does, and fn is then never called. This is
// the object loop of Decode, exported so that bindings can decode straight
// into their own buffers, allocated inside fn.
func (mv *MessageView) ForEachObject(which []int, threads int, fn func(k int, ov *ObjectView) error) error {
	n := len(mv.Objects)
	if which == nil {
		return par.ForEach(n, EffectiveThreads(threads), func(k int) error {
			return fn(k, &mv.Objects[k])
		})
	}
	for _, i := range which {
		if i < 0 || i >= n {
			return objectErr("object index %d out of range (num_objects=%d)", i, n)
		}
	}
	return par.ForEach(len(which), EffectiveThreads(threads), func(k int) error {
		return fn(k, &mv.Objects[which[k]])
	})
}
