package remote

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// fakeS3 is an in-process S3 server (gofakes3) on loopback that records
// the Authorization header of every request.
type fakeS3 struct {
	url     string
	backend *s3mem.Backend
	mu      sync.Mutex
	auth    []string
}

func newFakeS3(t *testing.T) *fakeS3 {
	f := &fakeS3{backend: s3mem.New()}
	h := gofakes3.New(f.backend).Server()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.auth = append(f.auth, r.Header.Get("Authorization"))
		f.mu.Unlock()
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	f.url = ts.URL
	return f
}

func (f *fakeS3) put(t *testing.T, bucket, key string, data []byte) {
	t.Helper()
	_ = f.backend.CreateBucket(bucket)
	if _, err := f.backend.PutObject(bucket, key, map[string]string{}, bytes.NewReader(data), int64(len(data)), nil); err != nil {
		t.Fatal(err)
	}
}

func (f *fakeS3) opts() map[string]string {
	return map[string]string{"aws_endpoint": f.url, "allow_http": "true", "aws_access_key_id": "AKID",
		"aws_secret_access_key": "secret", "aws_region": "eu-central-1"}
}

func TestS3ReadsThroughGofakes3(t *testing.T) {
	f := newFakeS3(t)
	data := testData(70000)
	f.put(t, "bkt", "dir/file one.tgm", data)
	o := mustOpen(t, "s3://bkt/dir/file%20one.tgm", f.opts())
	if o.Size() != int64(len(data)) {
		t.Fatalf("size %d", o.Size())
	}
	b, err := o.ReadRange(context.Background(), 1000, 30000)
	if err != nil || !bytes.Equal(b, data[1000:31000]) {
		t.Fatalf("read: %v", err)
	}
	got, err := o.ReadRanges(context.Background(), []Span{{0, 24}, {69976, 24}})
	if err != nil || !bytes.Equal(got[1], data[69976:]) {
		t.Fatalf("batch: %v", err)
	}
	for _, a := range f.auth {
		if !strings.HasPrefix(a, "AWS4-HMAC-SHA256 Credential=AKID/") || !strings.Contains(a, "/eu-central-1/s3/aws4_request") {
			t.Fatalf("authorization %q", a)
		}
	}
}

func TestS3MissingObjectAndChangedObject(t *testing.T) {
	f := newFakeS3(t)
	f.put(t, "bkt", "k", testData(100))
	if _, err := Open(context.Background(), "s3://bkt/missing", f.opts()); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing: %v", err)
	}
	o := mustOpen(t, "s3://bkt/k", f.opts())
	f.put(t, "bkt", "k", testData(101)[1:])
	if _, err := o.ReadRange(context.Background(), 0, 10); !errors.Is(err, ErrChanged) {
		t.Fatalf("changed: %v", err)
	}
}

func TestS3CredentialsFromEnvironmentAndProfile(t *testing.T) {
	f := newFakeS3(t)
	f.put(t, "bkt", "k", testData(100))
	cred := writeTemp(t, "credentials", "[default]\naws_access_key_id = DEF\naws_secret_access_key = x\n[dev]\naws_access_key_id = PROFKEY\naws_secret_access_key = y\n")
	conf := writeTemp(t, "config", "[profile dev]\nregion = ap-south-1\nendpoint_url = "+f.url+"\n")
	env := map[string]string{"AWS_SHARED_CREDENTIALS_FILE": cred, "AWS_CONFIG_FILE": conf, "AWS_PROFILE": "dev"}
	withEnv(t, env)
	o := mustOpen(t, "s3://bkt/k", map[string]string{"allow_http": "true"})
	if _, err := o.ReadRange(context.Background(), 0, 5); err != nil {
		t.Fatal(err)
	}
	if a := f.auth[len(f.auth)-1]; !strings.Contains(a, "Credential=PROFKEY/") || !strings.Contains(a, "/ap-south-1/") {
		t.Fatalf("profile credentials not used: %q", a)
	}
	env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"], env["AWS_REGION"] = "ENVKEY", "z", "us-west-2"
	env["AWS_ENDPOINT_URL"] = f.url
	mustOpen(t, "s3://bkt/k", nil) // an endpoint from the environment may be plain http
	if a := f.auth[len(f.auth)-1]; !strings.Contains(a, "Credential=ENVKEY/") || !strings.Contains(a, "/us-west-2/") {
		t.Fatalf("environment credentials not used: %q", a)
	}
	o2 := mustOpen(t, "s3://bkt/k", map[string]string{"allow_http": "true", "aws_skip_signature": "true"})
	if a := f.auth[len(f.auth)-1]; a != "" || o2.Size() != 100 {
		t.Fatalf("skip_signature still signed: %q", a)
	}
	if _, err := Open(context.Background(), "s3://bkt/k", map[string]string{"aws_access_key_id": "only"}); err == nil || !strings.Contains(err.Error(), "together") {
		t.Fatalf("half credentials: %v", err)
	}
}

// withEnv makes the package read env instead of the process environment.
func withEnv(t *testing.T, env map[string]string) {
	old := osGetenv
	osGetenv = func(k string) string { return env[k] }
	t.Cleanup(func() { osGetenv = old })
}

// writeTemp writes text to a file name in a new temporary folder, readable
// by its owner only (as credential files are), and returns its path.
func writeTemp(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestS3URLForms(t *testing.T) {
	env := func(string) string { return "" }
	for _, c := range []struct {
		url  string
		opts map[string]string
		want string
	}{
		{"s3://bkt/a b/c.tgm", nil, "https://s3.us-east-1.amazonaws.com/bkt/a%20b/c.tgm"},
		{"s3://bkt/k", map[string]string{"region": "eu-west-1", "aws_virtual_hosted_style_request": "true"}, "https://bkt.s3.eu-west-1.amazonaws.com/k"},
		{"s3://bkt/k", map[string]string{"endpoint": "http://127.0.0.1:9000/"}, "http://127.0.0.1:9000/bkt/k"},
		{"s3://bkt/k", map[string]string{"endpoint": "http://e", "aws_endpoint_url_s3": "http://s3e"}, "http://s3e/bkt/k"},
		{"https://bkt.s3.eu-west-2.amazonaws.com/k?versionId=3", nil, "https://bkt.s3.eu-west-2.amazonaws.com/k?versionId=3"},
	} {
		loc, err := ParseLocation(c.url)
		if err != nil {
			t.Fatal(err)
		}
		o, err := ParseOptions(BackendS3, c.opts)
		if err != nil {
			t.Fatal(err)
		}
		s, err := newS3Signer(loc, o, env)
		if err != nil || s.objectURL() != c.want {
			t.Errorf("%s %v: %q (%v), want %q", c.url, c.opts, s.objectURL(), err, c.want)
		}
	}
}
