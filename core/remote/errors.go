package remote

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

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

// Error renders the status as upstream's object store does:
// "Server returned non-2xx status code: 404 Not Found: <body>".
func (e *StatusError) Error() string {
	return fmt.Sprintf("Server returned non-2xx status code: %d %s: %s", e.Status, http.StatusText(e.Status), e.Body)
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

// requestErr is the RemoteError of a request that failed for good after
// retries retries and elapsed time, worded as upstream's object store words
// it (docs/python-api.md, "Exceptions"): 404/405, 403 and 401 answers name
// the object key ("Object at location <key> not found: …"); every other
// failure is a "Generic HTTP error: Error performing <method> <url> in
// <elapsed>[, after N retries, …] - <cause>". The cause stays reachable
// with errors.Is / errors.As (ErrNotFound, ErrChanged, *StatusError, …).
func requestErr(method, target, key string, cause error, retries, maxRetries int, elapsed, budget time.Duration) error {
	var ce *core.Error
	if errors.As(cause, &ce) {
		return cause // already a worded RemoteError (e.g. Range ignored)
	}
	var ue *url.Error
	if errors.As(cause, &ue) {
		cause = ue.Err
	}
	var se *StatusError
	isStatus := errors.As(cause, &se)
	detail := cause.Error()
	if !isStatus {
		detail = "HTTP error: " + detail
	}
	perform := fmt.Sprintf("Error performing %s %s in %v", method, target, elapsed)
	if retries > 0 {
		perform += fmt.Sprintf(", after %d retries, max_retries: %d, retry_timeout: %gs ", retries, maxRetries, budget.Seconds())
	}
	msg := "Generic HTTP error: " + perform + " - " + detail
	if isStatus && !errors.Is(cause, ErrChanged) {
		switch se.Status {
		case 404, 405:
			msg = fmt.Sprintf("Object at location %s not found: %s - %s", key, perform, detail)
		case 403:
			msg = fmt.Sprintf("The operation lacked the necessary privileges to complete for path %s: %s - %s", key, perform, detail)
		case 401:
			msg = fmt.Sprintf("The operation lacked valid authentication credentials for path %s: %s - %s", key, perform, detail)
		}
	}
	return &core.Error{Kind: core.KindUnsupported, Msg: msg, Err: cause}
}
