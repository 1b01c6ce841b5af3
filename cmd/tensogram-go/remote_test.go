package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// corpusServer serves testdata/corpus over HTTP with range support.
func corpusServer(t *testing.T) string {
	t.Helper()
	dir := filepath.Join("testdata", "corpus")
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := os.ReadFile(filepath.Join(dir, filepath.Base(r.URL.Path)))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(b))
	}))
	t.Cleanup(ts.Close)
	return ts.URL
}

// runCLI runs one invocation in-process.
func runCLI(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, nil, &out, &errb)
	return code, out.String(), errb.String()
}

// Every reading subcommand prints for a URL what it prints for the local
// file (with the URL in place of the path), and writers write files that
// dump the same (the bytes differ only in the provenance fields).
func TestRemoteSameAsLocal(t *testing.T) {
	base := corpusServer(t)
	reads := [][]string{
		{"info"}, {"ls"}, {"ls", "-j"}, {"dump"}, {"dump", "-j"}, {"get", "-p", "version"},
		{"validate"}, {"validate", "--full", "--json"},
	}
	files := []string{"golden_multi_message.tgm", "streaming.tgm", "junk.tgm", "masks.tgm", "corrupt.tgm", "empty.tgm"}
	for _, name := range files {
		local, url := filepath.Join("testdata", "corpus", name), base+"/"+name
		for _, args := range reads {
			lc, lo, le := runCLI(append(args, local)...)
			rc, ro, re := runCLI(append(args, url)...)
			ro, re = strings.ReplaceAll(ro, url, local), strings.ReplaceAll(re, url, local)
			if lc != rc || lo != ro || le != re {
				t.Errorf("%s %v: local exit %d\n%s%s\nremote exit %d\n%s%s", name, args, lc, lo, le, rc, ro, re)
			}
		}
	}
	dir := t.TempDir()
	writes := [][]string{
		{"copy", "IN", "OUT"}, {"set", "-s", "k=v", "IN", "OUT"}, {"reshuffle", "-o", "OUT", "IN"},
		{"merge", "-o", "OUT", "IN", "IN"}, {"split", "-o", "OUT", "IN"},
	}
	for _, args := range writes {
		in := []string{filepath.Join("testdata", "corpus", "golden_multi_object.tgm"), base + "/golden_multi_object.tgm"}
		var outs [2][]byte // dump -j of each output
		for k := range in {
			out := filepath.Join(dir, args[0]+string(rune('a'+k))+".tgm")
			full := make([]string, len(args))
			for i, a := range args {
				full[i] = map[string]string{"IN": in[k], "OUT": out}[a]
				if full[i] == "" {
					full[i] = a
				}
			}
			if code, so, se := runCLI(full...); code != 0 {
				t.Fatalf("%v: exit %d %s%s", full, code, so, se)
			}
			if args[0] == "split" {
				out = strings.Replace(out, ".tgm", "_0000.tgm", 1)
			}
			_, so, se := runCLI("dump", "-j", out)
			outs[k] = []byte(so + se)
		}
		if !bytes.Equal(outs[0], outs[1]) || len(outs[0]) == 0 {
			t.Errorf("%s: remote output dumps\n%s\nlocal output\n%s", args[0], outs[1], outs[0])
		}
	}
}

// Storage options: a malformed flag is a usage error, an unknown key a
// runtime error naming it, a missing object a remote error.
func TestRemoteErrors(t *testing.T) {
	base := corpusServer(t)
	code, _, se := runCLI("ls", "--storage-option", "nokey", base+"/E.tgm")
	if code != 2 || !strings.Contains(se, "invalid value 'nokey' for '--storage-option <KEY=VALUE>': expected KEY=VALUE") {
		t.Errorf("malformed: exit %d %s", code, se)
	}
	code, _, se = runCLI("info", "--storage-option", "bogus_key=1", base+"/E.tgm")
	if code != 1 || !strings.HasPrefix(se, "error: remote error: ") || !strings.Contains(se, "bogus_key") {
		t.Errorf("unknown key: exit %d %s", code, se)
	}
	code, _, se = runCLI("validate", "--storage-option=max_retries=0", base+"/missing.tgm")
	if code != 1 || !strings.HasPrefix(se, "error: remote error: ") || !strings.Contains(se, "404") {
		t.Errorf("missing: exit %d %s", code, se)
	}
}

// A read that fails after the object was opened prints the remote error,
// not the io error wrapping it.
func TestRemoteReadFailure(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "HEAD" {
			w.Header().Set("Content-Length", "5000")
			return
		}
		http.Error(w, "nope", http.StatusForbidden)
	}))
	t.Cleanup(ts.Close)
	for _, sub := range []string{"info", "validate"} {
		code, _, se := runCLI(sub, "--storage-option", "max_retries=0", ts.URL+"/x.tgm")
		if code != 1 || !strings.HasPrefix(se, "error: remote error: ") || !strings.Contains(se, "Error performing GET ") || !strings.Contains(se, "403") || strings.Count(se, "\n") != 1 {
			t.Errorf("%s: exit %d %q", sub, code, se)
		}
	}
}

// s3:// URLs with credentials and endpoint given as storage options, the
// options before the subcommand (global) or after it.
func TestRemoteS3StorageOptions(t *testing.T) {
	backend := s3mem.New()
	ts := httptest.NewServer(gofakes3.New(backend).Server())
	t.Cleanup(ts.Close)
	data, err := os.ReadFile(filepath.Join("testdata", "corpus", "golden_multi_message.tgm"))
	if err != nil {
		t.Fatal(err)
	}
	_ = backend.CreateBucket("bkt")
	if _, err := backend.PutObject("bkt", "dir/m.tgm", map[string]string{}, bytes.NewReader(data), int64(len(data)), nil); err != nil {
		t.Fatal(err)
	}
	opts := []string{"--storage-option", "endpoint=" + ts.URL, "--storage-option", "allow_http=true",
		"--storage-option", "access_key_id=AKID", "--storage-option", "secret_access_key=secret",
		"--storage-option", "region=eu-central-1"}
	_, want, _ := runCLI("ls", filepath.Join("testdata", "corpus", "golden_multi_message.tgm"))
	for _, args := range [][]string{append(append([]string{}, opts...), "ls", "s3://bkt/dir/m.tgm"),
		append([]string{"ls", "s3://bkt/dir/m.tgm"}, opts...)} {
		code, so, se := runCLI(args...)
		if code != 0 || so != want {
			t.Errorf("%v: exit %d\n%s%s\nwant\n%s", args, code, so, se, want)
		}
	}
}

// doctor's "remote on" row is true of this command: the feature it reports
// is the one every reading subcommand uses.
func TestDoctorRemoteIsTrue(t *testing.T) {
	_, so, _ := runCLI("doctor", "--json")
	var doc struct {
		Features []map[string]any `json:"features"`
	}
	if err := json.Unmarshal([]byte(so), &doc); err != nil {
		t.Fatal(err)
	}
	state := ""
	for _, f := range doc.Features {
		if f["name"] == "remote" {
			state, _ = f["state"].(string)
		}
	}
	code, _, se := runCLI("info", corpusServer(t)+"/E.tgm")
	if state != "on" || code != 0 {
		t.Fatalf("doctor says remote %q, info on a URL exits %d: %s", state, code, se)
	}
}
