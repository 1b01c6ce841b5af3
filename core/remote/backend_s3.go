package remote

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"

	"github.com/aws/smithy-go/aws-http-auth/credentials"
	"github.com/aws/smithy-go/aws-http-auth/sigv4"
	v4 "github.com/aws/smithy-go/aws-http-auth/v4"
)

// s3Signer signs requests to one S3 object with SigV4 (or not at all for
// anonymous access).
type s3Signer struct {
	url       string
	region    string
	creds     credentials.Credentials
	anonymous bool
	payer     bool
	sseKey    string // base64 SSE-C key
	signer    *sigv4.Signer
	envURL    bool // endpoint from the environment or profile: plain http allowed
}

func (s *s3Signer) endpointFromEnv() bool { return s.envURL }

// emptySHA256 is the payload hash of a request without body.
var emptySHA256 = sha256.Sum256(nil)

// newS3Signer resolves region, endpoint and credentials: options first,
// then AWS_* environment variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
// AWS_SESSION_TOKEN, AWS_REGION, AWS_DEFAULT_REGION, AWS_ENDPOINT_URL_S3,
// AWS_ENDPOINT_URL), then the shared files' profile (AWS_PROFILE or
// aws_profile, default "default"). Without credentials requests are sent
// unsigned (public buckets).
func newS3Signer(loc *Location, o *Options, env getenvFunc) (*s3Signer, error) {
	profName := firstNonEmpty(o.values["aws_profile"], env("AWS_PROFILE"), "default")
	prof := loadAWSProfile(env, profName)
	s := &s3Signer{
		payer:  o.boolean("aws_request_payer", false),
		sseKey: o.values["aws_sse_customer_key_base64"],
		signer: sigv4.New(func(so *v4.SignerOptions) {
			so.DisableDoublePathEscape = true
			so.AddPayloadHashHeader = true
		}),
	}
	s.region = firstNonEmpty(o.values["aws_region"], env("AWS_REGION"), o.values["aws_default_region"],
		env("AWS_DEFAULT_REGION"), prof.region, loc.Region, "us-east-1")
	if err := s.resolveCreds(o, env, prof); err != nil {
		return nil, err
	}
	if loc.Direct {
		s.url = loc.URL.String()
		return s, nil
	}
	endpoint := firstNonEmpty(o.values["aws_endpoint_url_s3"], o.values["aws_endpoint"],
		env("AWS_ENDPOINT_URL_S3"), env("AWS_ENDPOINT_URL"), prof.endpoint)
	s.envURL = endpoint != "" && o.values["aws_endpoint_url_s3"] == "" && o.values["aws_endpoint"] == ""
	bucket := firstNonEmpty(loc.Bucket, o.values["aws_bucket"])
	key := s3EscapePath(loc.Key)
	virtual := o.boolean("aws_virtual_hosted_style_request", false)
	switch {
	case endpoint != "" && virtual:
		s.url = strings.TrimRight(endpoint, "/") + "/" + key
	case endpoint != "":
		s.url = strings.TrimRight(endpoint, "/") + "/" + s3EscapePath(bucket) + "/" + key
	case virtual:
		s.url = "https://" + bucket + ".s3." + s.region + ".amazonaws.com/" + key
	default:
		s.url = "https://s3." + s.region + ".amazonaws.com/" + s3EscapePath(bucket) + "/" + key
	}
	if _, err := url.Parse(s.url); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *s3Signer) resolveCreds(o *Options, env getenvFunc, prof awsProfile) error {
	id, secret := o.values["aws_access_key_id"], o.values["aws_secret_access_key"]
	if (id == "") != (secret == "") {
		return remoteText("aws_access_key_id and aws_secret_access_key must be given together")
	}
	switch {
	case o.boolean("aws_skip_signature", false):
		s.anonymous = true
		return nil
	case id != "":
		s.creds = credentials.Credentials{AccessKeyID: id, SecretAccessKey: secret, SessionToken: o.values["aws_session_token"]}
	case env("AWS_ACCESS_KEY_ID") != "" && env("AWS_SECRET_ACCESS_KEY") != "":
		s.creds = credentials.Credentials{AccessKeyID: env("AWS_ACCESS_KEY_ID"),
			SecretAccessKey: env("AWS_SECRET_ACCESS_KEY"), SessionToken: env("AWS_SESSION_TOKEN")}
	case prof.keyID != "" && prof.secret != "":
		s.creds = credentials.Credentials{AccessKeyID: prof.keyID, SecretAccessKey: prof.secret, SessionToken: prof.token}
	default:
		s.anonymous = true
	}
	return nil
}

func (s *s3Signer) objectURL() string { return s.url }
func (s *s3Signer) pin(version)       {}

// sign adds the SSE-C and requester-pays headers, then the SigV4 signature.
func (s *s3Signer) sign(req *http.Request) error {
	if s.sseKey != "" {
		raw, err := base64.StdEncoding.DecodeString(s.sseKey)
		if err != nil {
			return remoteErr(err, "aws_sse_customer_key_base64 is not base64")
		}
		sum := md5.Sum(raw)
		req.Header.Set("X-Amz-Server-Side-Encryption-Customer-Algorithm", "AES256")
		req.Header.Set("X-Amz-Server-Side-Encryption-Customer-Key", s.sseKey)
		req.Header.Set("X-Amz-Server-Side-Encryption-Customer-Key-Md5", base64.StdEncoding.EncodeToString(sum[:]))
	}
	if s.payer {
		req.Header.Set("X-Amz-Request-Payer", "requester")
	}
	if s.anonymous {
		return nil
	}
	return s.signer.SignRequest(&sigv4.SignRequestInput{
		Request: req, PayloadHash: emptySHA256[:], Credentials: s.creds,
		Service: "s3", Region: s.region,
	})
}

// s3EscapePath percent-encodes each path segment as SigV4 wants: every
// byte except A-Z a-z 0-9 - . _ ~ (and the separating slashes).
func s3EscapePath(p string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c == '/' || c == '-' || c == '.' || c == '_' || c == '~' ||
			('A' <= c && c <= 'Z') || ('a' <= c && c <= 'z') || ('0' <= c && c <= '9') {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
