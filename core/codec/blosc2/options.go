package blosc2

import (
	"runtime"

	"github.com/tensogram-go/tensogram-go/core/codec/internal/codecerr"
)

// Option configures decoding.
type Option func(*options)

type options struct {
	maxSize int64 // < 0: no limit
	threads int
}

func newOptions(opts []Option) options {
	o := options{maxSize: -1, threads: 1}
	for _, f := range opts {
		f(&o)
	}
	return o
}

// WithMaxSize rejects, before allocating anything of that size, frames
// that decode to more than n bytes (n < 0: no limit, the default). Pass
// the expected size when it is known: decoding untrusted frames without
// a limit lets a small frame of special chunks ask for any size.
func WithMaxSize(n int64) Option { return func(o *options) { o.maxSize = n } }

// WithThreads decodes up to n blocks (and chunks) at once; n ≤ 0 means
// runtime.GOMAXPROCS(0). The output does not depend on n.
func WithThreads(n int) Option {
	return func(o *options) {
		if n <= 0 {
			n = runtime.GOMAXPROCS(0)
		}
		o.threads = n
	}
}

// sizeLimit reports a decoded size above the limit.
func sizeLimit(n, limit int64) error {
	return codecerr.Errorf(ErrSizeLimit, "%d bytes > %d", n, limit)
}
