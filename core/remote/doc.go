// Package remote reads Tensogram files stored behind HTTP(S), S3, Google
// Cloud Storage and Azure Blob Storage URLs with lazy range requests.
//
// The package sits beside core (it imports core, core never imports it), so
// programs that read only local files do not link its HTTP client or the
// request signers. Every backend speaks plain HTTP through net/http: S3
// requests are signed with SigV4 (github.com/aws/smithy-go/aws-http-auth,
// a dependency-free module), GCS uses the XML API with an optional OAuth2
// bearer token, Azure uses Shared Key or SAS.
//
// Layers, bottom up:
//
//   - url.go, options.go, env.go: URL → backend/bucket/key, storage options
//     per backend (unknown keys rejected), credentials from the environment.
//   - transport.go, object.go: one remote object, its size and ETag pinned
//     at open, ranged reads with retries, timeouts and stall detection;
//     batch.go coalesces many ranges into few requests.
//   - File (file.go and the walker/layout files): lazy message discovery and
//     decoding that fetches only the frames or bytes an operation needs.
//
// Errors are *core.Error values of kind core.KindUnsupported, rendered
// "RemoteError: …", which the C and Python layers map to OSError; decode
// errors from core keep their own kinds.
package remote
