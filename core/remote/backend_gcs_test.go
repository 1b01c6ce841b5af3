package remote

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/fsouza/fake-gcs-server/fakestorage"
)

// fakeGCS runs fake-gcs-server's handler on a loopback listener, recording
// the Authorization header of every request.
type fakeGCS struct {
	srv  *fakestorage.Server
	url  string
	mu   sync.Mutex
	auth []string
}

func newFakeGCS(t *testing.T) *fakeGCS {
	srv, err := fakestorage.NewServerWithOptions(fakestorage.Options{NoListener: true, PublicHost: "127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeGCS{srv: srv}
	h := srv.HTTPHandler()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.auth = append(f.auth, r.Header.Get("Authorization"))
		f.mu.Unlock()
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(func() { ts.Close(); srv.Stop() })
	f.url = ts.URL
	return f
}

func (f *fakeGCS) put(bucket, name string, data []byte) {
	f.srv.CreateObject(fakestorage.Object{ObjectAttrs: fakestorage.ObjectAttrs{BucketName: bucket, Name: name}, Content: data})
}

func TestGCSFileThroughFakeGCSServer(t *testing.T) {
	f := newFakeGCS(t)
	data := cat(buffered(t, 2, 100, 0), buffered(t, 1, 50, 1), streaming(t, 2, 30, 2))
	f.put("bkt", "dir/a b.tgm", data)
	opts := map[string]string{"google_base_url": f.url, "allow_http": "true", "skip_signature": "true"}
	rf, err := OpenFile(context.Background(), "gs://bkt/dir/a%20b.tgm", opts, OpenOptions{Bidirectional: true})
	if err != nil {
		t.Fatal(err)
	}
	sameObjectsAsLocal(t, rf, data)
	if g := rf.Object().sig.(*gcsSigner).generation; g == "" {
		t.Fatal("generation not pinned")
	}
	f.put("bkt", "dir/a b.tgm", append([]byte(nil), data...)) // new generation
	if _, err := rf.ReadMessage(context.Background(), 0); !errors.Is(err, ErrChanged) {
		t.Fatalf("replaced object: %v", err)
	}
}

func TestGCSServiceAccountToken(t *testing.T) {
	f := newFakeGCS(t)
	f.put("bkt", "k", buffered(t, 1, 4, 0))
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	var assertions int
	tokSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		parts := strings.Split(r.Form.Get("assertion"), ".")
		if r.Form.Get("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer" || len(parts) != 3 {
			http.Error(w, "bad grant", 400)
			return
		}
		assertions++
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"access_token":"tok-123","expires_in":3600,"token_type":"Bearer"}`))
	}))
	t.Cleanup(tokSrv.Close)
	der, _ := x509.MarshalPKCS8PrivateKey(key)
	sa, _ := json.Marshal(map[string]string{
		"type": "service_account", "client_email": "x@y.iam.gserviceaccount.com", "private_key_id": "k1",
		"private_key": string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})), "token_uri": tokSrv.URL,
	})
	path := writeTemp(t, "sa.json", string(sa))
	withEnv(t, map[string]string{"GOOGLE_APPLICATION_CREDENTIALS": path, "STORAGE_EMULATOR_HOST": strings.TrimPrefix(f.url, "http://")})
	// The emulator host implies plain http (no allow_http needed).
	rf, err := OpenFile(context.Background(), "gs://bkt/k", nil, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := rf.DecodeObject(context.Background(), 0, 0, nil); err != nil {
		t.Fatal(err)
	}
	for _, a := range f.auth {
		if a != "Bearer tok-123" {
			t.Fatalf("authorization %q", a)
		}
	}
	if assertions != 1 {
		t.Fatalf("%d token requests, want 1 (cached)", assertions)
	}
	if _, err := Open(context.Background(), "gs://bkt/k", map[string]string{"service_account": path, "service_account_key": string(sa)}); err == nil || !strings.Contains(err.Error(), "mutually exclusive") {
		t.Fatalf("both key forms: %v", err)
	}
}

// TestGCSAuthorizedUserToken: an authorized-user credentials file (gcloud's
// application-default login) exchanges its refresh token at its token_uri.
func TestGCSAuthorizedUserToken(t *testing.T) {
	f := newFakeGCS(t)
	f.put("bkt", "k", buffered(t, 1, 4, 0))
	var grants []string
	tokSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		grants = append(grants, r.Form.Get("grant_type")+" "+r.Form.Get("refresh_token"))
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"access_token":"user-tok","expires_in":3600,"token_type":"Bearer"}`))
	}))
	t.Cleanup(tokSrv.Close)
	cred, _ := json.Marshal(map[string]string{"type": "authorized_user", "client_id": "c", "client_secret": "s",
		"refresh_token": "rt", "token_uri": tokSrv.URL})
	path := writeTemp(t, "adc.json", string(cred))
	withEnv(t, map[string]string{"GOOGLE_APPLICATION_CREDENTIALS": path, "STORAGE_EMULATOR_HOST": strings.TrimPrefix(f.url, "http://")})
	if _, err := Open(context.Background(), "gs://bkt/k", nil); err != nil {
		t.Fatal(err)
	}
	if len(grants) != 1 || grants[0] != "refresh_token rt" || f.auth[len(f.auth)-1] != "Bearer user-tok" {
		t.Fatalf("grants %q, authorization %q", grants, f.auth)
	}
}
