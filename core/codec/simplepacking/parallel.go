package simplepacking

import "github.com/tensogram-go/tensogram-go/core/internal/par"

// splitChunks divides n values into at most threads contiguous chunks whose
// starts are multiples of 8 values, so every chunk starts on a byte
// boundary for every bit width. It returns the chunk start indices plus n.
func splitChunks(n, threads int) []int {
	if threads < 1 || n < minParallelValues {
		threads = 1
	}
	groups := (n + 7) / 8
	threads = max(min(threads, groups), 1)
	bounds := par.Split(groups, threads)
	for t := range bounds {
		bounds[t] *= 8
	}
	bounds[threads] = n
	return bounds
}

// runChunks calls fn(lo, hi) for every chunk, concurrently when there is
// more than one chunk (the first on the calling goroutine), and returns the
// error of the lowest-index chunk that failed (so reported element indices
// match a sequential scan).
func runChunks(bounds []int, fn func(lo, hi int) error) error {
	return par.Chunks(bounds, fn)
}
