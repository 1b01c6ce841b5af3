package remote

import (
	"context"
	"io"
	"net/http"
	"sync/atomic"
)

// signer prepares the requests of one backend: the object URL, and the
// headers (or query) that authenticate a request.
type signer interface {
	// objectURL returns the URL of the object (with the pinned version
	// selector when the backend has one; see pin).
	objectURL() string
	// sign authenticates req in place.
	sign(req *http.Request) error
	// pin records the version seen at open (ETag, generation) so later
	// requests select exactly that version where the backend can.
	pin(v version)
}

// version identifies the object's content as seen at open.
type version struct {
	etag       string // as sent by the server, quotes included
	generation string // GCS x-goog-generation
	modified   string // Last-Modified, used when there is no ETag
}

// Stats counts the requests and payload bytes of one object handle.
type Stats struct {
	Requests int64 // HTTP requests sent, retries included
	Bytes    int64 // body bytes received by range reads
	Retries  int64 // attempts repeated after a retryable failure
}

// Object is one remote object opened for ranged reads. Its size and
// version are fixed at open: a read that finds another version fails with
// an error wrapping ErrChanged. Methods are safe for concurrent use.
type Object struct {
	source string
	loc    *Location
	sig    signer
	client *http.Client
	cfg    transportConfig
	size   int64
	ver    version

	requests, bytes, retries atomic.Int64
}

// Source returns the URL the object was opened with.
func (o *Object) Source() string { return o.source }

// Location returns the parsed URL.
func (o *Object) Location() *Location { return o.loc }

// Size returns the object size in bytes, as seen at open.
func (o *Object) Size() int64 { return o.size }

// ETag returns the ETag seen at open ("" if the server sent none).
func (o *Object) ETag() string { return o.ver.etag }

// Stats returns the request and byte counters so far.
func (o *Object) Stats() Stats {
	return Stats{Requests: o.requests.Load(), Bytes: o.bytes.Load(), Retries: o.retries.Load()}
}

// ReadAt implements io.ReaderAt with one ranged request (no deadline beyond
// the handle's timeouts). Reading past the end returns io.EOF with the
// bytes that exist.
func (o *Object) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, remoteText("negative read offset %d", off)
	}
	if off >= o.size {
		return 0, io.EOF
	}
	n := min(int64(len(p)), o.size-off)
	b, err := o.ReadRange(context.Background(), off, n)
	if err != nil {
		return 0, err
	}
	copy(p, b)
	if n < int64(len(p)) {
		return int(n), io.EOF
	}
	return int(n), nil
}

// ReadRange returns bytes [off, off+n) of the object with one ranged GET
// (retried on transient failures). The range must lie inside the object.
func (o *Object) ReadRange(ctx context.Context, off, n int64) ([]byte, error) {
	if off < 0 || n < 0 || off > o.size || n > o.size-off {
		return nil, remoteText("read of %d bytes at offset %d outside object of %d bytes", n, off, o.size)
	}
	if n == 0 {
		return []byte{}, nil
	}
	return o.withRetry(ctx, "GET", func(ctx context.Context) ([]byte, error) {
		return o.getOnce(ctx, off, n)
	})
}

// Close releases the handle's idle connections. Reads after Close still
// work (they open new connections); Close only frees resources early.
func (o *Object) Close() error {
	o.client.CloseIdleConnections()
	return nil
}
