package remote

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/tensogram-go/tensogram-go/core"
)

// Open opens the object named by source for ranged reads: it parses the
// URL (ParseLocation) and the storage options (ParseOptions, checked
// before any I/O), builds the backend's request signer with credentials
// from the options or, failing that, the environment, and asks the server
// for the object's size and version (one HEAD; one 1-byte GET for
// pre-signed URLs, which are signed for GET only). For http:// URLs
// allow_http is implied, and so it is for endpoints named by the
// environment or an emulator setting (AWS_ENDPOINT_URL[_S3] or a profile's
// endpoint_url, STORAGE_EMULATOR_HOST, Azure use_emulator or a connection
// string's BlobEndpoint), as the clouds' own clients accept them; an
// http:// endpoint given in the options needs allow_http=true.
func Open(ctx context.Context, source string, options map[string]string) (*Object, error) {
	loc, err := ParseLocation(source)
	if err != nil {
		return nil, err
	}
	opts, err := ParseOptions(loc.Backend, options)
	if err != nil {
		return nil, remoteErr(errors.Unwrap(err), "cannot open '%s': %s", source, errText(err))
	}
	if loc.Backend == BackendHTTP && strings.EqualFold(loc.URL.Scheme, "http") {
		if _, set := opts.values["allow_http"]; !set {
			opts.values["allow_http"] = "true"
		}
	}
	cfg := newTransportConfig(opts)
	client, err := newClient(opts, cfg)
	if err != nil {
		return nil, remoteErr(err, "cannot open '%s'", source)
	}
	if loc.Backend == BackendFile {
		client = &http.Client{Transport: http.NewFileTransport(http.Dir("/"))}
	}
	sig, err := newSigner(ctx, loc, opts, osGetenv, client)
	if err != nil {
		return nil, remoteErr(err, "cannot open '%s'", source)
	}
	if u := sig.objectURL(); strings.HasPrefix(strings.ToLower(u), "http:") && !cfg.allowHTTP && !endpointFromEnv(sig) {
		return nil, remoteText("cannot open '%s': endpoint %s uses plain http; set storage option allow_http=true", source, redact(u))
	}
	o := &Object{source: source, loc: loc, sig: sig, client: client, cfg: cfg}
	if err := o.stat(ctx); err != nil {
		return nil, err
	}
	return o, nil
}

// newSigner builds the backend's signer.
func newSigner(ctx context.Context, loc *Location, o *Options, env getenvFunc, client *http.Client) (signer, error) {
	switch loc.Backend {
	case BackendS3:
		return newS3Signer(loc, o, env)
	case BackendGCS:
		return newGCSSigner(ctx, loc, o, env, client)
	case BackendAzure:
		return newAzureSigner(loc, o, env)
	}
	if loc.Backend == BackendFile {
		return &httpSigner{url: (&url.URL{Scheme: "file", Path: loc.Key}).String()}, nil
	}
	return &httpSigner{url: loc.URL.String()}, nil
}

// stat learns size and version: HEAD, or a 1-byte GET for pre-signed URLs.
func (o *Object) stat(ctx context.Context) error {
	method := "HEAD"
	if o.loc.Presigned {
		method = "GET"
	}
	_, err := o.withRetry(ctx, method, func(ctx context.Context) ([]byte, error) {
		return nil, o.statOnce(ctx, method)
	})
	if err != nil {
		return err
	}
	o.sig.pin(o.ver)
	return nil
}

func (o *Object) statOnce(ctx context.Context, method string) error {
	var hdr http.Header
	if method == "GET" {
		hdr = http.Header{"Range": {"bytes=0-0"}}
	}
	resp, err := o.send(ctx, method, hdr)
	if err != nil {
		return err
	}
	defer drainClose(resp)
	if resp.StatusCode/100 != 2 {
		return statusErr(method, resp)
	}
	o.ver = version{
		etag:       resp.Header.Get("ETag"),
		generation: resp.Header.Get("X-Goog-Generation"),
		modified:   resp.Header.Get("Last-Modified"),
	}
	if method == "HEAD" {
		n, err := strconv.ParseInt(resp.Header.Get("Content-Length"), 10, 64)
		if err != nil || n < 0 {
			return remoteText("HEAD %s: Content-Length header missing from response", redact(o.sig.objectURL()))
		}
		o.size = n
		return nil
	}
	return o.sizeFromProbe(resp)
}

// sizeFromProbe reads the object size from a 1-byte GET answer.
func (o *Object) sizeFromProbe(resp *http.Response) error {
	if resp.StatusCode == http.StatusOK {
		if resp.ContentLength < 0 {
			return remoteText("GET %s: Content-Length header missing from response", redact(o.sig.objectURL()))
		}
		o.size = resp.ContentLength
		return nil
	}
	_, _, total, err := parseContentRange(resp.Header.Get("Content-Range"))
	if err != nil {
		return err
	}
	if total < 0 {
		return remoteText("GET %s: Content-Range does not give the object size", redact(o.sig.objectURL()))
	}
	o.size = total
	return nil
}

// httpSigner is the plain-HTTP backend: the URL as given, unsigned.
type httpSigner struct{ url string }

func (s *httpSigner) objectURL() string            { return s.url }
func (s *httpSigner) sign(req *http.Request) error { return nil }
func (s *httpSigner) pin(version)                  {}

// errText returns the message of a package error without its kind prefix.
func errText(err error) string {
	var e *core.Error
	if errors.As(err, &e) {
		return e.Msg
	}
	return err.Error()
}

// endpointFromEnv reports whether sig's endpoint was named by the
// environment or an emulator setting (plain http needs no allow_http there).
func endpointFromEnv(sig signer) bool {
	e, ok := sig.(interface{ endpointFromEnv() bool })
	return ok && e.endpointFromEnv()
}
