// Package remote reads Tensogram files stored behind HTTP(S), S3, Google
// Cloud Storage and Azure Blob Storage URLs with lazy range requests.
//
// The package sits beside core (it imports core, core never imports it), so
// programs that read only local files do not link its HTTP client or the
// request signers. Every backend speaks plain HTTP through net/http: S3
// requests are signed with SigV4 (github.com/aws/smithy-go/aws-http-auth,
// a dependency-free module), GCS uses the XML API with an optional OAuth2
// bearer token (service-account JWT or authorized-user refresh, done here
// with the standard library), Azure uses Shared Key, SAS or a bearer token.
//
// # Layers
//
//   - url.go, options.go, options_keys.go, env.go: URL → backend, bucket
//     and key (ParseLocation); storage options per backend with upstream's
//     names and aliases, values type-checked and unknown keys rejected with
//     the list of known ones (ParseOptions); credentials from the options,
//     else from the environment.
//   - open.go, object.go, request.go, transport.go: one remote object
//     (Open): size and version (ETag, GCS generation, Last-Modified) pinned
//     at open, ranged reads with strict 206/Content-Range checks, retries
//     with jittered exponential backoff, request/connect/stall timeouts.
//     batch.go coalesces many ranges into few concurrent requests.
//   - backend_s3.go, backend_gcs.go, gcs_token.go, backend_azure.go: how
//     each backend addresses and authenticates a request.
//   - file.go, walk.go, layout.go, objects.go, frames.go, rangeread.go,
//     rangebatch.go: a Tensogram file over an object (OpenFile): lazy
//     message discovery, per-message layout cache, and decoding that
//     fetches only the frames, or frame edges and payload bytes, it needs.
//
// file:///absolute/path URLs use the same code path (net/http's file
// transport serves HEAD and ranged GETs).
//
// # Storage options beyond upstream's
//
// max_retries (default 5), retry_timeout (3m), retry_initial_backoff
// (100ms), retry_max_backoff (15s), stall_timeout (10s without a body
// byte fails the attempt), max_concurrency (10 requests in flight per
// batch), coalesce_gap (1 MiB, batch reads), range_coalesce_gap (4 KiB,
// decode_range payload spans), aws_profile, google_bearer_token. Cloud
// backends accept every client option with their prefix (aws_, google_,
// azure_). Options upstream accepts but this build cannot honour (for
// example aws_role_arn, Azure client secrets) are rejected, not ignored.
//
// # Environment
//
// S3: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN,
// AWS_REGION, AWS_DEFAULT_REGION, AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL,
// AWS_PROFILE with AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE (default
// ~/.aws/credentials and ~/.aws/config). GCS: GOOGLE_APPLICATION_CREDENTIALS,
// gcloud's well-known ADC file, STORAGE_EMULATOR_HOST. Azure:
// AZURE_STORAGE_ACCOUNT_NAME (or AZURE_STORAGE_ACCOUNT),
// AZURE_STORAGE_ACCOUNT_KEY (or AZURE_STORAGE_KEY), AZURE_STORAGE_SAS_TOKEN,
// AZURE_STORAGE_ENDPOINT, AZURE_STORAGE_CONNECTION_STRING,
// AZURITE_BLOB_STORAGE_URL. Options always win over the environment. The
// usual proxy variables apply unless proxy_url is given.
//
// # Errors
//
// Transport and layout errors are *core.Error values of kind
// core.KindUnsupported, rendered "RemoteError: …", which the C and Python
// layers map to OSError; they wrap ErrChanged, ErrNotFound, ErrPermission,
// ErrUnauthenticated or a *StatusError where that applies. Decode errors
// from core keep their own kinds (FramingError, ObjectError, …).
package remote
