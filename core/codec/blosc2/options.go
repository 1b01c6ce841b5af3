package blosc2

import (
	"runtime"

	"github.com/tensogram-go/tensogram-go/core/codec/internal/codecerr"
)

// Option configures decoding (WithMaxSize, WithThreads) or encoding
// (WithBuffer).
type Option func(*options)

type options struct {
	maxSize int64 // < 0: no limit
	threads int
	buf     []byte // Encode's frame memory, when large enough
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

// WithBuffer lets Encode write the frame into buf's memory (from buf[:0])
// instead of new allocations, when cap(buf) is at least MaxSize of the
// input; a smaller buf is not used. The caller must not use buf's contents
// afterwards other than through the returned frame.
func WithBuffer(buf []byte) Option { return func(o *options) { o.buf = buf } }
