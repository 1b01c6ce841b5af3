package main

// Remote inputs: every subcommand that reads files also takes http(s)://,
// s3://, gs:// and az:// URLs (core/remote), with storage options from
// repeated --storage-option KEY=VALUE flags and credentials from the
// backend's usual environment variables.

import (
	"context"
	"errors"
	"strings"

	"github.com/tensogram-go/tensogram-go/core"
	"github.com/tensogram-go/tensogram-go/core/remote"
)

// storageOpt is the repeatable global --storage-option flag.
var storageOpt = option{id: "storage-option", long: "storage-option", kind: optValue, valueName: "KEY=VALUE", check: checkStorageOption,
	help: "Storage option for URL inputs (http(s)://, s3://, gs://, az://), repeatable, e.g. region=eu-west-1, " +
		"endpoint=http://localhost:9000, allow_http=true; credentials also come from the backend's usual " +
		"environment variables (AWS_*, GOOGLE_APPLICATION_CREDENTIALS, AZURE_STORAGE_*)"}

// checkStorageOption accepts KEY=VALUE with a non-empty key.
func checkStorageOption(s string) string {
	if k, _, ok := strings.Cut(s, "="); !ok || strings.TrimSpace(k) == "" {
		return "expected KEY=VALUE"
	}
	return ""
}

// storageOptions collects the --storage-option values; a later value for
// the same key wins.
func storageOptions(c *ctx) map[string]string {
	opts := map[string]string{}
	for _, kv := range c.values["storage-option"] {
		k, v, _ := strings.Cut(kv, "=")
		opts[strings.TrimSpace(k)] = v
	}
	return opts
}

// openRemote opens a URL input: one HEAD for the size, then the message
// table is found by scanning the object with ranged reads (the same scan
// as for local files, so garbage between messages is skipped alike) and
// each message is fetched with one ranged GET when it is needed.
func openRemote(c *ctx, url string) (*inputFile, error) {
	obj, err := openObject(c, url)
	if err != nil {
		return nil, err
	}
	spans, err := core.ScanReaderAt(obj, obj.Size())
	if err != nil {
		obj.Close()
		return nil, remoteCause(err)
	}
	read := func(i int) ([]byte, error) {
		s := spans[i]
		return obj.ReadRange(context.Background(), int64(s.Offset), int64(s.Length))
	}
	return &inputFile{spans: spans, size: obj.Size(), read: read, release: func() { obj.Close() }}, nil
}

// remoteCause returns the remote error inside err (a failed ranged read
// that the scanner or validator wrapped as an io error), so it prints as
// "remote error: …"; other errors are returned as they are.
func remoteCause(err error) error {
	for e := err; e != nil; e = errors.Unwrap(e) {
		if le, ok := e.(*core.Error); ok && le.Kind == core.KindUnsupported {
			return le
		}
	}
	return err
}

// openObject opens the remote object named by url with the command line's
// storage options.
func openObject(c *ctx, url string) (*remote.Object, error) {
	return remote.Open(context.Background(), url, storageOptions(c))
}
