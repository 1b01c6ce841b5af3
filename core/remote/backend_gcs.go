package remote

import (
	"context"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
)

// gcsSigner addresses one GCS object through the XML API
// (<base>/<bucket>/<key>) and adds an OAuth2 bearer token when credentials
// are configured.
type gcsSigner struct {
	base, path string
	generation string
	tokens     tokenSource // nil: anonymous
	envURL     bool        // base URL from STORAGE_EMULATOR_HOST: plain http allowed
}

func (s *gcsSigner) endpointFromEnv() bool { return s.envURL }

// newGCSSigner resolves the base URL (google_base_url, else
// STORAGE_EMULATOR_HOST, else https://storage.googleapis.com) and the
// credentials: google_bearer_token; a service-account key (JSON given
// inline or as a path); an application-credentials file (option, else
// GOOGLE_APPLICATION_CREDENTIALS, else gcloud's well-known file); else
// anonymous. google_skip_signature forces anonymous access.
func newGCSSigner(ctx context.Context, loc *Location, o *Options, env getenvFunc, client *http.Client) (*gcsSigner, error) {
	base, envURL := o.values["google_base_url"], false
	if base == "" {
		if h := env("STORAGE_EMULATOR_HOST"); h != "" {
			if !strings.Contains(h, "://") {
				h = "http://" + h
			}
			base, envURL = h, true
		}
	}
	if base == "" {
		base = "https://storage.googleapis.com"
	}
	bucket := firstNonEmpty(loc.Bucket, o.values["google_bucket"])
	s := &gcsSigner{envURL: envURL, base: strings.TrimRight(base, "/"), path: "/" + s3EscapePath(bucket) + "/" + s3EscapePath(loc.Key)}
	if _, err := url.Parse(s.base + s.path); err != nil {
		return nil, err
	}
	if o.boolean("google_skip_signature", false) {
		return s, nil
	}
	if tok := o.values["google_bearer_token"]; tok != "" {
		s.tokens = staticToken(tok)
		return s, nil
	}
	key, path := o.values["google_service_account_key"], o.values["google_service_account"]
	if key != "" && path != "" {
		return nil, remoteText("google_service_account and google_service_account_key are mutually exclusive")
	}
	var err error
	switch {
	case key != "":
		s.tokens, err = tokenSourceFromJSON([]byte(key), client)
	case path != "":
		s.tokens, err = tokenSourceFromFile(path, client)
	default:
		p := firstNonEmpty(o.values["google_application_credentials"], env("GOOGLE_APPLICATION_CREDENTIALS"))
		if p == "" {
			wk := filepath.Join(homeDir(env), ".config", "gcloud", "application_default_credentials.json")
			if fileExists(wk) {
				p = wk
			}
		}
		if p != "" {
			s.tokens, err = tokenSourceFromFile(p, client)
		}
	}
	return s, err
}

func (s *gcsSigner) objectURL() string {
	if s.generation != "" {
		return s.base + s.path + "?generation=" + url.QueryEscape(s.generation)
	}
	return s.base + s.path
}

// pin selects the generation seen at open in every later request.
func (s *gcsSigner) pin(v version) { s.generation = v.generation }

func (s *gcsSigner) sign(req *http.Request) error {
	if s.tokens == nil {
		return nil
	}
	tok, err := s.tokens.token(req.Context())
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	return nil
}
