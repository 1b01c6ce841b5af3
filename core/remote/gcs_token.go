package remote

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"
)

// tokenSource yields OAuth2 access tokens.
type tokenSource interface {
	token(ctx context.Context) (string, error)
}

type staticToken string

func (t staticToken) token(context.Context) (string, error) { return string(t), nil }

const gcsScope = "https://www.googleapis.com/auth/devstorage.read_only"

// gcsCredentials is the subset of a Google credentials file we use: a
// service-account key or an authorized-user (gcloud ADC) file.
type gcsCredentials struct {
	Type         string `json:"type"`
	ClientEmail  string `json:"client_email"`
	PrivateKey   string `json:"private_key"`
	PrivateKeyID string `json:"private_key_id"`
	TokenURI     string `json:"token_uri"`
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
	RefreshToken string `json:"refresh_token"`
}

// oauthSource exchanges a signed JWT (service account) or a refresh token
// (authorized user) for access tokens, cached until a minute before expiry.
type oauthSource struct {
	creds  gcsCredentials
	key    *rsa.PrivateKey
	client *http.Client

	mu      sync.Mutex
	tok     string
	expires time.Time
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func tokenSourceFromFile(path string, client *http.Client) (tokenSource, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, remoteErr(err, "cannot read Google credentials")
	}
	return tokenSourceFromJSON(b, client)
}

func tokenSourceFromJSON(b []byte, client *http.Client) (tokenSource, error) {
	var c gcsCredentials
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, remoteErr(err, "invalid Google credentials JSON")
	}
	s := &oauthSource{creds: c, client: client}
	switch c.Type {
	case "service_account":
		blk, _ := pem.Decode([]byte(c.PrivateKey))
		if blk == nil {
			return nil, remoteText("Google service-account key: private_key is not PEM")
		}
		k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
		if err != nil {
			if k, err = x509.ParsePKCS1PrivateKey(blk.Bytes); err != nil {
				return nil, remoteErr(err, "Google service-account key: private_key")
			}
		}
		rk, ok := k.(*rsa.PrivateKey)
		if !ok {
			return nil, remoteText("Google service-account key: private_key is not RSA")
		}
		s.key = rk
	case "authorized_user":
		if c.RefreshToken == "" {
			return nil, remoteText("Google authorized-user credentials: refresh_token missing")
		}
	default:
		return nil, remoteText("Google credentials of type %q are not supported (service_account, authorized_user)", c.Type)
	}
	if c.TokenURI == "" {
		s.creds.TokenURI = "https://oauth2.googleapis.com/token"
	}
	return s, nil
}

func (s *oauthSource) token(ctx context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tok != "" && time.Until(s.expires) > time.Minute {
		return s.tok, nil
	}
	form := url.Values{}
	if s.key != nil {
		jwt, err := s.assertion(time.Now())
		if err != nil {
			return "", err
		}
		form.Set("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer")
		form.Set("assertion", jwt)
	} else {
		form.Set("grant_type", "refresh_token")
		form.Set("client_id", s.creds.ClientID)
		form.Set("client_secret", s.creds.ClientSecret)
		form.Set("refresh_token", s.creds.RefreshToken)
	}
	return s.exchange(ctx, form)
}

// exchange posts the token request and caches the answer.
func (s *oauthSource) exchange(ctx context.Context, form url.Values) (string, error) {
	req, err := http.NewRequestWithContext(ctx, "POST", s.creds.TokenURI, strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := s.client.Do(req)
	if err != nil {
		return "", remoteErr(err, "OAuth2 token request")
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	if resp.StatusCode != 200 {
		return "", remoteText("OAuth2 token request: server returned %d: %s", resp.StatusCode, strings.TrimSpace(string(body)))
	}
	var ans struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int64  `json:"expires_in"`
	}
	if err := json.Unmarshal(body, &ans); err != nil || ans.AccessToken == "" {
		return "", remoteText("OAuth2 token request: no access_token in answer")
	}
	s.tok = ans.AccessToken
	s.expires = time.Now().Add(time.Duration(ans.ExpiresIn) * time.Second)
	return s.tok, nil
}

// assertion builds the RS256-signed JWT of the service-account flow.
func (s *oauthSource) assertion(now time.Time) (string, error) {
	enc := base64.RawURLEncoding
	hdr, _ := json.Marshal(map[string]string{"alg": "RS256", "typ": "JWT", "kid": s.creds.PrivateKeyID})
	claims, _ := json.Marshal(map[string]any{
		"iss": s.creds.ClientEmail, "scope": gcsScope, "aud": s.creds.TokenURI,
		"iat": now.Unix(), "exp": now.Add(time.Hour).Unix(),
	})
	msg := enc.EncodeToString(hdr) + "." + enc.EncodeToString(claims)
	sum := sha256.Sum256([]byte(msg))
	sig, err := rsa.SignPKCS1v15(rand.Reader, s.key, crypto.SHA256, sum[:])
	if err != nil {
		return "", fmt.Errorf("signing JWT: %w", err)
	}
	return msg + "." + enc.EncodeToString(sig), nil
}
