package remote

import (
	"net/url"
	"strconv"
	"strings"
)

// IsRemoteURL reports whether source names a remote object: the text before
// the first "://" is, ASCII case-insensitively, one of s3, s3a, gs, az,
// azure, http or https. No further parsing happens, so it never fails.
func IsRemoteURL(source string) bool {
	i := strings.Index(source, "://")
	if i < 0 {
		return false
	}
	switch strings.ToLower(source[:i]) {
	case "s3", "s3a", "gs", "az", "azure", "http", "https":
		return true
	}
	return false
}

// Backend names the protocol used to reach an object.
type Backend int

// Backends.
const (
	BackendHTTP Backend = iota + 1
	BackendS3
	BackendGCS
	BackendAzure
	// BackendFile reads file:///abs/path through the same code path
	// (ranged reads served by net/http's file transport).
	BackendFile
)

// String returns the backend's short name.
func (b Backend) String() string {
	switch b {
	case BackendHTTP:
		return "http"
	case BackendS3:
		return "s3"
	case BackendGCS:
		return "gcs"
	case BackendAzure:
		return "azure"
	case BackendFile:
		return "file"
	}
	return "unknown"
}

// Location is a parsed object URL.
type Location struct {
	Backend Backend
	// URL is the parsed source.
	URL *url.URL
	// Bucket is the S3 or GCS bucket, or the Azure container.
	Bucket string
	// Key is the object key (percent-decoded, no leading slash). For plain
	// HTTP it is the URL path.
	Key string
	// Account is the Azure storage account named by the host (if any).
	Account string
	// Region is the S3 region named by an AWS host (if any).
	Region string
	// Direct is set for https URLs on cloud hosts: requests go to exactly
	// this URL (host, path, query), only signed.
	Direct bool
	// Presigned is set when the query string already carries a signature
	// (S3 X-Amz-Signature, Azure SAS sig=): the URL is fetched unsigned.
	Presigned bool
}

// ParseLocation maps a URL onto its backend, bucket and key as
// docs/python-api.md describes for open_remote: http/https (plain, except
// AWS, R2 and Azure hosts, which are signed), s3/s3a, gs,
// az/azure/adl/abfs/abfss, and file:///absolute/path. The query string is
// kept (pre-signed URLs).
func ParseLocation(source string) (*Location, error) {
	u, err := url.Parse(source)
	if err != nil {
		return nil, remoteErr(unwrapURLErr(err), "invalid URL '%s'", source)
	}
	if !u.IsAbs() {
		return nil, remoteText("invalid URL '%s': relative URL without a base", source)
	}
	if u.Host == "" && u.Scheme != "file" {
		return nil, remoteText("invalid URL '%s': empty host", source)
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n > 65535 {
			return nil, remoteText("invalid URL '%s': invalid port number", source)
		}
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return httpLocation(source, u)
	case "s3", "s3a":
		return bucketLocation(source, u, BackendS3)
	case "gs":
		return bucketLocation(source, u, BackendGCS)
	case "az", "azure", "adl", "abfs", "abfss":
		return azureSchemeLocation(source, u)
	case "file":
		if u.Host != "" && u.Host != "localhost" || !strings.HasPrefix(u.Path, "/") {
			return nil, remoteText("cannot open '%s': file URLs must be file:///absolute/path", source)
		}
		return &Location{Backend: BackendFile, URL: u, Key: u.Path}, nil
	}
	return nil, remoteText("cannot open '%s': Generic URL error: Unable to recognise URL %q (supported schemes: http, https, s3, s3a, gs, az, azure, adl, abfs, abfss)", source, source)
}

func unwrapURLErr(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}

// httpLocation routes https URLs on AWS, R2 and Azure hosts to the signed
// backends and everything else to plain HTTP.
func httpLocation(source string, u *url.URL) (*Location, error) {
	loc := &Location{Backend: BackendHTTP, URL: u, Key: strings.TrimPrefix(u.Path, "/")}
	if strings.ToLower(u.Scheme) != "https" {
		return loc, nil
	}
	host := strings.ToLower(u.Hostname())
	q := u.Query()
	switch {
	case strings.HasSuffix(host, ".amazonaws.com"):
		if q.Get("X-Amz-Signature") != "" {
			loc.Presigned = true
			return loc, nil
		}
		return awsHostLocation(source, u, loc, strings.TrimSuffix(host, ".amazonaws.com"))
	case strings.HasSuffix(host, ".r2.cloudflarestorage.com"):
		if q.Get("X-Amz-Signature") != "" {
			loc.Presigned = true
			return loc, nil
		}
		loc.Backend, loc.Direct, loc.Region = BackendS3, true, "auto"
		return splitBucketPath(source, loc)
	case isAzureHost(host):
		loc.Backend, loc.Direct = BackendAzure, true
		loc.Account = host[:strings.IndexByte(host, '.')]
		loc.Presigned = q.Get("sig") != ""
		return splitBucketPath(source, loc)
	}
	return loc, nil
}

func isAzureHost(host string) bool {
	for _, s := range []string{".blob.core.windows.net", ".dfs.core.windows.net", ".blob.fabric.microsoft.com", ".dfs.fabric.microsoft.com"} {
		if strings.HasSuffix(host, s) && len(host) > len(s) {
			return true
		}
	}
	return false
}

// awsHostLocation reads bucket and region from an amazonaws.com host:
// path style s3[.-]<region>.amazonaws.com/<bucket>/<key> or virtual-hosted
// <bucket>.s3[.-]<region>.amazonaws.com/<key>.
func awsHostLocation(source string, u *url.URL, loc *Location, prefix string) (*Location, error) {
	loc.Backend, loc.Direct = BackendS3, true
	labels := strings.Split(prefix, ".")
	i := -1
	for k, l := range labels {
		if l == "s3" || strings.HasPrefix(l, "s3-") {
			i = k
			break
		}
	}
	if i < 0 {
		return nil, remoteText("cannot open '%s': not an S3 host", source)
	}
	if r := strings.TrimPrefix(labels[i], "s3-"); r != labels[i] && r != "external-1" {
		loc.Region = r
	}
	for _, l := range labels[i+1:] {
		if l != "dualstack" && l != "s3-accelerate" {
			loc.Region = l
			break
		}
	}
	if i == 0 {
		return splitBucketPath(source, loc)
	}
	loc.Bucket = strings.Join(labels[:i], ".")
	key, err := objectKey(source, u.Path)
	if err != nil {
		return nil, err
	}
	loc.Key = key
	return loc, nil
}

// splitBucketPath takes the bucket (container) from the first path segment.
func splitBucketPath(source string, loc *Location) (*Location, error) {
	key, err := objectKey(source, loc.URL.Path)
	if err != nil {
		return nil, err
	}
	b, k, ok := strings.Cut(key, "/")
	if !ok || b == "" {
		return nil, remoteText("cannot open '%s': URL path has no bucket and key", source)
	}
	loc.Bucket, loc.Key = b, k
	return loc, nil
}

func bucketLocation(source string, u *url.URL, b Backend) (*Location, error) {
	key, err := objectKey(source, u.Path)
	if err != nil {
		return nil, err
	}
	return &Location{Backend: b, URL: u, Bucket: u.Host, Key: key}, nil
}

// azureSchemeLocation handles az://container/key and
// abfs[s]://container@account.dfs.core.windows.net/key.
func azureSchemeLocation(source string, u *url.URL) (*Location, error) {
	key, err := objectKey(source, u.Path)
	if err != nil {
		return nil, err
	}
	loc := &Location{Backend: BackendAzure, URL: u, Bucket: u.Host, Key: key}
	if u.User != nil {
		loc.Bucket = u.User.Username()
		h := strings.ToLower(u.Hostname())
		if i := strings.IndexByte(h, '.'); i > 0 {
			loc.Account = h[:i]
		}
	} else if h := strings.ToLower(u.Hostname()); isAzureHost(h) {
		loc.Account = h[:strings.IndexByte(h, '.')]
		return splitBucketPath(source, loc)
	}
	return loc, nil
}

// objectKey percent-decodes the path (already done by net/url), drops the
// leading slash and rejects empty, "." and ".." segments.
func objectKey(source, path string) (string, error) {
	key := strings.TrimPrefix(path, "/")
	if key == "" {
		return "", remoteText("cannot open '%s': URL names no object", source)
	}
	for _, seg := range strings.Split(key, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return "", remoteText("cannot open '%s': invalid path segment %q in object key", source, seg)
		}
	}
	return key, nil
}
