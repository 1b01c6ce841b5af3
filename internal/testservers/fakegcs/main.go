//go:build testservers

// Command fakegcs serves a folder as Google Cloud Storage on a free
// loopback port, for the Python tests of gs:// URLs (tests/test_remote_gcs.py).
// Every file DIR/BUCKET/NAME becomes object NAME of bucket BUCKET. It prints
// the server's base URL (for the google_base_url storage option) on one
// line of standard output and serves until standard input is closed. The
// build tag keeps fake-gcs-server's dependencies out of `go build ./...`:
//
//	go build -tags testservers -o fakegcs ./internal/testservers/fakegcs
//	fakegcs DIR
package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/fsouza/fake-gcs-server/fakestorage"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "fakegcs:", err)
		os.Exit(1)
	}
}

func run() error {
	if len(os.Args) != 2 {
		return fmt.Errorf("usage: fakegcs DIR")
	}
	objs, err := load(os.Args[1])
	if err != nil {
		return err
	}
	srv, err := fakestorage.NewServerWithOptions(fakestorage.Options{
		InitialObjects: objs, Host: "127.0.0.1", Port: 0, Scheme: "http", PublicHost: "127.0.0.1",
	})
	if err != nil {
		return err
	}
	defer srv.Stop()
	fmt.Println(srv.URL())
	_, _ = io.Copy(io.Discard, os.Stdin)
	return nil
}

// load reads every file under dir as an object: the first path element is
// the bucket, the rest the object name.
func load(dir string) ([]fakestorage.Object, error) {
	var objs []fakestorage.Object
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		bucket, name, ok := strings.Cut(filepath.ToSlash(rel), "/")
		if !ok {
			return fmt.Errorf("%s: files must sit in a bucket folder", rel)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		objs = append(objs, fakestorage.Object{ObjectAttrs: fakestorage.ObjectAttrs{BucketName: bucket, Name: name}, Content: data})
		return nil
	})
	return objs, err
}
