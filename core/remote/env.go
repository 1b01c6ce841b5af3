package remote

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
)

// firstNonEmpty returns the first non-empty string.
func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

// homeDir returns $HOME (or the OS's idea of it).
func homeDir(env getenvFunc) string {
	if h := env("HOME"); h != "" {
		return h
	}
	h, _ := os.UserHomeDir()
	return h
}

// iniSection reads the key = value pairs of section name from an INI file
// (AWS credentials/config format); a missing file or section gives nil.
func iniSection(path, name string) map[string]string {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	var out map[string]string
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		if line[0] == '[' && strings.HasSuffix(line, "]") {
			in = strings.TrimSpace(line[1:len(line)-1]) == name
			if in && out == nil {
				out = map[string]string{}
			}
			continue
		}
		if !in {
			continue
		}
		if k, v, ok := strings.Cut(line, "="); ok {
			out[strings.ToLower(strings.TrimSpace(k))] = strings.TrimSpace(v)
		}
	}
	return out
}

// awsProfile is what the shared AWS files say about one profile.
type awsProfile struct {
	keyID, secret, token, region, endpoint string
}

// loadAWSProfile reads profile name from the credentials file
// (AWS_SHARED_CREDENTIALS_FILE, default ~/.aws/credentials) and the config
// file (AWS_CONFIG_FILE, default ~/.aws/config; section "profile NAME", or
// "default"); the credentials file wins for keys.
func loadAWSProfile(env getenvFunc, name string) awsProfile {
	home := homeDir(env)
	credPath := firstNonEmpty(env("AWS_SHARED_CREDENTIALS_FILE"), filepath.Join(home, ".aws", "credentials"))
	confPath := firstNonEmpty(env("AWS_CONFIG_FILE"), filepath.Join(home, ".aws", "config"))
	section := "profile " + name
	if name == "default" {
		section = "default"
	}
	cred := iniSection(credPath, name)
	conf := iniSection(confPath, section)
	return awsProfile{
		keyID:    firstNonEmpty(cred["aws_access_key_id"], conf["aws_access_key_id"]),
		secret:   firstNonEmpty(cred["aws_secret_access_key"], conf["aws_secret_access_key"]),
		token:    firstNonEmpty(cred["aws_session_token"], conf["aws_session_token"]),
		region:   conf["region"],
		endpoint: conf["endpoint_url"],
	}
}
