package core

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"

	"github.com/tensogram-go/tensogram-go/internal/testutil"
)

// Mutated goldens/vectors with upstream's outcomes (tools/gen_core_vectors.py
// --mutations): decode class, verified-decode class and validator codes per
// mode must match upstream's.
type mutationCase struct {
	Base     string                     `json:"base"`
	Edits    [][2]int                   `json:"edits"`
	Truncate int                        `json:"truncate"`
	Decode   string                     `json:"decode"`
	Verify   string                     `json:"verify"`
	Validate map[string]json.RawMessage `json:"validate"`
	Timeout  bool                       `json:"timeout"`
}

func outcome(err error) string {
	if err == nil {
		return "ok"
	}
	var hm *HashMismatchError
	var mh *MissingHashError
	switch {
	case errors.As(err, &hm):
		return fmt.Sprintf("HashMismatchError:%d", hm.ObjectIndex)
	case errors.As(err, &mh):
		return fmt.Sprintf("MissingHashError:%d", mh.ObjectIndex)
	}
	return KindOf(err).String()
}

// issueCodes returns the distinct issue codes of r, sorted (empty, not
// nil, for a clean report), the form upstream's validate results are
// compared in.
func issueCodes(r *Report) []string {
	codes := []string{}
	seen := map[string]bool{}
	for _, is := range r.Issues {
		if !seen[is.Code] {
			seen[is.Code] = true
			codes = append(codes, is.Code)
		}
	}
	sort.Strings(codes)
	return codes
}

func TestDifferentialMutations(t *testing.T) {
	path := filepath.Join("testdata", "vectors", "mutations.json")
	if p := os.Getenv("TENSOGRAM_MUTATIONS"); p != "" {
		path = p // a larger locally generated set
	}
	var cases []mutationCase
	testutil.ReadJSON(t, path, &cases)
	modes := map[string]ValidateOptions{"quick": {Mode: ModeQuick}, "default": {Mode: ModeDefault},
		"checksum": {Mode: ModeChecksum}, "full": {Mode: ModeFull}, "canonical": {Mode: ModeQuick, Canonical: true}}
	mismatches := 0
	for i, c := range cases {
		b := testutil.ReadFile(t, "testdata", c.Base)
		for _, e := range c.Edits {
			b[e[0]] = byte(e[1])
		}
		b = b[:c.Truncate]
		_, derr := Decode(b, nil)
		_, verr := Decode(b, &DecodeOptions{VerifyHash: true})
		if c.Timeout {
			// Upstream 0.24 loops forever here (verify walk over a frame
			// with total_length 0); we must fail cleanly instead.
			if verr == nil {
				t.Errorf("case %d: verified decode accepted a message upstream hangs on", i)
			}
			continue
		}
		if got := outcome(derr); got != c.Decode {
			t.Errorf("case %d (%s %v trunc %d): decode %s (%v), upstream %s", i, c.Base, c.Edits, c.Truncate, got, derr, c.Decode)
			mismatches++
		}
		if got := outcome(verr); got != c.Verify {
			t.Errorf("case %d (%s %v trunc %d): verify %s (%v), upstream %s", i, c.Base, c.Edits, c.Truncate, got, verr, c.Verify)
			mismatches++
		}
		for name, mode := range modes {
			if c.Validate[name] == nil {
				continue // sets generated before the canonical mode was recorded
			}
			var want []string
			json.Unmarshal(c.Validate[name], &want)
			var wantHV bool
			json.Unmarshal(c.Validate[name+"_hash_verified"], &wantHV)
			r := ValidateMessage(b, &mode)
			got := issueCodes(r)
			if want == nil {
				want = []string{}
			}
			if !reflect.DeepEqual(got, want) || r.HashVerified != wantHV {
				t.Errorf("case %d (%s %v trunc %d) %s: codes %v hv=%v, upstream %v hv=%v", i, c.Base, c.Edits, c.Truncate, name, got, r.HashVerified, want, wantHV)
				mismatches++
			}
		}
	}
	if mismatches > 0 {
		t.Logf("%d mismatches", mismatches)
	}
}
