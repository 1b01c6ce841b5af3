package remote

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Azurite's well-known development account.
const (
	azuriteAccount = "devstoreaccount1"
	azuriteKey     = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
	azureVersion   = "2021-08-06"
)

// azureSigner addresses one blob and authenticates with Shared Key, a SAS
// token (appended to the query), a bearer token, or nothing.
type azureSigner struct {
	url     string // without SAS
	sas     string
	account string
	key     []byte // Shared Key (decoded)
	bearer  string
	// envURL: Azurite (use_emulator) or an endpoint from the environment
	// (AZURE_STORAGE_ENDPOINT, AZURE_STORAGE_CONNECTION_STRING): plain
	// http allowed.
	envURL bool
}

func (s *azureSigner) endpointFromEnv() bool { return s.envURL }

// newAzureSigner resolves account, endpoint and credentials: options
// first, then AZURE_STORAGE_ACCOUNT_NAME / AZURE_STORAGE_ACCOUNT,
// AZURE_STORAGE_ACCOUNT_KEY / AZURE_STORAGE_KEY, AZURE_STORAGE_SAS_TOKEN,
// AZURE_STORAGE_ENDPOINT and AZURE_STORAGE_CONNECTION_STRING. With
// use_emulator the account defaults to Azurite's devstoreaccount1, its key
// and endpoint (AZURITE_BLOB_STORAGE_URL or http://127.0.0.1:10000).
func newAzureSigner(loc *Location, o *Options, env getenvFunc) (*azureSigner, error) {
	cs := parseConnString(env("AZURE_STORAGE_CONNECTION_STRING"))
	emu := o.boolean("azure_storage_use_emulator", false)
	s := &azureSigner{
		account: firstNonEmpty(o.values["azure_storage_account_name"], loc.Account, env("AZURE_STORAGE_ACCOUNT_NAME"), env("AZURE_STORAGE_ACCOUNT"), cs["accountname"]),
		sas:     strings.TrimPrefix(firstNonEmpty(o.values["azure_storage_sas_key"], env("AZURE_STORAGE_SAS_TOKEN"), cs["sharedaccesssignature"]), "?"),
		bearer:  o.values["azure_storage_token"],
	}
	key := firstNonEmpty(o.values["azure_storage_account_key"], env("AZURE_STORAGE_ACCOUNT_KEY"), env("AZURE_STORAGE_KEY"), cs["accountkey"])
	endpoint := firstNonEmpty(o.values["azure_storage_endpoint"], env("AZURE_STORAGE_ENDPOINT"), cs["blobendpoint"])
	s.envURL = emu || (o.values["azure_storage_endpoint"] == "" && endpoint != "")
	if emu {
		s.account = firstNonEmpty(s.account, azuriteAccount)
		key = firstNonEmpty(key, azuriteKey)
		if endpoint == "" {
			endpoint = strings.TrimRight(firstNonEmpty(env("AZURITE_BLOB_STORAGE_URL"), "http://127.0.0.1:10000"), "/") + "/" + s.account
		}
	}
	if s.account == "" && endpoint == "" && !loc.Direct {
		return nil, remoteText("Azure account name missing (azure_storage_account_name or AZURE_STORAGE_ACCOUNT_NAME)")
	}
	if key != "" && !o.boolean("azure_skip_signature", false) {
		k, err := base64.StdEncoding.DecodeString(key)
		if err != nil {
			return nil, remoteErr(err, "Azure account key is not base64")
		}
		s.key = k
	}
	if o.boolean("azure_skip_signature", false) {
		s.key, s.sas, s.bearer = nil, "", ""
	}
	container := firstNonEmpty(loc.Bucket, o.values["azure_container_name"])
	switch {
	case loc.Direct:
		u := *loc.URL
		u.Host = strings.Replace(u.Host, ".dfs.", ".blob.", 1)
		if loc.Presigned {
			s.key, s.bearer, s.sas = nil, "", ""
		}
		s.url = u.String()
	case endpoint != "":
		s.url = strings.TrimRight(endpoint, "/") + "/" + s3EscapePath(container) + "/" + s3EscapePath(loc.Key)
	default:
		s.url = "https://" + s.account + ".blob.core.windows.net/" + s3EscapePath(container) + "/" + s3EscapePath(loc.Key)
	}
	if _, err := url.Parse(s.url); err != nil {
		return nil, err
	}
	return s, nil
}

// parseConnString splits "Key=Value;…" into lower-cased keys.
func parseConnString(cs string) map[string]string {
	out := map[string]string{}
	for _, part := range strings.Split(cs, ";") {
		if k, v, ok := strings.Cut(part, "="); ok {
			out[strings.ToLower(strings.TrimSpace(k))] = strings.TrimSpace(v)
		}
	}
	return out
}

func (s *azureSigner) objectURL() string {
	if s.sas == "" {
		return s.url
	}
	if strings.Contains(s.url, "?") {
		return s.url + "&" + s.sas
	}
	return s.url + "?" + s.sas
}

func (s *azureSigner) pin(version) {}

// sign adds x-ms-date / x-ms-version and, with an account key, the Shared
// Key authorization; with a bearer token, the Authorization header.
func (s *azureSigner) sign(req *http.Request) error {
	req.Header.Set("X-Ms-Date", time.Now().UTC().Format(http.TimeFormat))
	req.Header.Set("X-Ms-Version", azureVersion)
	switch {
	case s.sas != "":
	case s.key != nil:
		mac := hmac.New(sha256.New, s.key)
		mac.Write([]byte(s.stringToSign(req)))
		req.Header.Set("Authorization", "SharedKey "+s.account+":"+base64.StdEncoding.EncodeToString(mac.Sum(nil)))
	case s.bearer != "":
		req.Header.Set("Authorization", "Bearer "+s.bearer)
	}
	return nil
}

// stringToSign is the Shared Key string for blob service version
// 2009-09-19 and later.
func (s *azureSigner) stringToSign(req *http.Request) string {
	h := req.Header
	length := ""
	if req.ContentLength > 0 {
		length = strconv.FormatInt(req.ContentLength, 10)
	}
	parts := []string{req.Method, h.Get("Content-Encoding"), h.Get("Content-Language"), length,
		h.Get("Content-Md5"), h.Get("Content-Type"), "", h.Get("If-Modified-Since"), h.Get("If-Match"),
		h.Get("If-None-Match"), h.Get("If-Unmodified-Since"), h.Get("Range")}
	var ms []string
	for k, v := range h {
		if lk := strings.ToLower(k); strings.HasPrefix(lk, "x-ms-") {
			ms = append(ms, lk+":"+strings.TrimSpace(strings.Join(v, ",")))
		}
	}
	sort.Strings(ms)
	res := "/" + s.account + req.URL.EscapedPath()
	q := req.URL.Query()
	names := make([]string, 0, len(q))
	for k := range q {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		vals := append([]string(nil), q[k]...)
		sort.Strings(vals)
		res += "\n" + strings.ToLower(k) + ":" + strings.Join(vals, ",")
	}
	return strings.Join(parts, "\n") + "\n" + strings.Join(ms, "\n") + "\n" + res
}

func decodeB64(s string) ([]byte, error) { return base64.StdEncoding.DecodeString(s) }
