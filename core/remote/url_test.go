package remote

import (
	"strings"
	"testing"
)

func TestIsRemoteURL(t *testing.T) {
	yes := []string{"S3://b/k", "s3a://b/k", "gs://b/k", "az://c/k", "AZURE://c/k", "http://h/x", "https://h/x", "http://[invalid]/x"}
	no := []string{"ftp://h/x", "file:///x", "abfs://c/x", "foo/s3://x", "/data/a.tgm", "a.tgm", "", "s3:/b/k"}
	for _, s := range yes {
		if !IsRemoteURL(s) {
			t.Errorf("IsRemoteURL(%q) = false", s)
		}
	}
	for _, s := range no {
		if IsRemoteURL(s) {
			t.Errorf("IsRemoteURL(%q) = true", s)
		}
	}
}

func TestParseLocation(t *testing.T) {
	cases := []struct {
		url                          string
		backend                      Backend
		bucket, key, account, region string
		direct, presigned            bool
	}{
		{url: "http://127.0.0.1:8000/a/b.tgm?x=1", backend: BackendHTTP, key: "a/b.tgm"},
		{url: "https://example.com/data/x.tgm", backend: BackendHTTP, key: "data/x.tgm"},
		{url: "s3://bucket/dir/f%20x.tgm", backend: BackendS3, bucket: "bucket", key: "dir/f x.tgm"},
		{url: "s3a://bucket/k", backend: BackendS3, bucket: "bucket", key: "k"},
		{url: "gs://gb/obj/k.tgm", backend: BackendGCS, bucket: "gb", key: "obj/k.tgm"},
		{url: "az://cont/k.tgm", backend: BackendAzure, bucket: "cont", key: "k.tgm"},
		{url: "azure://cont/k.tgm", backend: BackendAzure, bucket: "cont", key: "k.tgm"},
		{url: "adl://cont/k.tgm", backend: BackendAzure, bucket: "cont", key: "k.tgm"},
		{url: "abfss://cont@acct.dfs.core.windows.net/p/k.tgm", backend: BackendAzure, bucket: "cont", key: "p/k.tgm", account: "acct"},
		{url: "abfs://acct.dfs.core.windows.net/cont/k.tgm", backend: BackendAzure, bucket: "cont", key: "k.tgm", account: "acct"},
		{url: "https://s3.amazonaws.com/bkt/k.tgm", backend: BackendS3, bucket: "bkt", key: "k.tgm", direct: true},
		{url: "https://s3.eu-west-1.amazonaws.com/bkt/k.tgm", backend: BackendS3, bucket: "bkt", key: "k.tgm", region: "eu-west-1", direct: true},
		{url: "https://bkt.s3.eu-west-2.amazonaws.com/d/k.tgm", backend: BackendS3, bucket: "bkt", key: "d/k.tgm", region: "eu-west-2", direct: true},
		{url: "https://my.bkt.s3-us-west-1.amazonaws.com/k.tgm", backend: BackendS3, bucket: "my.bkt", key: "k.tgm", region: "us-west-1", direct: true},
		{url: "https://bkt.s3.amazonaws.com/k.tgm", backend: BackendS3, bucket: "bkt", key: "k.tgm", direct: true},
		{url: "https://bkt.s3.amazonaws.com/k.tgm?X-Amz-Signature=abc&X-Amz-Date=1", backend: BackendHTTP, key: "k.tgm", presigned: true},
		{url: "https://acc.r2.cloudflarestorage.com/bkt/k.tgm", backend: BackendS3, bucket: "bkt", key: "k.tgm", region: "auto", direct: true},
		{url: "https://acct.blob.core.windows.net/cont/d/k.tgm", backend: BackendAzure, bucket: "cont", key: "d/k.tgm", account: "acct", direct: true},
		{url: "https://acct.dfs.core.windows.net/cont/k.tgm", backend: BackendAzure, bucket: "cont", key: "k.tgm", account: "acct", direct: true},
		{url: "https://onelake.blob.fabric.microsoft.com/ws/item/k.tgm", backend: BackendAzure, bucket: "ws", key: "item/k.tgm", account: "onelake", direct: true},
		{url: "https://acct.blob.core.windows.net/cont/k.tgm?sv=1&sig=abc", backend: BackendAzure, bucket: "cont", key: "k.tgm", account: "acct", direct: true, presigned: true},
	}
	for _, c := range cases {
		l, err := ParseLocation(c.url)
		if err != nil {
			t.Errorf("%s: %v", c.url, err)
			continue
		}
		if l.Backend != c.backend || l.Bucket != c.bucket || l.Key != c.key || l.Account != c.account ||
			l.Region != c.region || l.Direct != c.direct || l.Presigned != c.presigned {
			t.Errorf("%s: got %+v", c.url, *l)
		}
	}
}

func TestParseLocationErrors(t *testing.T) {
	for url, frag := range map[string]string{
		"http://[invalid]/file.tgm":    "invalid URL",
		"/data/a.tgm":                  "relative URL without a base",
		"http:///x":                    "empty host",
		"http://h:99999999/x":          "invalid",
		"ftp://h/x":                    `Generic URL error: Unable to recognise URL "ftp://h/x"`,
		"s3://bucket/a//b":             "invalid path segment",
		"s3://bucket/a/../b":           "invalid path segment",
		"gs://bucket":                  "names no object",
		"https://s3.amazonaws.com/bkt": "no bucket and key",
	} {
		_, err := ParseLocation(url)
		if err == nil || !strings.Contains(err.Error(), frag) || !isRemote(err) {
			t.Errorf("%s: err = %v, want %q", url, err, frag)
		}
	}
}
