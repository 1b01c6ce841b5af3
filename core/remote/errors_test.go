package remote

import (
	"context"
	"errors"
	"regexp"
	"testing"
)

// TestErrorTextsAsUpstream pins the text of every transport failure to
// the wording upstream's object store gives for the same failure (recorded
// from tensogram 0.24 against a loopback server): 404, 403, 401, an
// unrecognised scheme, a bad option value, a persistent 5xx after retries,
// a truncated body, a timeout, Range ignored and a wrong Content-Range.
// Unknown option keys are ours (upstream ignores them) but share the
// "Generic Config error" wording.
func TestErrorTextsAsUpstream(t *testing.T) {
	const key = "data/file\\.tgm"
	const url = `http://127\.0\.0\.1:\d+/data/file\.tgm`
	const took = ` in [0-9.]+(µs|ms|s)`
	for _, c := range []struct {
		name   string
		fault  func(s *rangeServer)
		opts   map[string]string
		source string // default: the server's URL
		read   bool   // the failure shows on a read after open
		want   string
		is     error
	}{
		{name: "404", fault: func(s *rangeServer) { s.fail, s.failCode = 1, 404 },
			want: `^RemoteError: Object at location ` + key + ` not found: Error performing HEAD ` + url + took +
				` - Server returned non-2xx status code: 404 Not Found: $`, is: ErrNotFound},
		{name: "403", fault: func(s *rangeServer) { s.fail, s.failCode = 1, 403 },
			want: `^RemoteError: The operation lacked the necessary privileges to complete for path ` + key +
				`: Error performing HEAD ` + url + took + ` - Server returned non-2xx status code: 403 Forbidden: $`, is: ErrPermission},
		{name: "401", fault: func(s *rangeServer) { s.fail, s.failCode = 1, 401 },
			want: `^RemoteError: The operation lacked valid authentication credentials for path ` + key +
				`: Error performing HEAD ` + url + took + ` - Server returned non-2xx status code: 401 Unauthorized: $`, is: ErrUnauthenticated},
		{name: "scheme", source: "ftp://h/x.tgm",
			want: `^RemoteError: cannot open 'ftp://h/x\.tgm': Generic URL error: Unable to recognise URL "ftp://h/x\.tgm" \(supported schemes: `},
		{name: "bad value", opts: map[string]string{"timeout": "30"},
			want: `^RemoteError: cannot open '` + url + `': Generic Config error: failed to parse "30" as Duration`},
		{name: "unknown key", opts: map[string]string{"timeot": "30s"},
			want: `^RemoteError: cannot open '` + url + `': Generic Config error: unknown storage option 'timeot' for http; known options: allow_http, `},
		{name: "5xx after retries", fault: func(s *rangeServer) { s.fail = 100 },
			want: `^RemoteError: Generic HTTP error: Error performing HEAD ` + url + took +
				`, after 2 retries, max_retries: 2, retry_timeout: 180s  - Server returned non-2xx status code: 503 Service Unavailable: $`},
		{name: "truncated", read: true, fault: func(s *rangeServer) { s.truncate = 100 },
			want: `^RemoteError: Generic HTTP error: Error performing GET ` + url + took +
				`, after 2 retries, max_retries: 2, retry_timeout: 180s  - HTTP error: (unexpected EOF|truncated response)`},
		{name: "timeout", read: true, opts: map[string]string{"timeout": "200ms", "stall_timeout": "0s"}, fault: func(s *rangeServer) { s.stall = 100 },
			want: `^RemoteError: Generic HTTP error: Error performing GET ` + url + took +
				`, after 2 retries, max_retries: 2, retry_timeout: 180s  - HTTP error: context deadline exceeded$`},
		{name: "range ignored", read: true, fault: func(s *rangeServer) { s.noRange = true },
			want: `^RemoteError: Operation not supported: Range request not supported by ` + key},
		{name: "wrong Content-Range", read: true, fault: func(s *rangeServer) { s.wrongCR = true },
			want: `^RemoteError: Generic HTTP error: Error performing GET ` + url + took + ` - HTTP error: Requested 10\.\.30, got 11\.\.31$`},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := newRangeServer(t, testData(1000))
			opts := map[string]string{"max_retries": "2", "retry_initial_backoff": "1ms", "retry_max_backoff": "2ms"}
			for k, v := range c.opts {
				opts[k] = v
			}
			src := c.source
			if src == "" {
				src = s.url()
			}
			var err error
			if c.read {
				o := mustOpen(t, src, opts)
				c.fault(s)
				_, err = o.ReadRange(context.Background(), 10, 20)
			} else {
				if c.fault != nil {
					c.fault(s)
				}
				_, err = Open(context.Background(), src, opts)
			}
			if err == nil || !isRemote(err) || !regexp.MustCompile(c.want).MatchString(err.Error()) {
				t.Fatalf("err = %v\nwant %s", err, c.want)
			}
			if c.is != nil && !errors.Is(err, c.is) {
				t.Fatalf("%v is not %v", err, c.is)
			}
		})
	}
}
