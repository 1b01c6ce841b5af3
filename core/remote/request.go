package remote

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// retryable marks an attempt failure that may succeed when repeated.
type retryable struct{ err error }

func (r retryable) Error() string { return r.err.Error() }
func (r retryable) Unwrap() error { return r.err }

// withRetry runs attempt until it succeeds, fails for good, or the retry
// count or time budget is spent. Each attempt gets the whole-request
// timeout; waits between attempts are jittered exponential backoff.
func (o *Object) withRetry(ctx context.Context, method string, attempt func(context.Context) ([]byte, error)) ([]byte, error) {
	start := time.Now()
	for try := 0; ; try++ {
		actx, cancel := context.WithTimeout(ctx, o.cfg.timeout)
		b, err := attempt(actx)
		cancel()
		if err == nil {
			return b, nil
		}
		var r retryable
		if !errors.As(err, &r) || ctx.Err() != nil {
			return nil, o.wrap(method, err, try, start)
		}
		if try >= o.cfg.maxRetries {
			return nil, o.wrap(method, err, try, start)
		}
		wait := o.cfg.backoff(try + 1)
		if time.Since(start)+wait > o.cfg.retryTimeout {
			return nil, o.wrap(method, err, try, start)
		}
		o.retries.Add(1)
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return nil, o.wrap(method, ctx.Err(), try, start)
		}
	}
}

// wrap is requestErr for this object, the retryable marker removed.
func (o *Object) wrap(method string, err error, retries int, start time.Time) error {
	var r retryable
	if errors.As(err, &r) {
		err = r.err
	}
	return requestErr(method, redact(o.sig.objectURL()), o.loc.Key, err, retries, o.cfg.maxRetries, time.Since(start), o.cfg.retryTimeout)
}

// send issues one request and classifies transport failures as retryable.
func (o *Object) send(ctx context.Context, method string, hdr http.Header) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, o.sig.objectURL(), nil)
	if err != nil {
		return nil, err
	}
	for k, v := range hdr {
		req.Header[k] = v
	}
	req.Header.Set("User-Agent", o.cfg.userAgent)
	if err := o.sig.sign(req); err != nil {
		return nil, err
	}
	o.requests.Add(1)
	resp, err := o.client.Do(req)
	if err != nil {
		return nil, retryable{err}
	}
	if retryableStatus(resp.StatusCode) {
		drainClose(resp)
		return nil, retryable{&StatusError{Method: method, URL: redact(req.URL.String()), Status: resp.StatusCode}}
	}
	return resp, nil
}

// statusErr consumes resp and returns its StatusError.
func statusErr(method string, resp *http.Response) error {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	resp.Body.Close()
	return &StatusError{Method: method, URL: redact(resp.Request.URL.String()), Status: resp.StatusCode, Body: strings.TrimSpace(string(body))}
}

func drainClose(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4096))
	resp.Body.Close()
}

// getOnce is one attempt of a ranged GET of [off, off+n).
func (o *Object) getOnce(ctx context.Context, off, n int64) ([]byte, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	hdr := http.Header{"Range": {fmt.Sprintf("bytes=%d-%d", off, off+n-1)}}
	if cond := o.ifMatch(); cond != "" {
		hdr.Set("If-Match", cond)
	}
	resp, err := o.send(ctx, "GET", hdr)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if err := o.checkRangeAnswer(resp, off, n); err != nil {
		return nil, err
	}
	return o.readBody(ctx, cancel, resp.Body, n)
}

// ifMatch returns the If-Match value pinning the version, if usable: a
// strong ETag (weak ones never match under If-Match).
func (o *Object) ifMatch() string {
	e := o.ver.etag
	if e == "" || strings.HasPrefix(e, "W/") || o.ver.generation != "" {
		return ""
	}
	return e
}

// checkRangeAnswer checks status, Content-Range and the version headers
// of a ranged GET answer.
func (o *Object) checkRangeAnswer(resp *http.Response, off, n int64) error {
	switch {
	case resp.StatusCode == http.StatusPartialContent:
	case resp.StatusCode == http.StatusOK && off == 0 && n == o.size && (resp.ContentLength < 0 || resp.ContentLength == n):
		return o.checkVersion(resp)
	case resp.StatusCode == http.StatusOK:
		drainClose(resp)
		return remoteText("Operation not supported: Range request not supported by %s (server answered 200 with the whole object)", o.loc.Key)
	case resp.StatusCode == http.StatusNotFound:
		// It was there at open: deleted or replaced (a pinned GCS
		// generation that no longer exists).
		return fmt.Errorf("%w: %w", ErrChanged, statusErr("GET", resp))
	default:
		return statusErr("GET", resp)
	}
	if err := o.checkVersion(resp); err != nil {
		return err
	}
	first, last, total, err := parseContentRange(resp.Header.Get("Content-Range"))
	if err != nil {
		return err
	}
	if total >= 0 && total != o.size {
		return fmt.Errorf("%w: size is now %d bytes, was %d", ErrChanged, total, o.size)
	}
	if first != off || last != off+n-1 {
		return fmt.Errorf("Requested %d..%d, got %d..%d", off, off+n, first, last+1)
	}
	if resp.ContentLength >= 0 && resp.ContentLength != n {
		return fmt.Errorf("requested %d bytes, Content-Length says %d", n, resp.ContentLength)
	}
	return nil
}

// checkVersion compares the answer's ETag / generation with the pinned ones.
func (o *Object) checkVersion(resp *http.Response) error {
	if g := resp.Header.Get("X-Goog-Generation"); g != "" && o.ver.generation != "" && g != o.ver.generation {
		return fmt.Errorf("%w: generation is now %s, was %s", ErrChanged, g, o.ver.generation)
	}
	if e := resp.Header.Get("ETag"); e != "" && o.ver.etag != "" && e != o.ver.etag {
		return fmt.Errorf("%w: ETag is now %s, was %s", ErrChanged, e, o.ver.etag)
	}
	if o.ver.etag == "" && o.ver.modified != "" {
		if m := resp.Header.Get("Last-Modified"); m != "" && m != o.ver.modified {
			return fmt.Errorf("%w: Last-Modified is now %s, was %s", ErrChanged, m, o.ver.modified)
		}
	}
	return nil
}

// parseContentRange reads "bytes first-last/total" (total may be "*" → -1).
func parseContentRange(s string) (first, last, total int64, err error) {
	bad := fmt.Errorf("invalid Content-Range %q", s)
	rest, ok := strings.CutPrefix(s, "bytes ")
	if !ok {
		return 0, 0, 0, bad
	}
	span, tot, ok := strings.Cut(rest, "/")
	a, b, ok2 := strings.Cut(span, "-")
	if !ok || !ok2 {
		return 0, 0, 0, bad
	}
	if first, err = strconv.ParseInt(a, 10, 64); err != nil {
		return 0, 0, 0, bad
	}
	if last, err = strconv.ParseInt(b, 10, 64); err != nil || last < first {
		return 0, 0, 0, bad
	}
	total = -1
	if tot != "*" {
		if total, err = strconv.ParseInt(tot, 10, 64); err != nil {
			return 0, 0, 0, bad
		}
	}
	return first, last, total, nil
}

var errStalled = errors.New("response body stalled")

// readBody reads exactly n body bytes. A body that ends early is a
// retryable truncation; one that sends nothing for the stall timeout is
// cancelled (retryable); extra bytes are ignored (Content-Length and
// Content-Range were checked). The buffer grows (doubling) with the data
// received, so a size claimed by a hostile server is never allocated up
// front.
func (o *Object) readBody(ctx context.Context, cancel context.CancelCauseFunc, body io.Reader, n int64) ([]byte, error) {
	buf := make([]byte, 0, min(n, initialBody))
	var timer *time.Timer
	if o.cfg.stallTimeout > 0 {
		timer = time.AfterFunc(o.cfg.stallTimeout, func() { cancel(errStalled) })
		defer timer.Stop()
	}
	for int64(len(buf)) < n {
		if len(buf) == cap(buf) {
			// Double (append grows large slices by only 1.25x, copying
			// often): at most twice the bytes received are allocated.
			grown := make([]byte, len(buf), min(2*int64(cap(buf)), n))
			copy(grown, buf)
			buf = grown
		}
		k, err := body.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+k]
		o.bytes.Add(int64(k))
		if k > 0 && timer != nil {
			timer.Reset(o.cfg.stallTimeout)
		}
		if err == nil || int64(len(buf)) == n {
			continue
		}
		if c := context.Cause(ctx); c != nil {
			err = c
		}
		if err == io.EOF {
			err = fmt.Errorf("truncated response: %d of %d bytes", len(buf), n)
		}
		return nil, retryable{err}
	}
	return buf, nil
}

// initialBody is the first allocation for a response body.
const initialBody = 1 << 20
