package simplepacking

import "sync"

// splitChunks divides n values into at most threads contiguous chunks whose
// starts are multiples of 8 values, so every chunk starts on a byte
// boundary for every bit width. It returns the chunk start indices plus n.
func splitChunks(n, threads int) []int {
	if threads < 1 || n < minParallelValues {
		threads = 1
	}
	groups := (n + 7) / 8
	if threads > groups {
		threads = groups
	}
	if threads < 1 {
		threads = 1
	}
	bounds := make([]int, 0, threads+1)
	for t := 0; t < threads; t++ {
		bounds = append(bounds, groups*t/threads*8)
	}
	return append(bounds, n)
}

// runChunks calls fn(lo, hi) for every chunk, concurrently when there is
// more than one chunk, and returns the error of the lowest-index chunk that
// failed (so reported element indices match a sequential scan).
func runChunks(bounds []int, fn func(lo, hi int) error) error {
	nc := len(bounds) - 1
	if nc == 1 {
		return fn(bounds[0], bounds[1])
	}
	errs := make([]error, nc)
	var wg sync.WaitGroup
	wg.Add(nc - 1)
	for c := 1; c < nc; c++ {
		go func(c int) {
			defer wg.Done()
			errs[c] = fn(bounds[c], bounds[c+1])
		}(c)
	}
	errs[0] = fn(bounds[0], bounds[1])
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
