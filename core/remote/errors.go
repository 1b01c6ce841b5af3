package remote

import (
	"errors"
	"fmt"

	"github.com/tensogram-go/tensogram-go/core"
)

// ErrChanged is wrapped by the error of any read that sees the object
// differ from the version pinned at open (other ETag or generation, other
// size, or a 412 answer to the conditional request).
var ErrChanged = errors.New("remote object changed since it was opened")

// ErrNotFound is wrapped when the server answers 404 (or 405 on HEAD).
var ErrNotFound = errors.New("object not found")

// ErrPermission is wrapped when the server answers 403.
var ErrPermission = errors.New("permission denied")

// ErrUnauthenticated is wrapped when the server answers 401.
var ErrUnauthenticated = errors.New("authentication failed")

// StatusError is an HTTP answer with an unexpected status code.
type StatusError struct {
	Method string
	URL    string // redacted: no query string
	Status int
	Body   string // first bytes of the answer body, for diagnostics
}

// Error renders the method, URL and status.
func (e *StatusError) Error() string {
	s := fmt.Sprintf("%s %s: server returned %d", e.Method, e.URL, e.Status)
	if e.Body != "" {
		s += ": " + e.Body
	}
	return s
}

// Unwrap maps well-known statuses onto the package's sentinels.
func (e *StatusError) Unwrap() error {
	switch e.Status {
	case 404, 405:
		return ErrNotFound
	case 403:
		return ErrPermission
	case 401:
		return ErrUnauthenticated
	case 412:
		return ErrChanged
	}
	return nil
}

// remoteErr builds the package's error: kind KindUnsupported ("RemoteError").
func remoteErr(cause error, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if cause != nil {
		msg += ": " + cause.Error()
	}
	return &core.Error{Kind: core.KindUnsupported, Msg: msg, Err: cause}
}

// remoteText builds a RemoteError with a fixed text and no cause.
func remoteText(format string, args ...any) error {
	return &core.Error{Kind: core.KindUnsupported, Msg: fmt.Sprintf(format, args...)}
}
