package remote

import (
	"sort"
	"strconv"
	"strings"
	"time"
)

// valueKind is how an option's string value is parsed.
type valueKind int

const (
	kString valueKind = iota
	kBool
	kDuration
	kInt
	kIgnored     // accepted, irrelevant to reads (write-side settings)
	kUnsupported // recognised but not implemented by this build
)

// keySpec is one option: its canonical name, aliases and value kind.
type keySpec struct {
	name    string
	aliases []string
	kind    valueKind
}

// clientKeys are understood by every backend; cloud backends also accept
// them with their prefix (aws_, google_, azure_).
var clientKeys = []keySpec{
	{name: "allow_http", kind: kBool},
	{name: "allow_invalid_certificates", kind: kBool},
	{name: "timeout", kind: kDuration},
	{name: "connect_timeout", kind: kDuration},
	{name: "pool_idle_timeout", kind: kDuration},
	{name: "pool_max_idle_per_host", kind: kInt},
	{name: "http1_only", kind: kBool},
	{name: "http2_only", kind: kBool},
	{name: "proxy_url", kind: kString},
	{name: "proxy_ca_certificate", kind: kString},
	{name: "proxy_excludes", kind: kString},
	{name: "user_agent", kind: kString},
	{name: "default_content_type", kind: kIgnored},
	{name: "randomize_addresses", kind: kIgnored},
	{name: "http2_keep_alive_interval", kind: kUnsupported},
	{name: "http2_keep_alive_timeout", kind: kUnsupported},
	{name: "http2_keep_alive_while_idle", kind: kUnsupported},
	{name: "http2_max_frame_size", kind: kUnsupported},
	// Ours (upstream has no retry or stall settings).
	{name: "max_retries", kind: kInt},
	{name: "retry_timeout", kind: kDuration},
	{name: "retry_initial_backoff", kind: kDuration},
	{name: "retry_max_backoff", kind: kDuration},
	{name: "stall_timeout", kind: kDuration},
	{name: "max_concurrency", kind: kInt},
	{name: "coalesce_gap", kind: kInt},
	{name: "range_coalesce_gap", kind: kInt},
}

// Options is a validated storage-options map: canonical key → raw value.
type Options struct {
	backend Backend
	values  map[string]string
}

// ParseOptions checks a storage-options map against the backend's key
// table: keys are matched ASCII case-insensitively, aliases map to their
// canonical name, a later duplicate (in sorted key order) wins, and an
// unknown key is an error that lists the known ones. Values are checked by
// type (booleans 1/true/on/yes/y and 0/false/off/no/n; durations such as
// "30s", "500ms", "2m"; decimal integers).
func ParseOptions(b Backend, raw map[string]string) (*Options, error) {
	table := keyTable(b)
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	o := &Options{backend: b, values: map[string]string{}}
	for _, k := range keys {
		spec, ok := table[strings.ToLower(k)]
		if !ok {
			return nil, remoteText("Generic Config error: unknown storage option '%s' for %s; known options: %s", k, b, strings.Join(knownKeys(b), ", "))
		}
		v := raw[k]
		if err := checkValue(spec, k, v); err != nil {
			return nil, err
		}
		if spec.kind != kIgnored {
			o.values[spec.name] = v
		}
	}
	return o, nil
}

func checkValue(spec keySpec, key, v string) error {
	var ok bool
	switch spec.kind {
	case kUnsupported:
		return remoteText("storage option '%s' is recognised but not supported by this build", key)
	case kBool:
		_, ok = parseBool(v)
	case kDuration:
		d, err := time.ParseDuration(strings.TrimSpace(v))
		ok = err == nil && d >= 0
	case kInt:
		n, err := strconv.Atoi(strings.TrimSpace(v))
		ok = err == nil && n >= 0
	default:
		return nil
	}
	if !ok {
		return remoteText("Generic Config error: failed to parse %q as %s for storage option '%s'", v, [...]string{kBool: "boolean", kDuration: "Duration (e.g. 30s, 500ms)", kInt: "usize (a non-negative integer)"}[spec.kind], key)
	}
	return nil
}

func parseBool(v string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "1", "true", "on", "yes", "y":
		return true, true
	case "0", "false", "off", "no", "n":
		return false, true
	}
	return false, false
}

// keyTable maps every accepted spelling to its spec for backend b.
func keyTable(b Backend) map[string]keySpec {
	t := map[string]keySpec{}
	prefix := map[Backend]string{BackendS3: "aws_", BackendGCS: "google_", BackendAzure: "azure_"}[b]
	for _, s := range clientKeys {
		t[s.name] = s
		if prefix != "" {
			t[prefix+s.name] = s
		}
	}
	for _, s := range backendKeys(b) {
		t[s.name] = s
		for _, a := range s.aliases {
			t[a] = s
		}
	}
	return t
}

// knownKeys lists the canonical option names of backend b, sorted.
func knownKeys(b Backend) []string {
	var out []string
	for _, s := range clientKeys {
		out = append(out, s.name)
	}
	for _, s := range backendKeys(b) {
		out = append(out, s.name)
	}
	sort.Strings(out)
	return out
}

func backendKeys(b Backend) []keySpec {
	switch b {
	case BackendS3:
		return s3Keys
	case BackendGCS:
		return gcsKeys
	case BackendAzure:
		return azureKeys
	}
	return nil
}

// str returns the value of canonical key k.
func (o *Options) str(k string) (string, bool) {
	v, ok := o.values[k]
	return v, ok
}

// boolean returns the value of k (checked at parse time) or def.
func (o *Options) boolean(k string, def bool) bool {
	if v, ok := o.values[k]; ok {
		b, _ := parseBool(v)
		return b
	}
	return def
}

// duration returns the value of k (checked at parse time) or def.
func (o *Options) duration(k string, def time.Duration) time.Duration {
	if v, ok := o.values[k]; ok {
		d, _ := time.ParseDuration(strings.TrimSpace(v))
		return d
	}
	return def
}

// integer returns the value of k (checked at parse time) or def.
func (o *Options) integer(k string, def int) int {
	if v, ok := o.values[k]; ok {
		n, _ := strconv.Atoi(strings.TrimSpace(v))
		return n
	}
	return def
}
