package simplepacking

// minParallelValues is the element count below which work always runs on
// the calling goroutine.
const minParallelValues = 1 << 16

// Option configures Encode and Decode calls.
type Option func(*config)

type config struct {
	threads int
}

// WithThreads sets the maximum number of goroutines used by one call
// (values ≤ 1 mean sequential). Inputs smaller than 64 Ki values are always
// processed sequentially. Output bytes do not depend on the thread count.
func WithThreads(n int) Option {
	return func(c *config) { c.threads = n }
}

func buildConfig(opts []Option) config {
	var c config
	for _, o := range opts {
		o(&c)
	}
	return c
}
