package main

import (
	"strings"
	"testing"

	"github.com/tensogram-go/tensogram-go/core"
)

// With several conflicting extra keys, --strategy error names the first in
// sorted order on every run (upstream's CLI names "alpha" for these keys),
// not whichever Go's map iteration meets first.
func TestMergeErrorNamesFirstConflictInSortedOrder(t *testing.T) {
	later := map[string]any{}
	for _, k := range []string{"zeta", "mid", "alpha", "k1", "k2", "k3", "k4", "k5"} {
		later[k] = uint64(2)
	}
	for range 20 {
		meta := &core.GlobalMetadata{Extra: map[string]any{}}
		for k := range later {
			meta.Extra[k] = uint64(1)
		}
		err := mergeExtra(meta, later, "error")
		if err == nil || !strings.Contains(err.Error(), "key 'alpha'") {
			t.Fatalf("mergeExtra: %v, want the conflict on 'alpha'", err)
		}
	}
}
