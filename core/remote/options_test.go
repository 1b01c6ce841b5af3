package remote

import (
	"strings"
	"testing"
	"time"
)

func TestParseOptionsAliasesAndTypes(t *testing.T) {
	o, err := ParseOptions(BackendS3, map[string]string{
		"Access_Key_ID": "AK", "secret_access_key": "SK", "REGION": "eu-west-1",
		"endpoint_url": "http://127.0.0.1:9", "aws_allow_http": "Yes", "timeout": "1m30s",
		"aws_max_retries": "2", "aws_disable_tagging": "true",
	})
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{"aws_access_key_id": "AK", "aws_secret_access_key": "SK", "aws_region": "eu-west-1", "aws_endpoint": "http://127.0.0.1:9"} {
		if got, _ := o.str(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if !o.boolean("allow_http", false) || o.duration("timeout", 0) != 90*time.Second || o.integer("max_retries", 9) != 2 {
		t.Fatalf("typed values wrong: %+v", o.values)
	}
	if _, ok := o.str("aws_disable_tagging"); ok {
		t.Fatal("ignored key kept")
	}
}

func TestParseOptionsRejects(t *testing.T) {
	cases := []struct {
		b    Backend
		opts map[string]string
		frag string
	}{
		{BackendHTTP, map[string]string{"alow_http": "true"}, "Generic Config error: unknown storage option 'alow_http' for http; known options: allow_http, allow_invalid_certificates"},
		{BackendHTTP, map[string]string{"aws_region": "x"}, "unknown storage option"},
		{BackendGCS, map[string]string{"aws_region": "x"}, "google_service_account"},
		{BackendAzure, map[string]string{"region": "x"}, "azure_storage_account_name"},
		{BackendHTTP, map[string]string{"allow_http": "maybe"}, `failed to parse "maybe" as boolean`},
		{BackendHTTP, map[string]string{"timeout": "30"}, "as Duration"},
		{BackendHTTP, map[string]string{"max_retries": "-1"}, "as usize"},
		{BackendS3, map[string]string{"aws_role_arn": "arn"}, "not supported by this build"},
		{BackendHTTP, map[string]string{"http2_keep_alive_interval": "1s"}, "not supported by this build"},
	}
	for _, c := range cases {
		_, err := ParseOptions(c.b, c.opts)
		if err == nil || !strings.Contains(err.Error(), c.frag) || !isRemote(err) {
			t.Errorf("%v %v: err = %v, want %q", c.b, c.opts, err, c.frag)
		}
	}
}

func TestAllowHTTPRequiredForCloudEndpoints(t *testing.T) {
	_, err := Open(t.Context(), "s3://b/k", map[string]string{"aws_endpoint": "http://127.0.0.1:1", "aws_skip_signature": "true"})
	if err == nil || !strings.Contains(err.Error(), "allow_http") {
		t.Fatalf("err = %v", err)
	}
}

func TestProxyExcluded(t *testing.T) {
	for _, c := range []struct {
		host, list string
		want       bool
	}{
		{"a.example.com", "example.com", true}, {"example.com", ".example.com", true},
		{"badexample.com", "example.com", false}, {"x", "*", true}, {"x", "", false},
	} {
		if got := proxyExcluded(c.host, c.list); got != c.want {
			t.Errorf("proxyExcluded(%q, %q) = %v", c.host, c.list, got)
		}
	}
}

func TestBackoffJitterBounds(t *testing.T) {
	c := transportConfig{backoffInitial: 100 * time.Millisecond, backoffMax: time.Second}
	for a := 1; a <= 8; a++ {
		d := min(100*time.Millisecond<<(a-1), time.Second)
		for range 20 {
			if w := c.backoff(a); w < d/2 || w > d {
				t.Fatalf("attempt %d: %v outside [%v, %v]", a, w, d/2, d)
			}
		}
	}
}

func TestOpenReportsOptionErrorsBeforeIO(t *testing.T) {
	s := newRangeServer(t, testData(100))
	_, err := Open(t.Context(), s.url(), map[string]string{"timeout": "soon"})
	if err == nil || !strings.HasPrefix(err.Error(), "RemoteError: cannot open '"+s.url()+"': Generic Config error: failed to parse \"soon\" as Duration") {
		t.Fatalf("err = %v", err)
	}
	if n := len(s.requests()); n != 0 {
		t.Fatalf("%d requests before the option check", n)
	}
}
