package remote

import (
	"crypto/tls"
	"crypto/x509"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/tensogram-go/tensogram-go/core"
)

// transportConfig holds the client, retry and timeout settings of one
// handle, read from the storage options.
type transportConfig struct {
	allowHTTP      bool
	timeout        time.Duration // whole request, connect through body
	connectTimeout time.Duration
	stallTimeout   time.Duration // no body byte for this long fails the attempt
	maxRetries     int
	retryTimeout   time.Duration // budget for all retries of one read
	backoffInitial time.Duration
	backoffMax     time.Duration
	maxConcurrency int   // batch reads in flight
	coalesceGap    int64 // batch ranges closer than this are merged
	rangeGap       int64 // decode_range payload spans closer than this are merged
	userAgent      string
}

// Defaults: upstream's timeouts (30 s request, 5 s connect); fewer retries
// than upstream's 10 so a dead server fails in seconds, not minutes.
const (
	defaultTimeout        = 30 * time.Second
	defaultConnectTimeout = 5 * time.Second
	defaultStallTimeout   = 10 * time.Second
	defaultMaxRetries     = 5
	defaultRetryTimeout   = 3 * time.Minute
	defaultBackoffInitial = 100 * time.Millisecond
	defaultBackoffMax     = 15 * time.Second
	defaultMaxConcurrency = 10
	defaultCoalesceGap    = 1 << 20
	defaultRangeGap       = 4 << 10
)

func newTransportConfig(o *Options) transportConfig {
	return transportConfig{
		allowHTTP:      o.boolean("allow_http", false),
		timeout:        o.duration("timeout", defaultTimeout),
		connectTimeout: o.duration("connect_timeout", defaultConnectTimeout),
		stallTimeout:   o.duration("stall_timeout", defaultStallTimeout),
		maxRetries:     o.integer("max_retries", defaultMaxRetries),
		retryTimeout:   o.duration("retry_timeout", defaultRetryTimeout),
		backoffInitial: o.duration("retry_initial_backoff", defaultBackoffInitial),
		backoffMax:     o.duration("retry_max_backoff", defaultBackoffMax),
		maxConcurrency: max(1, o.integer("max_concurrency", defaultMaxConcurrency)),
		coalesceGap:    int64(o.integer("coalesce_gap", defaultCoalesceGap)),
		rangeGap:       int64(o.integer("range_coalesce_gap", defaultRangeGap)),
		userAgent:      optionOr(o, "user_agent", "tensogram-go"),
	}
}

func optionOr(o *Options, k, def string) string {
	if v, ok := o.str(k); ok {
		return v
	}
	return def
}

// backoff returns the jittered wait before retry number attempt (1-based):
// a uniform draw in [d/2, d] with d = initial·2^(attempt-1) capped at max.
func (c *transportConfig) backoff(attempt int) time.Duration {
	d := c.backoffInitial
	for i := 1; i < attempt && d < c.backoffMax; i++ {
		d *= 2
	}
	d = min(d, c.backoffMax)
	if d <= 0 {
		return 0
	}
	return d/2 + rand.N(d/2+1)
}

// newClient builds the HTTP client of one handle: HTTP/1.1 unless
// http2_only, explicit proxy or the environment's, optional extra CA for the
// proxy, no automatic decompression (byte ranges must be the stored bytes).
func newClient(o *Options, c transportConfig) (*http.Client, error) {
	dialer := &net.Dialer{Timeout: c.connectTimeout, KeepAlive: 30 * time.Second}
	tr := &http.Transport{
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   c.connectTimeout,
		DisableCompression:    true,
		MaxIdleConnsPerHost:   o.integer("pool_max_idle_per_host", c.maxConcurrency),
		IdleConnTimeout:       o.duration("pool_idle_timeout", 90*time.Second),
		ResponseHeaderTimeout: c.timeout,
		TLSClientConfig:       &tls.Config{InsecureSkipVerify: o.boolean("allow_invalid_certificates", false)},
	}
	var p http.Protocols
	switch {
	case o.boolean("http2_only", false):
		p.SetHTTP2(true)
		p.SetUnencryptedHTTP2(true)
	default:
		p.SetHTTP1(true)
	}
	tr.Protocols = &p
	if err := setProxy(o, tr); err != nil {
		return nil, err
	}
	return &http.Client{Transport: tr}, nil
}

// setProxy applies proxy_url / proxy_excludes / proxy_ca_certificate, or the
// environment's proxy variables when no proxy_url is given.
func setProxy(o *Options, tr *http.Transport) error {
	pu, ok := o.str("proxy_url")
	if !ok {
		tr.Proxy = http.ProxyFromEnvironment
		return nil
	}
	proxy, err := url.Parse(pu)
	if err != nil || proxy.Host == "" {
		return remoteText("storage option 'proxy_url': invalid proxy URL %q", pu)
	}
	ex, _ := o.str("proxy_excludes")
	tr.Proxy = func(r *http.Request) (*url.URL, error) {
		if proxyExcluded(r.URL.Hostname(), ex) {
			return nil, nil
		}
		return proxy, nil
	}
	if pem, ok := o.str("proxy_ca_certificate"); ok {
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM([]byte(pem)) {
			return remoteText("storage option 'proxy_ca_certificate': no PEM certificate found")
		}
		tr.TLSClientConfig.RootCAs = pool
	}
	return nil
}

// proxyExcluded reports whether host matches the comma-separated
// proxy_excludes list: an entry matches the host itself or, with or without
// a leading dot, any subdomain of it; "*" matches everything.
func proxyExcluded(host, list string) bool {
	host = strings.ToLower(host)
	for _, e := range strings.Split(list, ",") {
		e = strings.ToLower(strings.TrimSpace(e))
		d := strings.TrimPrefix(e, ".")
		switch {
		case e == "":
		case e == "*", host == d, strings.HasSuffix(host, "."+d):
			return true
		}
	}
	return false
}

// retryableStatus reports whether an HTTP status is worth retrying.
func retryableStatus(s int) bool {
	return s >= 500 || s == 429 || s == 408
}

// redact drops the query string (it may hold a signature) from a URL.
func redact(u string) string {
	if i := strings.IndexByte(u, '?'); i >= 0 {
		return u[:i] + "?…"
	}
	return u
}

// getenvFunc reads an environment variable; tests replace it.
type getenvFunc func(string) string

var osGetenv getenvFunc = func(k string) string { return core.Getenv(k) }
